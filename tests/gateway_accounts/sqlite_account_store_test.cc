// The store conformance suite on the SQLite adapter, plus what only SQLite
// has: the migration bookkeeping, the file's journal and the unique index.
#include "gateway/accounts/sqlite/sqlite_account_store.h"

#include <sqlite3.h>

#include "account_store_conformance.h"
#include "gateway/accounts/account_service.h"
#include "support/process.h"

namespace parfumerie::gateway::accounts::testing {
namespace {

class SqliteEnvironment : public AccountStoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<AccountStore>> Open() override {
    return OpenSqliteAccountStore(File());
  }
  std::string File() const { return dir_.path() + "/" + kGatewayDatabaseFile; }

 private:
  parfumerie::testing::TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, AccountStoreConformance,
                         ::testing::Values(AccountStoreFactory{
                             "sqlite", [] { return std::make_unique<SqliteEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<AccountStoreFactory>& info) {
                           return info.param.name;
                         });

std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::string v;
  if (sqlite3_step(stmt) == SQLITE_ROW)
    v = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

TEST(SqliteAccountStoreTest, FileIsWalAtTheCurrentSchemaVersionWithAUniqueEmailIndex) {
  SqliteEnvironment env;
  {
    auto store = env.Open();
    ASSERT_TRUE(store.ok()) << store.status();
  }
  EXPECT_EQ(QueryText(env.File(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(env.File(), "PRAGMA user_version"),
            std::to_string(kSqliteAccountSchemaVersion));
  EXPECT_EQ(
      QueryText(
          env.File(),
          "SELECT \"unique\" FROM pragma_index_list('comptes') WHERE name = 'comptes_by_email'"),
      "1");
  ASSERT_TRUE(env.Open().ok());  // reopening applies nothing twice
  EXPECT_EQ(QueryText(env.File(), "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(kSqliteAccountSchemaVersion));
}

TEST(SqliteAccountStoreTest, MissingDirectoryIsUnavailable) {
  auto store = OpenSqliteAccountStore("/nonexistent-dir/gateway.db");
  EXPECT_TRUE(absl::IsUnavailable(store.status())) << store.status();
}

// The service as the gateway wires it: real file, argon2id, tokens.
TEST(SqliteAccountServiceTest, SignUpSignInAndInitialAdminOverTheFile) {
  SqliteEnvironment env;
  auto hasher = MakeArgon2idHasher(Argon2Limits::Fastest());
  ASSERT_TRUE(hasher.ok()) << hasher.status();
  auto make_service = [&](AccountStore& store) {
    TokenOptions o;
    o.secret = "an integration test secret, 32+ bytes";
    return AccountService(store, **hasher, *TokenCodec::Create(std::move(o)));
  };
  {
    auto store = env.Open();
    ASSERT_TRUE(store.ok()) << store.status();
    AccountService service = make_service(**store);
    ASSERT_EQ(*service.EnsureAdmin("admin@parfumerie.fr", "mot-de-passe-admin"),
              AdminSetup::kCreated);
    auto up = service.SignUp("Camille@Exemple.fr", "jasmin-sambac", "Camille");
    ASSERT_TRUE(up.ok()) << up.status();
    EXPECT_TRUE(
        absl::IsAlreadyExists(service.SignUp("camille@exemple.fr", "jasmin-sambac", "C").status()));
  }
  auto store = env.Open();  // as after a restart
  ASSERT_TRUE(store.ok()) << store.status();
  AccountService service = make_service(**store);
  EXPECT_EQ(*service.EnsureAdmin("admin@parfumerie.fr", "mot-de-passe-admin"),
            AdminSetup::kUnchanged);
  EXPECT_EQ(*service.EnsureAdmin("admin@parfumerie.fr", "nouveau-mot-de-passe"),
            AdminSetup::kUpdated);
  auto admin = service.SignIn("admin@parfumerie.fr", "nouveau-mot-de-passe");
  ASSERT_TRUE(admin.ok()) << admin.status();
  EXPECT_EQ(service.Authenticate(admin->token)->role, Role::kAdmin);
  auto in = service.SignIn("camille@exemple.fr", "jasmin-sambac");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(service.Authenticate(in->token)->role, Role::kClient);
  EXPECT_TRUE(
      absl::IsUnauthenticated(service.SignIn("camille@exemple.fr", "mauvais-mot").status()));
}

}  // namespace
}  // namespace parfumerie::gateway::accounts::testing

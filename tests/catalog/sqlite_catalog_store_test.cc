// The store conformance suite on the SQLite adapter, plus what only SQLite
// has: the migration bookkeeping and the file's journal settings.
#include "catalog/sqlite/sqlite_catalog_store.h"

#include <sqlite3.h>

#include "catalog_store_conformance.h"
#include "temp_dir.h"

namespace parfumerie::catalog::testing {
namespace {

class SqliteEnvironment : public StoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<CatalogStore>> Open() override {
    return OpenSqliteCatalogStore(dir_.File("catalog.db"));
  }

 private:
  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogStoreConformance,
                         ::testing::Values(StoreFactory{"sqlite", [] { return std::make_unique<SqliteEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

// Runs `sql` on the file with a connection of the test's own.
int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  int64_t v = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::string v;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

TEST(SqliteCatalogStore, MigrationsAreAppliedOnceAcrossReopens) {
  TempDir dir;
  const std::string path = dir.File("catalog.db");
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(path);
    ASSERT_TRUE(store.ok()) << store.status();
  }
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), kSqliteCatalogSchemaVersion);
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM schema_migrations"), kSqliteCatalogSchemaVersion);
  EXPECT_EQ(QueryInt(path, "SELECT MAX(version) FROM schema_migrations"), kSqliteCatalogSchemaVersion);
}

TEST(SqliteCatalogStore, UsesWalJournal) {
  TempDir dir;
  const std::string path = dir.File("catalog.db");
  ASSERT_TRUE(OpenSqliteCatalogStore(path).ok());
  EXPECT_EQ(QueryText(path, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteCatalogStore, RefusesASchemaNewerThanItKnows) {
  TempDir dir;
  const std::string path = dir.File("catalog.db");
  ASSERT_TRUE(OpenSqliteCatalogStore(path).ok());
  QueryInt(path, "PRAGMA user_version = 99");
  absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(path);
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(SqliteCatalogStore, UnopenablePathIsUnavailable) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(dir.File("missing/dir/catalog.db"));
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
}

TEST(SqliteCatalogStore, TwoStoresOnOneFileSeeEachOthersWrites) {
  TempDir dir;
  const std::string path = dir.File("catalog.db");
  absl::StatusOr<std::unique_ptr<CatalogStore>> a = OpenSqliteCatalogStore(path);
  absl::StatusOr<std::unique_ptr<CatalogStore>> b = OpenSqliteCatalogStore(path);
  ASSERT_TRUE(a.ok() && b.ok());
  Parfum p;
  p.id = "prf_shared";
  p.nom = "Partagé";
  p.marque = "M";
  p.image = "/x.svg";
  p.contenance_ml = 50;
  p.prix_cents = 100;
  p.stock = 1;
  ASSERT_TRUE((*a)->Insert(p).ok());
  ASSERT_TRUE((*b)->AdjustStock("prf_shared", -1, std::nullopt, p.created_at).ok());
  EXPECT_EQ((*a)->AdjustStock("prf_shared", -1, std::nullopt, p.created_at).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(SqliteCatalogStore, ReadsProceedWhileAnotherWriterHoldsTheLock) {
  TempDir dir;
  const std::string path = dir.File("catalog.db");
  SqliteCatalogStoreOptions options;
  options.busy_timeout = std::chrono::milliseconds(100);
  absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(path, options);
  ASSERT_TRUE(store.ok());
  Parfum p;
  p.id = "prf_locked";
  p.nom = "Verrou";
  p.marque = "M";
  p.image = "/x.svg";
  p.contenance_ml = 50;
  p.prix_cents = 100;
  p.stock = 5;
  ASSERT_TRUE((*store)->Insert(p).ok());

  // Another process is in the middle of a write transaction.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &other, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; UPDATE parfums SET nom = 'pas encore' WHERE id = 'prf_locked'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);

  absl::StatusOr<Parfum> read = (*store)->Get("prf_locked");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->nom, "Verrou") << "readers see the last committed state";
  EXPECT_TRUE((*store)->List(ListQuery{}).ok());
  absl::StatusOr<Parfum> write = (*store)->AdjustStock("prf_locked", -1, std::nullopt, p.created_at);
  EXPECT_EQ(write.status().code(), absl::StatusCode::kUnavailable) << write.status();

  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_EQ((*store)->AdjustStock("prf_locked", -1, std::nullopt, p.created_at)->stock, 4)
      << "the store recovers once the lock is released";
}

}  // namespace
}  // namespace parfumerie::catalog::testing

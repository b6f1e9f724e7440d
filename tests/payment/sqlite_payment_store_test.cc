// The store conformance suite on the SQLite adapter, plus what only SQLite
// has: the migration bookkeeping and the file's journal settings.
#include "payment/sqlite/sqlite_payment_store.h"

#include <sqlite3.h>

#include "payment_store_conformance.h"
#include "support/process.h"

namespace parfumerie::payment::testing {
namespace {

class SqliteEnvironment : public PaymentStoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<PaymentStore>> Open() override { return OpenSqlitePaymentStore(File()); }
  std::string File() const { return dir_.path() + "/payment.db"; }

 private:
  parfumerie::testing::TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(
    Sqlite, PaymentStoreConformance,
    ::testing::Values(PaymentStoreFactory{"sqlite", [] { return std::make_unique<SqliteEnvironment>(); }}),
    [](const ::testing::TestParamInfo<PaymentStoreFactory>& info) { return info.param.name; });

std::string QueryText(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::string v;
  if (sqlite3_step(stmt) == SQLITE_ROW) v = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return v;
}

TEST(SqlitePaymentStoreTest, FileIsWalAtTheCurrentSchemaVersion) {
  SqliteEnvironment env;
  {
    auto store = env.Open();
    ASSERT_TRUE(store.ok()) << store.status();
  }
  EXPECT_EQ(QueryText(env.File(), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(env.File(), "PRAGMA user_version"), std::to_string(kSqlitePaymentSchemaVersion));
  // Reopening applies nothing twice.
  ASSERT_TRUE(env.Open().ok());
  EXPECT_EQ(QueryText(env.File(), "SELECT COUNT(*) FROM schema_migrations"),
            std::to_string(kSqlitePaymentSchemaVersion));
}

TEST(SqlitePaymentStoreTest, MissingDirectoryIsUnavailable) {
  auto store = OpenSqlitePaymentStore("/nonexistent-dir/payment.db");
  EXPECT_TRUE(absl::IsUnavailable(store.status())) << store.status();
}

}  // namespace
}  // namespace parfumerie::payment::testing

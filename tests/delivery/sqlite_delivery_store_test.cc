// The store conformance suite on the SQLite adapter, plus what only SQLite
// has: the schema version and the journal settings of the file.
#include "delivery/sqlite/sqlite_delivery_store.h"

#include <sqlite3.h>

#include "delivery_store_conformance.h"
#include "support/process.h"

namespace parfumerie::delivery::testing {
namespace {

class SqliteEnvironment : public StoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<DeliveryStore>> Open() override { return OpenSqliteDeliveryStore(File()); }
  std::string File() const { return dir_.path() + "/delivery.db"; }

 private:
  ::parfumerie::testing::TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, DeliveryStoreConformance,
                         ::testing::Values(StoreFactory{"sqlite", [] { return std::make_unique<SqliteEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

int64_t Pragma(const std::string& file, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
  int64_t value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_type(stmt, 0) == SQLITE_TEXT
                ? (std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) == "wal" ? 1 : 0)
                : sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

TEST(SqliteDeliveryStoreTest, OpenMigratesOnceAndUsesWal) {
  SqliteEnvironment env;
  ASSERT_TRUE(env.Open().ok());
  ASSERT_TRUE(env.Open().ok()) << "reopening finds nothing left to migrate";
  EXPECT_EQ(Pragma(env.File(), "PRAGMA user_version"), kSqliteDeliverySchemaVersion);
  EXPECT_EQ(Pragma(env.File(), "PRAGMA journal_mode"), 1);
}

TEST(SqliteDeliveryStoreTest, AMissingDirectoryIsUnavailable) {
  EXPECT_EQ(OpenSqliteDeliveryStore("/nonexistent-dir/x/delivery.db").status().code(),
            absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace parfumerie::delivery::testing

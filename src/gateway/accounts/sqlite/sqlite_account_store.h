// SQLite adapter of the account store port (embedded mode): the gateway's own
// database file, `<data-dir>/gateway.db`, WAL journal, synchronous=FULL, a
// single writer connection and a small pool of reader connections.
// Migrations are applied once each when the store is opened.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gateway/accounts/account_store.h"

namespace parfumerie::gateway::accounts {

inline constexpr int kSqliteAccountSchemaVersion = 1;
// The file name under the data directory.
inline constexpr char kGatewayDatabaseFile[] = "gateway.db";

struct SqliteAccountStoreOptions {
  std::chrono::milliseconds busy_timeout{5000};
  int max_idle_readers = 4;
};

// Opens (creating if needed) the account database at `path` and brings its
// schema up to date. The directory must exist. UNAVAILABLE when the file
// cannot be opened; FAILED_PRECONDITION when its schema is newer than this
// build knows.
absl::StatusOr<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(
    const std::string& path, const SqliteAccountStoreOptions& options = {});

}  // namespace parfumerie::gateway::accounts

// SQLite adapter of the delivery store port (embedded mode): one database
// file, WAL journal, synchronous=FULL, a single writer connection (BEGIN
// IMMEDIATE, behind a mutex) and a small pool of reader connections so reads
// run concurrently with a write. The outbox and inbox tables of
// sqlite/outbox.h live in the same file, so a change, its event and the inbox
// mark commit in one transaction. Schema migrations run when the store opens.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "delivery/delivery_store.h"

namespace parfumerie::delivery {

// The schema version a store opened by this build has (PRAGMA user_version).
inline constexpr int kSqliteDeliverySchemaVersion = 4;

struct SqliteDeliveryStoreOptions {
  // How long a write waits for another process holding the write lock before
  // failing with UNAVAILABLE.
  std::chrono::milliseconds busy_timeout{5000};
  // Reader connections kept open between reads.
  int max_idle_readers = 4;
};

// Opens (creating if needed) the delivery database at `path` and brings its
// schema up to date. The directory must exist. UNAVAILABLE when the file
// cannot be opened; FAILED_PRECONDITION when its schema is newer than this
// build knows.
absl::StatusOr<std::unique_ptr<DeliveryStore>> OpenSqliteDeliveryStore(
    const std::string& path, const SqliteDeliveryStoreOptions& options = {});

}  // namespace parfumerie::delivery

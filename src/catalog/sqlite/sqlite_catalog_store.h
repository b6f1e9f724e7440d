// SQLite adapter of the catalogue's store port (embedded mode): one database
// file, WAL journal, synchronous=FULL, a single writer connection and a small
// pool of reader connections so reads run concurrently with a write. Schema
// migrations are applied, once each, when the store is opened.
//
// Design notes (archive instead of delete, search folding, durability) are in
// docs/catalog.md.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/catalog_store.h"

namespace parfumerie::catalog {

// The schema version a store opened by this build has (PRAGMA user_version).
inline constexpr int kSqliteCatalogSchemaVersion = 5;

struct SqliteCatalogStoreOptions {
  // How long a write waits for another process holding the write lock before
  // failing with UNAVAILABLE.
  std::chrono::milliseconds busy_timeout{5000};
  // Reader connections kept open between reads; more are opened on demand
  // while many reads run at once.
  int max_idle_readers = 4;
};

// Opens (creating if needed) the catalogue database at `path` and brings its
// schema up to date in one transaction. The directory must exist.
// UNAVAILABLE when the file cannot be opened; FAILED_PRECONDITION when the
// file's schema is newer than this build knows.
absl::StatusOr<std::unique_ptr<CatalogStore>> OpenSqliteCatalogStore(
    const std::string& path, const SqliteCatalogStoreOptions& options = {});

}  // namespace parfumerie::catalog

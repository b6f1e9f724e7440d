// The catalogue's whole SQLite database: perfumes, orders and the outbox of
// order events, in ONE file behind ONE writer connection, so that placing an
// order reserves stock, stores the order and queues its events in a single
// transaction, and the three never compete for SQLite's write lock.
//
// The three objects share the open database; each keeps it alive, so they may
// be destroyed in any order. All are thread-safe and blocking.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "bus/outbox.h"
#include "catalog/catalog_store.h"
#include "catalog/orders/order_store.h"
#include "catalog/sqlite/sqlite_catalog_store.h"

namespace parfumerie::catalog {

struct SqliteCatalogDatabase {
  std::unique_ptr<CatalogStore> catalog;
  std::unique_ptr<OrderStore> orders;
  // What the catalogue's bus::OutboxRelay publishes (topic "commandes").
  std::unique_ptr<bus::OutboxSource> outbox;
};

// Opens (creating if needed) the database at `path` and migrates its schema;
// errors as OpenSqliteCatalogStore.
absl::StatusOr<SqliteCatalogDatabase> OpenSqliteCatalogDatabase(const std::string& path,
                                                                const SqliteCatalogStoreOptions& options = {});

}  // namespace parfumerie::catalog

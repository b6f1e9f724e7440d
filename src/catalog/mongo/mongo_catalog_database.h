// MongoDB adapter of the catalogue (distributed mode), for MongoDB or
// FerretDB 1.x, which has no multi-document transactions. The same three
// faces as the SQLite database (sqlite_catalog_database.h): perfumes
// (collection `parfums`), orders (`commandes`, one document per order with
// its lines, history, unpublished events and inbox marks) and the outbox
// source the relay publishes the order events from.
//
// Placing an order touches several documents (the order and each perfume it
// reserves from). The order document is the one atomic record: it is written
// first in a hidden "reservation" step, every reservation is a guarded
// update that records the order in the perfume, and one update of the order
// commits it with its events. An operation that a crash interrupted is
// finished or rolled back by recovery (at open, then periodically), so stock
// is never lost nor counted twice. The argument is in docs/mongo.md.
//
// The three objects share one connection pool; each keeps it alive, so they
// may be destroyed in any order. All are thread-safe and blocking.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "bus/outbox.h"
#include "catalog/catalog_store.h"
#include "catalog/orders/order_store.h"

namespace parfumerie::catalog {

struct MongoCatalogOptions {
  // Recovery leaves alone an interrupted operation younger than this: a
  // writer in another process may still be finishing it.
  std::chrono::milliseconds recovery_grace{30'000};
  // How often the expirer's periodic call (OverdueOrderIds) also runs
  // recovery. Recovery always runs once when the database is opened.
  std::chrono::milliseconds recovery_interval{10'000};
  // For tests: called with the name of each step of a multi-document write
  // ("place:inserted", "place:reserved:<line>", "place:committed",
  // "release:marked", "release:line:<line>", "release:cleared"). Returning
  // false stops the write right there as a crash would (nothing is undone)
  // and the call returns UNAVAILABLE.
  std::function<bool(std::string_view step)> continue_after;
};

struct MongoCatalogDatabase {
  std::unique_ptr<CatalogStore> catalog;
  std::unique_ptr<OrderStore> orders;
  // What the catalogue's bus::OutboxRelay publishes (topic "commandes").
  std::unique_ptr<bus::OutboxSource> outbox;
};

// Connects to `uri` (mongodb://host:port/[db]), uses database `database` (or
// the URI's, or "parfumerie"), creates the missing indexes and recovers the
// operations a crash interrupted. INVALID_ARGUMENT for a malformed URI;
// UNAVAILABLE when no server answers.
absl::StatusOr<MongoCatalogDatabase> OpenMongoCatalogDatabase(const std::string& uri,
                                                              const std::string& database = "",
                                                              const MongoCatalogOptions& options = {});

}  // namespace parfumerie::catalog

// Private to the SQLite adapter: the catalogue database file as one process
// holds it, shared by the perfume store, the order store and the outbox
// source so that they use ONE writer connection (no SQLITE_BUSY between
// them) and one pool of readers.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bus/outbox.h"
#include "catalog/catalog_store.h"
#include "catalog/orders/order_store.h"
#include "catalog/sqlite/sqlite_catalog_store.h"
#include "sqlite/connection.h"
#include "sqlite/group_commit.h"
#include "sqlite/reader_pool.h"

namespace parfumerie::catalog::sqlite_internal {

class Database {
 public:
  // Opens the file and migrates its schema (see schema.h).
  static absl::StatusOr<std::shared_ptr<Database>> Open(const std::string& path,
                                                        const SqliteCatalogStoreOptions& options);

  // A reader connection (query_only) borrowed for one call.
  using Reader = sqlite::ReaderPool::Reader;
  absl::StatusOr<Reader> BorrowReader() { return readers_.Borrow(); }

  // Every write holds write_mu() for its whole transaction on writer().
  // Recursive: a consumer's batch (RunInOneTransaction) holds it while the
  // store calls inside the batch take it again on the same thread.
  std::recursive_mutex& write_mu() { return write_mu_; }
  sqlite::Connection& writer() { return *writer_; }
  // For the hot writes of concurrent requests (placing orders): they share
  // transactions and durable commits (sqlite/group_commit.h).
  sqlite::GroupCommit& group_commit() { return group_commit_; }

  Database(std::string path, SqliteCatalogStoreOptions options, std::unique_ptr<sqlite::Connection> writer)
      : writer_(std::move(writer)),
        group_commit_(*writer_, write_mu_),
        readers_(std::move(path), options.busy_timeout, options.max_idle_readers) {}

 private:
  // One writer: SQLite serialises writers anyway; holding the mutex instead of
  // spinning on SQLITE_BUSY keeps in-process writes fair and fast.
  std::recursive_mutex write_mu_;
  std::unique_ptr<sqlite::Connection> writer_;
  sqlite::GroupCommit group_commit_;
  sqlite::ReaderPool readers_;
};

// The three faces of one database (each keeps `db` alive).
std::unique_ptr<CatalogStore> NewCatalogStore(std::shared_ptr<Database> db);
std::unique_ptr<OrderStore> NewOrderStore(std::shared_ptr<Database> db);
std::unique_ptr<bus::OutboxSource> NewOutboxSource(std::shared_ptr<Database> db);

}  // namespace parfumerie::catalog::sqlite_internal

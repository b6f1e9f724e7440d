#include "catalog/sqlite/database.h"

#include <chrono>

#include "catalog/sqlite/schema.h"
#include "catalog/sqlite/sqlite_catalog_database.h"
#include "catalog/store_support.h"
#include "sqlite/outbox.h"

namespace parfumerie::catalog::sqlite_internal {

absl::StatusOr<std::shared_ptr<Database>> Database::Open(const std::string& path,
                                                         const SqliteCatalogStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<sqlite::Connection>> writer = sqlite::Connection::Open(path, options.busy_timeout);
  if (!writer.ok()) return writer.status();
  if (absl::Status s = Migrate(**writer); !s.ok()) return s;
  return std::make_shared<Database>(path, options, *std::move(writer));
}

namespace {

// The relay's view of the outbox. Both calls take the writer: the read is a
// short index scan, and sharing the writer keeps it out of SQLITE_BUSY.
class SqliteOutboxSource final : public bus::OutboxSource {
 public:
  explicit SqliteOutboxSource(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override {
    std::lock_guard lock(db_->write_mu());
    return sqlite::PendingOutbox(db_->writer(), limit);
  }

  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    std::lock_guard lock(db_->write_mu());
    return sqlite::MarkPublished(db_->writer(), seqs, ToUnixMillis(std::chrono::system_clock::now()));
  }

  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override {
    std::lock_guard lock(db_->write_mu());
    return sqlite::PendingOutboxStats(db_->writer());
  }

  absl::StatusOr<int64_t> PrunePublished(int64_t before_ms) override {
    std::lock_guard lock(db_->write_mu());
    return sqlite::PrunePublishedOutbox(db_->writer(), before_ms);
  }

 private:
  std::shared_ptr<Database> db_;
};

}  // namespace

std::unique_ptr<bus::OutboxSource> NewOutboxSource(std::shared_ptr<Database> db) {
  return std::make_unique<SqliteOutboxSource>(std::move(db));
}

}  // namespace parfumerie::catalog::sqlite_internal

namespace parfumerie::catalog {

absl::StatusOr<SqliteCatalogDatabase> OpenSqliteCatalogDatabase(const std::string& path,
                                                                const SqliteCatalogStoreOptions& options) {
  absl::StatusOr<std::shared_ptr<sqlite_internal::Database>> db = sqlite_internal::Database::Open(path, options);
  if (!db.ok()) return db.status();
  return SqliteCatalogDatabase{sqlite_internal::NewCatalogStore(*db), sqlite_internal::NewOrderStore(*db),
                               sqlite_internal::NewOutboxSource(*db)};
}

}  // namespace parfumerie::catalog

#include "sqlite/reader_pool.h"

namespace parfumerie::sqlite {

ReaderPool::ReaderPool(std::string path, std::chrono::milliseconds busy_timeout, int max_idle)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_idle_(max_idle) {}

absl::StatusOr<ReaderPool::Reader> ReaderPool::Borrow() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      return Reader(this, std::move(conn));
    }
  }
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(path_, busy_timeout_);
  if (!conn.ok()) return conn.status();
  if (absl::Status s = (*conn)->Exec("PRAGMA query_only=ON"); !s.ok()) return s;
  return Reader(this, *std::move(conn));
}

void ReaderPool::Return(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (static_cast<int>(idle_.size()) < max_idle_) idle_.push_back(std::move(conn));
}

}  // namespace parfumerie::sqlite

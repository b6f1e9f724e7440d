// Read-only connections to one database file, kept open between reads so
// that reads run concurrently with the single writer (WAL) without paying an
// open per query. Shared by every SQLite adapter.
//
// Thread-safe. The pool must outlive every Reader it lends.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "sqlite/connection.h"

namespace parfumerie::sqlite {

class ReaderPool {
 public:
  // `max_idle` connections are kept between reads; more are opened while many
  // reads run at once and closed when returned.
  ReaderPool(std::string path, std::chrono::milliseconds busy_timeout, int max_idle);

  // A borrowed connection, given back to the pool when destroyed.
  class Reader {
   public:
    Reader(ReaderPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Reader(Reader&&) = default;
    ~Reader() {
      if (conn_) pool_->Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  // An idle connection, or a new one opened with PRAGMA query_only (a reader
  // never writes: a bug that tries becomes an error). UNAVAILABLE if the file
  // cannot be opened.
  absl::StatusOr<Reader> Borrow();

 private:
  void Return(std::unique_ptr<Connection> conn);

  const std::string path_;
  const std::chrono::milliseconds busy_timeout_;
  const int max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace parfumerie::sqlite

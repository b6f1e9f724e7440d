// Thin RAII over sqlite3 handles with a per-connection cache of prepared
// statements, shared by every SQLite adapter. Only adapters include this:
// sqlite3 never appears in a port's or a service's header.
//
// A Connection is used by one thread at a time (the store hands them out).
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "trace/tracer.h"

namespace parfumerie::sqlite {

using BindValue = std::variant<std::nullptr_t, int64_t, std::string>;

// A cached prepared statement, borrowed for one use: reset and unbound when
// the Statement goes away so the next borrower starts clean.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept : db_(other.db_), stmt_(other.stmt_) { other.stmt_ = nullptr; }
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  void Bind(int index, const BindValue& value);
  // SQLITE_ROW or SQLITE_DONE; anything else becomes an error status.
  absl::StatusOr<bool> Step();  // true: a row is available
  // Steps to the end (e.g. after reading a RETURNING row) so the statement's
  // effects are complete before the transaction commits.
  absl::Status Finish();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if needed) the database file with extended result codes,
  // the given busy timeout, foreign keys on and synchronous=FULL.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path,
                                                          std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return nothing of interest.
  absl::Status Exec(const std::string& sql);
  // A prepared statement from the cache (prepared on first use).
  absl::StatusOr<Statement> Prepare(const std::string& sql);
  absl::StatusOr<int64_t> QueryInt(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }

  sqlite3* db() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Maps an SQLite result code to a canonical status: BUSY/LOCKED/IO/FULL are
// UNAVAILABLE (transient or environmental), the rest INTERNAL.
absl::Status SqliteError(sqlite3* db, int rc, std::string_view what);

// BEGIN on construction, ROLLBACK on destruction unless Commit() succeeded.
// On a connection already inside a transaction (a batch: see
// RunInOneTransaction), a SAVEPOINT instead: Commit() releases it into the
// outer transaction (durable when that commits), destruction rolls back to it.
// Inside a trace, each transaction is a span ("sqlite.transaction": every
// store call of every SQLite adapter is one transaction), from BEGIN to
// COMMIT or ROLLBACK.
class Transaction {
 public:
  enum class Kind { kDeferred, kImmediate };
  static absl::StatusOr<Transaction> Begin(Connection& conn, Kind kind);
  Transaction(Transaction&& other) noexcept
      : conn_(other.conn_), span_(std::move(other.span_)), nested_(other.nested_) {
    other.conn_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  absl::Status Commit();

 private:
  Transaction(Connection* conn, trace::Span span, bool nested)
      : conn_(conn), span_(std::move(span)), nested_(nested) {}
  Connection* conn_;
  trace::Span span_;
  bool nested_;
};

// Runs `body` in one IMMEDIATE transaction on `conn` and commits it, so that
// every Transaction that `body` begins on `conn` becomes a savepoint of it and
// all of them share one durable commit. Rolls everything back and returns the
// error when `body` or the commit fails. The caller holds the connection's
// writer lock for the whole call.
absl::Status RunInOneTransaction(Connection& conn, const std::function<absl::Status()>& body);

}  // namespace parfumerie::sqlite

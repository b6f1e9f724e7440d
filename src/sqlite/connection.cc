#include "sqlite/connection.h"

#include "absl/strings/str_cat.h"

namespace parfumerie::sqlite {
namespace {

// Distinct SQL texts are few (list queries vary by which filters are set);
// the bound only guards against a pathological client.
constexpr size_t kMaxCachedStatements = 256;

}  // namespace

absl::Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  std::string message = absl::StrCat("sqlite: ", std::string(what), ": ", sqlite3_errstr(rc));
  if (db != nullptr && sqlite3_errcode(db) == rc) absl::StrAppend(&message, " (", sqlite3_errmsg(db), ")");
  switch (rc & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

Statement::~Statement() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

void Statement::Bind(int index, const BindValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) {
    sqlite3_bind_int64(stmt_, index, *i);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
}

absl::StatusOr<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, "step");
}

absl::Status Statement::Finish() {
  for (;;) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

std::string Statement::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                             std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  // NOMUTEX: the store guarantees one thread per connection at a time.
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status s = SqliteError(db, rc, absl::StrCat("cannot open ", path));
    sqlite3_close_v2(db);
    return s;
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  // WAL is persistent in the file, but asking on every connection is cheap and
  // makes a file created by another tool right. synchronous=FULL: a commit
  // (a sale, a stock reservation) survives power loss; see docs/catalog.md.
  if (absl::Status s = conn->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
      !s.ok()) {
    return s;
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

absl::Status Connection::Exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "exec");
  return absl::OkStatus();
}

absl::StatusOr<Statement> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    if (cache_.size() >= kMaxCachedStatements) {
      for (auto& [text, stmt] : cache_) sqlite3_finalize(stmt);
      cache_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
    it = cache_.emplace(sql, stmt).first;
  }
  return Statement(db_, it->second);
}

absl::StatusOr<int64_t> Connection::QueryInt(const std::string& sql) {
  absl::StatusOr<Statement> stmt = Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat("sqlite: no row from ", sql));
  return stmt->Int(0);
}

absl::StatusOr<Transaction> Transaction::Begin(Connection& conn, Kind kind) {
  trace::Span span = trace::Span::StartInCurrentTrace("sqlite.transaction");
  if (span.recording()) {
    span.SetAttribute("db.system.name", "sqlite");
    const char* file = sqlite3_db_filename(conn.db(), "main");
    std::string_view name = file != nullptr ? file : "";
    span.SetAttribute("db.namespace", name.substr(name.find_last_of('/') + 1));
    span.SetAttribute("db.transaction.kind", kind == Kind::kImmediate ? "immediate" : "deferred");
  }
  // Inside a transaction already (a caller's batch): a savepoint, which the
  // outer transaction's COMMIT makes durable with everything else in it.
  const bool nested = sqlite3_get_autocommit(conn.db()) == 0;
  if (span.recording() && nested) span.SetAttribute("db.transaction.nested", true);
  const char* begin = nested ? "SAVEPOINT nested" : kind == Kind::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN";
  if (absl::Status s = conn.Exec(begin); !s.ok()) {
    span.SetError(s);
    return s;
  }
  return Transaction(&conn, std::move(span), nested);
}

Transaction::~Transaction() {
  if (conn_ == nullptr) return;
  (void)conn_->Exec(nested_ ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK");
  span_.SetAttribute("db.transaction.outcome", "rollback");
}

absl::Status Transaction::Commit() {
  absl::Status s = conn_->Exec(nested_ ? "RELEASE nested" : "COMMIT");
  if (s.ok()) {
    conn_ = nullptr;
    span_.SetAttribute("db.transaction.outcome", "commit");
    span_.End();
  } else {
    span_.SetError(s);
  }
  return s;
}

absl::Status RunInOneTransaction(Connection& conn, const std::function<absl::Status()>& body) {
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  if (absl::Status s = body(); !s.ok()) return s;
  if (sqlite3_get_autocommit(conn.db()) != 0) {
    // An error inside `body` made SQLite roll the whole transaction back:
    // what `body` did after that was committed on its own, what it did
    // before is gone. Callers treat the batch as failed and do it again.
    return absl::UnavailableError("sqlite: the batch's transaction was rolled back by an error inside it");
  }
  return tx->Commit();
}

}  // namespace parfumerie::sqlite

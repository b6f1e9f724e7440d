#include "sqlite/migrate.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace parfumerie::sqlite {

absl::Status Migrate(Connection& conn, const std::string& what,
                     std::span<const char* const> migrations) {
  const auto latest = static_cast<int64_t>(migrations.size());
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<int64_t> current = conn.QueryInt("PRAGMA user_version");
  if (!current.ok()) return current.status();
  if (*current > latest) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite: ", what, " has schema version ", *current,
                     " but this build knows only up to ", latest, "; run a newer parfumerie"));
  }
  if (*current == latest) return tx->Commit();
  if (absl::Status s = conn.Exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " version INTEGER PRIMARY KEY, applied_at_ms INTEGER NOT NULL) STRICT");
      !s.ok()) {
    return s;
  }
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  for (int64_t v = *current + 1; v <= latest; ++v) {
    if (absl::Status s = conn.Exec(migrations[v - 1]); !s.ok()) return s;
    if (absl::Status s = conn.Exec(absl::StrCat(
            "INSERT INTO schema_migrations (version, applied_at_ms) VALUES (", v, ", ", now_ms, ")"));
        !s.ok()) {
      return s;
    }
  }
  // PRAGMA takes no bound parameters; the value is our own constant.
  if (absl::Status s = conn.Exec(absl::StrCat("PRAGMA user_version = ", latest)); !s.ok()) {
    return s;
  }
  return tx->Commit();
}

}  // namespace parfumerie::sqlite

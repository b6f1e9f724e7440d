#include "catalog/sqlite/schema.h"

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/sqlite/sqlite_catalog_store.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Never edit a
// released migration: append a new one.
constexpr const char* kMigrations[] = {
    // 1: perfumes. Folded columns (nom_fold, marque_fold, search_text) are
    // written by the adapter from the same inputs on every write, so search
    // and sort never disagree with what is shown. archived_at_ms is NULL while
    // the perfume is on sale (archive = soft delete: orders keep referring to
    // the row). Partial indexes cover the live rows only, in each sort order.
    R"sql(
      CREATE TABLE schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE parfums (
        id TEXT PRIMARY KEY,
        nom TEXT NOT NULL,
        nom_fold TEXT NOT NULL,
        description TEXT NOT NULL,
        marque TEXT NOT NULL,
        marque_fold TEXT NOT NULL,
        famille TEXT NOT NULL,
        notes TEXT NOT NULL,
        contenance_ml INTEGER NOT NULL,
        genre TEXT NOT NULL,
        prix_cents INTEGER NOT NULL,
        image TEXT NOT NULL,
        stock INTEGER NOT NULL CHECK (stock >= 0),
        version INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        archived_at_ms INTEGER,
        search_text TEXT NOT NULL
      ) STRICT;
      CREATE INDEX parfums_by_nom ON parfums (nom_fold, id) WHERE archived_at_ms IS NULL;
      CREATE INDEX parfums_by_prix ON parfums (prix_cents, id) WHERE archived_at_ms IS NULL;
      CREATE INDEX parfums_by_created ON parfums (created_at_ms, id) WHERE archived_at_ms IS NULL;
      CREATE INDEX parfums_by_stock ON parfums (stock, id) WHERE archived_at_ms IS NULL;
      CREATE INDEX parfums_by_marque ON parfums (marque_fold) WHERE archived_at_ms IS NULL;
    )sql",
};
static_assert(std::size(kMigrations) == kSqliteCatalogSchemaVersion);

}  // namespace

absl::Status Migrate(Connection& conn) {
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<int64_t> current = conn.QueryInt("PRAGMA user_version");
  if (!current.ok()) return current.status();
  if (*current > kSqliteCatalogSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite: the catalogue database has schema version ", *current,
                     " but this build knows only up to ", kSqliteCatalogSchemaVersion,
                     "; run a newer parfumerie"));
  }
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  for (int64_t v = *current + 1; v <= kSqliteCatalogSchemaVersion; ++v) {
    if (absl::Status s = conn.Exec(kMigrations[v - 1]); !s.ok()) return s;
    if (absl::Status s = conn.Exec(absl::StrCat("INSERT INTO schema_migrations (version, applied_at_ms) VALUES (",
                                                v, ", ", now_ms, ")"));
        !s.ok()) {
      return s;
    }
  }
  // PRAGMA takes no bound parameters; the value is our own constant.
  if (absl::Status s = conn.Exec(absl::StrCat("PRAGMA user_version = ", kSqliteCatalogSchemaVersion));
      !s.ok()) {
    return s;
  }
  return tx->Commit();
}

}  // namespace parfumerie::catalog::sqlite_internal

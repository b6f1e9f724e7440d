#include "catalog/sqlite/schema.h"

#include <iterator>

#include "catalog/sqlite/sqlite_catalog_store.h"
#include "sqlite/migrate.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N (see
// sqlite::Migrate). Never edit a released migration: append a new one.
constexpr const char* kMigrations[] = {
    // 1: perfumes. Folded columns (nom_fold, marque_fold, search_text) are
    // written by the adapter from the same inputs on every write, so search
    // and sort never disagree with what is shown. archived_at_ms is NULL while
    // the perfume is on sale (archive = soft delete: orders keep referring to
    // the row). Partial indexes cover the live rows only, in each sort order.
    R"sql(
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
  return sqlite::Migrate(conn, "the catalogue database", kMigrations);
}

}  // namespace parfumerie::catalog::sqlite_internal

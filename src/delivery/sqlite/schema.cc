#include "delivery/sqlite/schema.h"

#include "delivery/sqlite/sqlite_delivery_store.h"
#include "sqlite/migrate.h"
#include "sqlite/outbox.h"

namespace parfumerie::delivery::sqlite_internal {
namespace {

// 1: deliveries and their tracking steps. UNIQUE(commande_id) is what makes
// "one delivery per paid order" hold even when two consumers race. Times are
// Unix milliseconds. The list is newest first, optionally by statut.
constexpr const char* kDeliveriesSql = R"sql(
  CREATE TABLE livraisons (
    id TEXT PRIMARY KEY,
    commande_id TEXT NOT NULL UNIQUE,
    statut TEXT NOT NULL
      CHECK (statut IN ('EN_PREPARATION', 'EXPEDIEE', 'EN_TRANSIT', 'LIVREE', 'ECHEC')),
    transporteur TEXT NOT NULL,
    numero_suivi TEXT NOT NULL,
    adr_nom_complet TEXT NOT NULL,
    adr_ligne1 TEXT NOT NULL,
    adr_ligne2 TEXT NOT NULL,
    adr_code_postal TEXT NOT NULL,
    adr_ville TEXT NOT NULL,
    adr_pays TEXT NOT NULL,
    adr_telephone TEXT NOT NULL,
    cree_le_ms INTEGER NOT NULL,
    maj_le_ms INTEGER NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX livraisons_by_cree ON livraisons (cree_le_ms, id);
  CREATE INDEX livraisons_by_statut ON livraisons (statut, cree_le_ms, id);
  CREATE TABLE suivi (
    livraison_id TEXT NOT NULL REFERENCES livraisons (id),
    seq INTEGER NOT NULL,
    statut TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    lieu TEXT NOT NULL,
    commentaire TEXT NOT NULL,
    PRIMARY KEY (livraison_id, seq)
  ) STRICT, WITHOUT ROWID;
)sql";

// 4: orders cancelled while they had no delivery (RecordCancellation).
constexpr const char* kCancellationsSql = R"sql(
  CREATE TABLE annulations (
    commande_id TEXT PRIMARY KEY,
    raison TEXT NOT NULL,
    at_ms INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;
)sql";

}  // namespace

absl::Status Migrate(::parfumerie::sqlite::Connection& conn) {
  // Migration N takes the schema from N-1 to N; never edit a released one.
  // 2 and 3: the outbox and inbox shared by every service (sqlite/outbox.h).
  const char* const migrations[] = {kDeliveriesSql, ::parfumerie::sqlite::kOutboxTableSql,
                                    ::parfumerie::sqlite::kInboxTableSql, kCancellationsSql};
  static_assert(std::size(migrations) == kSqliteDeliverySchemaVersion);
  return ::parfumerie::sqlite::Migrate(conn, "the delivery database", migrations);
}

}  // namespace parfumerie::delivery::sqlite_internal

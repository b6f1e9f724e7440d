#include "catalog/sqlite/schema.h"

#include <iterator>

#include "catalog/sqlite/sqlite_catalog_store.h"
#include "sqlite/migrate.h"
#include "sqlite/outbox.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

// Migration N (1-based) takes the schema from version N-1 to N (see
// sqlite::Migrate). Never edit a released migration: append a new one.
const char* const kMigrations[] = {
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
    // 2: orders. Lines keep the nom and unit price of the perfume at order
    // time; the history is append-only. idempotency_key is NULL when the
    // client gave none (UNIQUE ignores NULLs); request_fingerprint tells a
    // replay from a reuse with other content. The partial index finds orders
    // awaiting payment by deadline for the expirer.
    R"sql(
      CREATE TABLE commandes (
        id TEXT PRIMARY KEY,
        client_id TEXT NOT NULL,
        statut TEXT NOT NULL,
        placed_at_ms INTEGER NOT NULL,
        payment_deadline_ms INTEGER NOT NULL,
        total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
        adresse_nom_complet TEXT NOT NULL,
        adresse_ligne1 TEXT NOT NULL,
        adresse_ligne2 TEXT NOT NULL,
        adresse_code_postal TEXT NOT NULL,
        adresse_ville TEXT NOT NULL,
        adresse_pays TEXT NOT NULL,
        adresse_telephone TEXT NOT NULL,
        paiement_id TEXT NOT NULL,
        livraison_id TEXT NOT NULL,
        raison_annulation TEXT NOT NULL,
        remboursement_demande INTEGER NOT NULL,
        rembourse INTEGER NOT NULL,
        incident_livraison TEXT NOT NULL,
        idempotency_key TEXT UNIQUE,
        request_fingerprint TEXT NOT NULL,
        version INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE commande_lignes (
        commande_id TEXT NOT NULL REFERENCES commandes (id),
        position INTEGER NOT NULL,
        parfum_id TEXT NOT NULL REFERENCES parfums (id),
        nom TEXT NOT NULL,
        quantite INTEGER NOT NULL CHECK (quantite > 0),
        prix_unitaire_cents INTEGER NOT NULL CHECK (prix_unitaire_cents >= 0),
        PRIMARY KEY (commande_id, position)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE commande_historique (
        commande_id TEXT NOT NULL REFERENCES commandes (id),
        seq INTEGER NOT NULL,
        statut TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        raison TEXT NOT NULL,
        PRIMARY KEY (commande_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX commandes_by_placed ON commandes (placed_at_ms, id);
      CREATE INDEX commandes_by_client ON commandes (client_id, placed_at_ms, id);
      CREATE INDEX commandes_by_statut ON commandes (statut, placed_at_ms, id);
      CREATE INDEX commandes_awaiting_payment ON commandes (payment_deadline_ms)
        WHERE statut = 'EN_ATTENTE';
      CREATE INDEX commande_lignes_by_parfum ON commande_lignes (parfum_id);
    )sql",
    // 3: the outbox the relay publishes the order events from.
    sqlite::kOutboxTableSql,
    // 4: the inbox of bus messages applied (payment and delivery events).
    sqlite::kInboxTableSql,
    // 5: every unit ever received per perfume (initial stock + adjustments),
    // for the conservation invariant. Existing rows: what they hold now plus
    // what their orders that still count hold.
    R"sql(
      ALTER TABLE parfums ADD COLUMN stock_entrees INTEGER NOT NULL DEFAULT 0;
      UPDATE parfums SET stock_entrees = stock + COALESCE(
        (SELECT SUM(l.quantite) FROM commande_lignes l JOIN commandes c ON c.id = l.commande_id
          WHERE l.parfum_id = parfums.id AND c.statut != 'ANNULEE'), 0);
    )sql",
};
static_assert(std::size(kMigrations) == kSqliteCatalogSchemaVersion);

}  // namespace

absl::Status Migrate(Connection& conn) {
  return sqlite::Migrate(conn, "the catalogue database", kMigrations);
}

}  // namespace parfumerie::catalog::sqlite_internal

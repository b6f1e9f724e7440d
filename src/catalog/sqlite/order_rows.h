// Private to the SQLite adapter: how an order maps to rows of `commandes`,
// `commande_lignes` and `commande_historique`.
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"
#include "sqlite/connection.h"

namespace parfumerie::catalog::sqlite_internal {

// The columns ReadOrderRow expects, in order.
inline constexpr const char* kOrderColumns =
    "id, client_id, statut, placed_at_ms, payment_deadline_ms, total_cents, adresse_nom_complet, "
    "adresse_ligne1, adresse_ligne2, adresse_code_postal, adresse_ville, adresse_pays, adresse_telephone, "
    "paiement_id, livraison_id, raison_annulation, remboursement_demande, rembourse, incident_livraison, "
    "idempotency_key, version";

// The order row only (lines and history empty). INTERNAL for a bad statut.
absl::StatusOr<Commande> ReadOrderRow(const sqlite::Statement& row);

// The whole order `id` (row, lines, history) as `conn` sees it; NOT_FOUND.
absl::StatusOr<Commande> LoadOrder(sqlite::Connection& conn, std::string_view id);
// Fills lines and history of an order read by ReadOrderRow.
absl::Status LoadOrderDetails(sqlite::Connection& conn, Commande& order);

// Inserts the order row, its lines and its history (a new order).
absl::Status InsertOrder(sqlite::Connection& conn, const Commande& order, const std::string& fingerprint);

// Writes the mutable fields of `order` if the stored version is
// `expected_version` (bumping it), and appends history entries from
// `first_new_history` on. INTERNAL when the version does not match: the
// caller holds the write lock, so that cannot happen but by a bug.
absl::Status UpdateOrderRow(sqlite::Connection& conn, const Commande& order, int64_t expected_version,
                            size_t first_new_history, int64_t now_ms);

}  // namespace parfumerie::catalog::sqlite_internal

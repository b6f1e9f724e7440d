// Private to the MongoDB catalogue adapter: how a perfume and an order map to
// their documents, and the few BSON helpers the stores share.
//
//   parfums:   { _id, nom, nom_fold, description, marque, marque_fold, famille,
//                notes: {tete, coeur, fond}, contenance_ml, genre, prix_cents, image,
//                stock, stock_entrees, version, created_at_ms, updated_at_ms,
//                archive (bool), archived_at_ms, search_text,
//                reservations: [order id], liberations: [order id] }
//   commandes: { _id, client_id, statut, placed_at_ms, payment_deadline_ms, total_cents,
//                adresse: {...}, lignes: [{parfum_id, nom, quantite, prix_unitaire_cents}],
//                historique: [{statut, at_ms, raison}], paiement_id, livraison_id,
//                raison_annulation, remboursement_demande, rembourse, incident_livraison,
//                idempotency_key, fingerprint, cle, version, updated_at_ms,
//                placee (bool), etape, etape_ms, outbox: [...], applied: [...] }
//
// The folded fields (nom_fold, marque_fold, search_text) are written from the
// same inputs on every write, as the SQLite adapter does (catalog/text.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"
#include "catalog/parfum.h"
#include "mongo/bson.h"

namespace parfumerie::catalog::mongo_internal {

inline constexpr char kParfums[] = "parfums";
inline constexpr char kCommandes[] = "commandes";
// Marks a perfume carries while a multi-document operation is in flight.
inline constexpr char kReservations[] = "reservations";
inline constexpr char kLiberations[] = "liberations";

// The steps of an order (`etape`): "" when no operation is in flight.
inline constexpr char kEtapeReservation[] = "reservation";  // being placed, hidden
inline constexpr char kEtapeAbandonnee[] = "abandonnee";    // placement rolled back, hidden
inline constexpr char kEtapeLiberation[] = "liberation";    // cancelled, stock being released

// The wall clock in Unix milliseconds: `etape_ms`, which recovery compares
// with its own clock, never uses the service's (possibly injected) time.
int64_t WallClockMs();

// {_id: id}
mongo::Bson ById(std::string_view id);
void AppendBool(bson_t* doc, std::string_view key, bool value);
// Appends {key: {op: value}}, e.g. {reservations: {$ne: id}}.
void AppendOp(bson_t* doc, std::string_view key, std::string_view op, std::string_view value);
void AppendOp(bson_t* doc, std::string_view key, std::string_view op, int64_t value);
absl::StatusOr<bool> GetBool(const bson_t& doc, const char* key, std::string_view what);
// Whether the string array `key` of `doc` holds `value` (false when absent).
bool ArrayHolds(const bson_t& doc, const char* key, std::string_view value);

// The new perfume's document (no marks).
mongo::Bson ParfumDocument(const Parfum& p);
// Appends to a $set document the fields Update replaces (everything but
// stock, version and timestamps) with their folded forms.
void AppendEditableFields(bson_t* set, const Parfum& p);
absl::StatusOr<Parfum> ReadParfum(const bson_t& doc);
// Projection leaving the marks out of perfume reads.
mongo::Bson ParfumProjection();

// The unique key of an order: "k:<idempotency key>", or "id:<order id>"
// when there is none (so that orders without a key never collide).
std::string OrderCle(std::string_view idempotency_key, std::string_view order_id);
// A new order's document in the hidden "reservation" step.
mongo::Bson OrderDocument(const Commande& c, std::string_view fingerprint, int64_t now_ms);
void AppendHistoryEntry(bson_t* parent, std::string_view key, const StatusChange& h);
absl::StatusOr<Commande> ReadOrder(const bson_t& doc);
// Projection leaving the outbox and inbox out of order reads.
mongo::Bson OrderProjection();

}  // namespace parfumerie::catalog::mongo_internal

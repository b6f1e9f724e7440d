// The order side of the saga, as pure decisions: given the order as stored
// and what happened (a payment result, a delivery step, a cancellation, the
// deadline), what the order becomes and which events follow. The store
// applies a decision atomically (order row, stock release, outbox, inbox
// mark); the decisions themselves are unit-tested without a database.
//
// They keep the invariants of docs/orders.md whatever the order of arrival:
// an order is never resurrected once ANNULEE (a payment that arrives after
// the cancellation is refunded instead), stock is released exactly once (on
// the transition to ANNULEE), and a repeated event changes nothing.
//
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"

namespace parfumerie::catalog {

inline constexpr std::string_view kRaisonDelaiDepasse = "délai de paiement dépassé";
inline constexpr std::string_view kRaisonClient = "annulée par le client";

struct OrderDecision {
  // False: the event does not apply any more (duplicate, stale, out of
  // order); nothing is written but the inbox mark.
  bool changed = false;
  Commande order;              // the new state (version not yet bumped)
  bool release_stock = false;  // stock += quantite for every line
  bool emit_order_paid = false;
  std::optional<bool> emit_order_cancelled;  // set: OrderCancelled{refund = value}
  // With a refund: the accepted payment to give back.
  std::string refund_paiement_id;
  // Why nothing changed, or what was unusual (for logs).
  std::string note;
};

// Statuses a delivery can report (mirror of parfumerie.v1.StatutLivraison).
enum class DeliveryStep { kEnPreparation, kExpediee, kEnTransit, kLivree, kEchec };

OrderDecision DecidePaymentSucceeded(const Commande& order, std::string_view paiement_id, Timestamp now);
// `why` is the decline message; the declined payment's id is not kept
// (paiement_id names accepted payments only, which refunds key on).
OrderDecision DecidePaymentFailed(const Commande& order, std::string_view why, Timestamp now);
OrderDecision DecidePaymentRefunded(const Commande& order, std::string_view paiement_id);
OrderDecision DecideDeliveryStep(const Commande& order, std::string_view livraison_id, DeliveryStep step,
                                 std::string_view commentaire, Timestamp now);
// Customer (or operator) cancellation: EN_ATTENTE or PAYEE only, else
// FAILED_PRECONDITION. Cancelling an ANNULEE order again changes nothing.
absl::StatusOr<OrderDecision> DecideCancel(const Commande& order, std::string_view raison, Timestamp now);
// Cancels an EN_ATTENTE order whose payment deadline is at or before `now`.
OrderDecision DecideExpiry(const Commande& order, Timestamp now);

}  // namespace parfumerie::catalog

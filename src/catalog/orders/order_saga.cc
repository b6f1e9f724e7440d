#include "catalog/orders/order_saga.h"

#include <cassert>
#include <string>

#include "absl/strings/str_cat.h"
#include "catalog/orders/order_state.h"

namespace parfumerie::catalog {
namespace {

OrderDecision Unchanged(const Commande& order, std::string note) {
  OrderDecision d;
  d.order = order;
  d.note = std::move(note);
  return d;
}

OrderDecision Start(const Commande& order) {
  OrderDecision d;
  d.order = order;
  return d;
}

void MoveTo(OrderDecision& d, OrderStatus to, Timestamp now, std::string raison) {
  // Callers check the current status first; an illegal move here is a bug in
  // this file, not an input error.
  assert(IsLegalTransition(d.order.statut, to));
  d.order.statut = to;
  d.order.historique.push_back({to, now, std::move(raison)});
  d.changed = true;
}

// The only way to ANNULEE: the stock goes back and payment hears about it.
void CancelInto(OrderDecision& d, Timestamp now, std::string raison, bool refund) {
  d.order.raison_annulation = raison;
  MoveTo(d, OrderStatus::kAnnulee, now, std::move(raison));
  d.release_stock = true;
  d.emit_order_cancelled = refund;
  if (refund) {
    d.order.remboursement_demande = true;
    d.refund_paiement_id = d.order.paiement_id;
  }
}

std::string_view StepName(DeliveryStep step) {
  switch (step) {
    case DeliveryStep::kEnPreparation:
      return "EN_PREPARATION";
    case DeliveryStep::kExpediee:
      return "EXPEDIEE";
    case DeliveryStep::kEnTransit:
      return "EN_TRANSIT";
    case DeliveryStep::kLivree:
      return "LIVREE";
    case DeliveryStep::kEchec:
      return "ECHEC";
  }
  return "?";
}

}  // namespace

OrderDecision DecidePaymentSucceeded(const Commande& order, std::string_view paiement_id, Timestamp now) {
  const std::string id(paiement_id);
  if (order.statut == OrderStatus::kEnAttente) {
    OrderDecision d = Start(order);
    d.order.paiement_id = id;
    MoveTo(d, OrderStatus::kPayee, now, "paiement accepté");
    d.emit_order_paid = true;
    return d;
  }
  if (order.paiement_id == id) return Unchanged(order, "payment already recorded");
  if (order.statut == OrderStatus::kAnnulee) {
    // Paid after the deadline or the customer's cancellation: the order stays
    // cancelled (its stock is gone) and the money goes back.
    OrderDecision d = Start(order);
    if (d.order.paiement_id.empty()) d.order.paiement_id = id;
    d.order.remboursement_demande = true;
    d.emit_order_cancelled = true;
    d.refund_paiement_id = id;
    d.changed = true;
    d.note = absl::StrCat("payment ", id, " accepted after cancellation: refund requested");
    return d;
  }
  // Payment charges an order at most once, so a second accepted payment of a
  // live order means a bug over there. Cancelling would stop its delivery, so
  // an operator must look (it is logged); we change nothing.
  return Unchanged(order, absl::StrCat("unexpected second accepted payment ", id, " (recorded: ",
                                       order.paiement_id, ")"));
}

OrderDecision DecidePaymentFailed(const Commande& order, std::string_view why, Timestamp now) {
  if (order.statut != OrderStatus::kEnAttente) {
    return Unchanged(order, absl::StrCat("payment failure for an order ",
                                         std::string(OrderStatusName(order.statut)), ": ignored"));
  }
  OrderDecision d = Start(order);
  CancelInto(d, now, why.empty() ? std::string("paiement refusé") : absl::StrCat("paiement refusé : ", std::string(why)),
             /*refund=*/false);
  return d;
}

OrderDecision DecidePaymentRefunded(const Commande& order, std::string_view paiement_id) {
  if (order.rembourse) return Unchanged(order, "refund already recorded");
  OrderDecision d = Start(order);
  if (d.order.paiement_id.empty()) d.order.paiement_id = std::string(paiement_id);
  d.order.rembourse = true;
  d.changed = true;
  if (IsPaid(order.statut)) d.note = "refund of an order that is not cancelled: an operator refunded it";
  return d;
}

OrderDecision DecideDeliveryStep(const Commande& order, std::string_view livraison_id, DeliveryStep step,
                                 std::string_view commentaire, Timestamp now) {
  const std::string id(livraison_id);
  if (!order.livraison_id.empty() && order.livraison_id != id) {
    return Unchanged(order, absl::StrCat("event of delivery ", id, " but the order's delivery is ",
                                         order.livraison_id));
  }
  OrderDecision d = Start(order);
  if (d.order.livraison_id.empty()) {
    d.order.livraison_id = id;
    d.changed = true;
  }
  const bool shipped =
      step == DeliveryStep::kExpediee || step == DeliveryStep::kEnTransit || step == DeliveryStep::kLivree;
  switch (order.statut) {
    case OrderStatus::kPayee:
    case OrderStatus::kExpediee:
      if (shipped && d.order.statut == OrderStatus::kPayee) MoveTo(d, OrderStatus::kExpediee, now, "");
      if (step == DeliveryStep::kLivree) MoveTo(d, OrderStatus::kLivree, now, "");
      if (step == DeliveryStep::kEchec) {
        // Stays PAYEE/EXPEDIEE: the payment stands until an operator reships
        // or refunds; the stock is physically gone, so it is not released.
        std::string incident = commentaire.empty() ? std::string("échec de livraison")
                                                   : absl::StrCat("échec de livraison: ", std::string(commentaire));
        if (d.order.incident_livraison != incident) {
          d.order.incident_livraison = std::move(incident);
          d.changed = true;
        }
      }
      break;
    case OrderStatus::kAnnulee:
      if (shipped && d.order.incident_livraison.empty()) {
        // Cancelled while the parcel left: an operator must recover it.
        d.order.incident_livraison =
            absl::StrCat("livraison ", std::string(StepName(step)), " après annulation");
        d.changed = true;
      }
      break;
    case OrderStatus::kEnAttente:
    case OrderStatus::kLivree:
      break;  // a delivery cannot precede payment; LIVREE is final
  }
  if (!d.changed) d.note = absl::StrCat("delivery ", std::string(StepName(step)), " changes nothing for an order ",
                                        std::string(OrderStatusName(order.statut)));
  return d;
}

absl::StatusOr<OrderDecision> DecideCancel(const Commande& order, std::string_view raison, Timestamp now) {
  switch (order.statut) {
    case OrderStatus::kAnnulee:
      return Unchanged(order, "already cancelled");
    case OrderStatus::kExpediee:
    case OrderStatus::kLivree:
      return absl::FailedPreconditionError(absl::StrCat("statut: the order is ",
                                                        std::string(OrderStatusName(order.statut)),
                                                        "; a shipped order cannot be cancelled"));
    case OrderStatus::kEnAttente:
    case OrderStatus::kPayee:
      break;
  }
  OrderDecision d = Start(order);
  CancelInto(d, now, raison.empty() ? std::string(kRaisonClient) : std::string(raison),
             /*refund=*/order.statut == OrderStatus::kPayee);
  return d;
}

OrderDecision DecideExpiry(const Commande& order, Timestamp now) {
  if (order.statut != OrderStatus::kEnAttente) return Unchanged(order, "no longer awaiting payment");
  if (order.date_limite_paiement > now) return Unchanged(order, "deadline not reached");
  OrderDecision d = Start(order);
  CancelInto(d, now, std::string(kRaisonDelaiDepasse), /*refund=*/false);
  return d;
}

}  // namespace parfumerie::catalog

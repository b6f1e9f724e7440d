// The saga's decisions on the order side, without a database: every event in
// every status, including duplicates and late or out-of-order arrivals.
#include <chrono>

#include "catalog/orders/order_saga.h"
#include "catalog/orders/order_state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;
using S = OrderStatus;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'800'000'000));
const Timestamp kLater = kT0 + std::chrono::minutes(5);

Commande Order(S statut) {
  Commande c;
  c.id = "cmd_a";
  c.client_id = "usr_a";
  c.statut = S::kEnAttente;
  c.date_commande = kT0;
  c.date_limite_paiement = kT0 + std::chrono::minutes(15);
  c.lignes = {{"prf_a", "Ambre", 2, 5000}};
  c.total_cents = 10000;
  c.historique = {{S::kEnAttente, kT0, ""}};
  // Walk the legal path to `statut` so the history is realistic.
  auto go = [&](S to, std::string raison = "") {
    c.statut = to;
    c.historique.push_back({to, kT0, std::move(raison)});
  };
  switch (statut) {
    case S::kEnAttente:
      break;
    case S::kAnnulee:
      go(S::kAnnulee, "délai de paiement dépassé");
      c.raison_annulation = "délai de paiement dépassé";
      break;
    case S::kLivree:
    case S::kExpediee:
    case S::kPayee:
      c.paiement_id = "pay_1";
      go(S::kPayee);
      if (statut != S::kPayee) go(S::kExpediee);
      if (statut == S::kLivree) go(S::kLivree);
      break;
  }
  return c;
}

TEST(OrderSagaTest, PaymentSucceededPaysAWaitingOrder) {
  OrderDecision d = DecidePaymentSucceeded(Order(S::kEnAttente), "pay_1", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kPayee);
  EXPECT_EQ(d.order.paiement_id, "pay_1");
  EXPECT_TRUE(d.emit_order_paid);
  EXPECT_FALSE(d.emit_order_cancelled);
  EXPECT_FALSE(d.release_stock);
  ASSERT_EQ(d.order.historique.size(), 2u);
  EXPECT_EQ(d.order.historique.back().statut, S::kPayee);
  EXPECT_EQ(d.order.historique.back().at, kLater);
}

TEST(OrderSagaTest, DuplicatePaymentSucceededChangesNothing) {
  for (S s : {S::kPayee, S::kExpediee, S::kLivree}) {
    OrderDecision d = DecidePaymentSucceeded(Order(s), "pay_1", kLater);
    EXPECT_FALSE(d.changed) << OrderStatusName(s);
    EXPECT_EQ(d.order, Order(s));
  }
}

TEST(OrderSagaTest, SecondAcceptedPaymentIsReportedNotApplied) {
  OrderDecision d = DecidePaymentSucceeded(Order(S::kPayee), "pay_2", kLater);
  EXPECT_FALSE(d.changed);
  EXPECT_THAT(d.note, HasSubstr("pay_2"));
}

TEST(OrderSagaTest, PaymentAfterCancellationAsksForARefundAndNeverResurrects) {
  OrderDecision d = DecidePaymentSucceeded(Order(S::kAnnulee), "pay_9", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kAnnulee);
  EXPECT_EQ(d.order.paiement_id, "pay_9");
  EXPECT_TRUE(d.order.remboursement_demande);
  EXPECT_EQ(d.emit_order_cancelled, std::optional<bool>(true));
  EXPECT_FALSE(d.emit_order_paid);
  EXPECT_FALSE(d.release_stock);  // released when it was cancelled
  EXPECT_EQ(d.order.historique.size(), Order(S::kAnnulee).historique.size());

  // The same payment again: already handled.
  OrderDecision again = DecidePaymentSucceeded(d.order, "pay_9", kLater);
  EXPECT_FALSE(again.changed);
}

TEST(OrderSagaTest, PaymentFailedCancelsAndReleasesStock) {
  OrderDecision d = DecidePaymentFailed(Order(S::kEnAttente), "fonds insuffisants", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kAnnulee);
  EXPECT_EQ(d.order.raison_annulation, "paiement refusé : fonds insuffisants");
  EXPECT_EQ(d.order.historique.back().raison, "paiement refusé : fonds insuffisants");
  EXPECT_TRUE(d.release_stock);
  EXPECT_EQ(d.emit_order_cancelled, std::optional<bool>(false));
  EXPECT_FALSE(d.order.remboursement_demande);
  EXPECT_EQ(d.order.paiement_id, "");  // only accepted payments are kept
}

TEST(OrderSagaTest, AnotherPaymentOfACancelledOrderIsRefundedToo) {
  Commande c = DecideCancel(Order(S::kPayee), "", kLater)->order;  // paid with pay_1, refund asked
  OrderDecision d = DecidePaymentSucceeded(c, "pay_2", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.paiement_id, "pay_1");
  EXPECT_EQ(d.refund_paiement_id, "pay_2");
  EXPECT_EQ(d.emit_order_cancelled, std::optional<bool>(true));
  EXPECT_EQ(d.order.statut, S::kAnnulee);
}

TEST(OrderSagaTest, PaymentFailedIsIgnoredOutsideEnAttente) {
  for (S s : {S::kPayee, S::kExpediee, S::kLivree, S::kAnnulee}) {
    OrderDecision d = DecidePaymentFailed(Order(s), "refus", kLater);
    EXPECT_FALSE(d.changed) << OrderStatusName(s);
    EXPECT_FALSE(d.release_stock);
  }
}

TEST(OrderSagaTest, RefundIsRecordedOnce) {
  Commande cancelled = DecidePaymentSucceeded(Order(S::kAnnulee), "pay_9", kLater).order;
  OrderDecision d = DecidePaymentRefunded(cancelled, "pay_9");
  EXPECT_TRUE(d.changed);
  EXPECT_TRUE(d.order.rembourse);
  EXPECT_EQ(d.order.statut, S::kAnnulee);
  EXPECT_FALSE(DecidePaymentRefunded(d.order, "pay_9").changed);
}

TEST(OrderSagaTest, DeliveryStepsMirrorOnThePaidOrder) {
  Commande c = Order(S::kPayee);
  OrderDecision prep = DecideDeliveryStep(c, "liv_1", DeliveryStep::kEnPreparation, "", kLater);
  EXPECT_TRUE(prep.changed);
  EXPECT_EQ(prep.order.statut, S::kPayee);
  EXPECT_EQ(prep.order.livraison_id, "liv_1");

  OrderDecision shipped = DecideDeliveryStep(prep.order, "liv_1", DeliveryStep::kExpediee, "", kLater);
  EXPECT_EQ(shipped.order.statut, S::kExpediee);
  OrderDecision transit = DecideDeliveryStep(shipped.order, "liv_1", DeliveryStep::kEnTransit, "", kLater);
  EXPECT_FALSE(transit.changed);
  OrderDecision delivered = DecideDeliveryStep(shipped.order, "liv_1", DeliveryStep::kLivree, "", kLater);
  EXPECT_EQ(delivered.order.statut, S::kLivree);
  EXPECT_FALSE(delivered.release_stock);
  EXPECT_FALSE(DecideDeliveryStep(delivered.order, "liv_1", DeliveryStep::kLivree, "", kLater).changed);
}

TEST(OrderSagaTest, DeliveredWithoutShippedEventPassesThroughExpediee) {
  OrderDecision d = DecideDeliveryStep(Order(S::kPayee), "liv_1", DeliveryStep::kLivree, "", kLater);
  EXPECT_EQ(d.order.statut, S::kLivree);
  const auto& h = d.order.historique;
  ASSERT_GE(h.size(), 2u);
  EXPECT_EQ(h[h.size() - 2].statut, S::kExpediee);
  EXPECT_EQ(h.back().statut, S::kLivree);
}

TEST(OrderSagaTest, FailedDeliveryKeepsTheStatusAndRecordsAnIncident) {
  OrderDecision d =
      DecideDeliveryStep(Order(S::kExpediee), "liv_1", DeliveryStep::kEchec, "colis perdu", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kExpediee);
  EXPECT_EQ(d.order.incident_livraison, "échec de livraison: colis perdu");
  EXPECT_FALSE(d.release_stock);
  EXPECT_FALSE(d.emit_order_cancelled);
}

TEST(OrderSagaTest, ShippingACancelledOrderIsAnIncidentNotAResurrection) {
  OrderDecision d = DecideDeliveryStep(Order(S::kAnnulee), "liv_1", DeliveryStep::kExpediee, "", kLater);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kAnnulee);
  EXPECT_THAT(d.order.incident_livraison, HasSubstr("après annulation"));
}

TEST(OrderSagaTest, AnotherDeliveryOfTheSameOrderIsIgnored) {
  Commande c = Order(S::kPayee);
  c.livraison_id = "liv_1";
  EXPECT_FALSE(DecideDeliveryStep(c, "liv_2", DeliveryStep::kExpediee, "", kLater).changed);
}

TEST(OrderSagaTest, CustomerCancellationBeforeShipping) {
  absl::StatusOr<OrderDecision> waiting = DecideCancel(Order(S::kEnAttente), "", kLater);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->order.statut, S::kAnnulee);
  EXPECT_EQ(waiting->order.raison_annulation, kRaisonClient);
  EXPECT_TRUE(waiting->release_stock);
  EXPECT_EQ(waiting->emit_order_cancelled, std::optional<bool>(false));

  absl::StatusOr<OrderDecision> paid = DecideCancel(Order(S::kPayee), "erreur de taille", kLater);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->order.raison_annulation, "erreur de taille");
  EXPECT_TRUE(paid->release_stock);
  EXPECT_EQ(paid->emit_order_cancelled, std::optional<bool>(true));
  EXPECT_TRUE(paid->order.remboursement_demande);
}

TEST(OrderSagaTest, CancellationAfterShippingIsRefusedAndRepeatIsANoOp) {
  for (S s : {S::kExpediee, S::kLivree}) {
    absl::StatusOr<OrderDecision> d = DecideCancel(Order(s), "", kLater);
    EXPECT_EQ(d.status().code(), absl::StatusCode::kFailedPrecondition) << OrderStatusName(s);
  }
  absl::StatusOr<OrderDecision> again = DecideCancel(Order(S::kAnnulee), "", kLater);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->changed);
  EXPECT_FALSE(again->release_stock);
}

TEST(OrderSagaTest, ExpiryOnlyForWaitingOrdersPastTheDeadline) {
  Commande c = Order(S::kEnAttente);
  EXPECT_FALSE(DecideExpiry(c, c.date_limite_paiement - std::chrono::milliseconds(1)).changed);
  OrderDecision d = DecideExpiry(c, c.date_limite_paiement);
  EXPECT_TRUE(d.changed);
  EXPECT_EQ(d.order.statut, S::kAnnulee);
  EXPECT_EQ(d.order.raison_annulation, kRaisonDelaiDepasse);
  EXPECT_TRUE(d.release_stock);
  EXPECT_EQ(d.emit_order_cancelled, std::optional<bool>(false));
  for (S s : {S::kPayee, S::kExpediee, S::kLivree, S::kAnnulee}) {
    EXPECT_FALSE(DecideExpiry(Order(s), kLater + std::chrono::hours(1)).changed);
  }
}

// Whatever the decision, the status moves only along legal transitions and
// stock is released only on the way into ANNULEE.
TEST(OrderSagaTest, EveryDecisionFollowsTheStateMachine) {
  const S all[] = {S::kEnAttente, S::kPayee, S::kExpediee, S::kLivree, S::kAnnulee};
  const DeliveryStep steps[] = {DeliveryStep::kEnPreparation, DeliveryStep::kExpediee, DeliveryStep::kEnTransit,
                                DeliveryStep::kLivree, DeliveryStep::kEchec};
  for (S s : all) {
    const Commande before = Order(s);
    std::vector<OrderDecision> ds = {DecidePaymentSucceeded(before, "pay_1", kLater),
                                     DecidePaymentSucceeded(before, "pay_2", kLater),
                                     DecidePaymentFailed(before, "x", kLater),
                                     DecidePaymentRefunded(before, "pay_1"),
                                     DecideExpiry(before, kLater + std::chrono::hours(1))};
    for (DeliveryStep step : steps) ds.push_back(DecideDeliveryStep(before, "liv_1", step, "", kLater));
    if (auto c = DecideCancel(before, "", kLater); c.ok()) ds.push_back(*c);
    for (const OrderDecision& d : ds) {
      S at = before.statut;
      for (size_t i = before.historique.size(); i < d.order.historique.size(); ++i) {
        EXPECT_TRUE(IsLegalTransition(at, d.order.historique[i].statut));
        at = d.order.historique[i].statut;
      }
      EXPECT_EQ(at, d.order.statut);
      EXPECT_EQ(d.release_stock, before.statut != S::kAnnulee && d.order.statut == S::kAnnulee);
      if (!d.changed) {
        EXPECT_EQ(d.order, before);
      }
    }
  }
}

}  // namespace
}  // namespace parfumerie::catalog

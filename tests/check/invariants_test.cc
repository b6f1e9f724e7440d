#include "check/invariants.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::check {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

v1::Parfum Parfum(const std::string& id, int32_t stock, int64_t received) {
  v1::Parfum p;
  p.set_id(id);
  p.set_stock(stock);
  p.set_stock_entrees(received);
  return p;
}

v1::Commande Order(const std::string& id, v1::StatutCommande statut, const std::string& parfum,
                   int32_t quantite) {
  v1::Commande c;
  c.set_id(id);
  c.set_statut(statut);
  auto* l = c.add_lignes();
  l->set_parfum_id(parfum);
  l->set_quantite(quantite);
  return c;
}

v1::Paiement Payment(const std::string& id, const std::string& order, v1::StatutPaiement statut) {
  v1::Paiement p;
  p.set_id(id);
  p.set_commande_id(order);
  p.set_statut(statut);
  return p;
}

v1::Livraison Delivery(const std::string& id, const std::string& order, v1::StatutLivraison s) {
  v1::Livraison l;
  l.set_id(id);
  l.set_commande_id(order);
  l.set_statut(s);
  return l;
}

// A consistent shop: 10 received, 3 held by a paid order, 2 by a pending one,
// 4 by a cancelled one (released), so stock is 5.
Snapshot Consistent() {
  Snapshot s;
  s.parfums = {Parfum("prf_a", 5, 10)};
  s.commandes = {Order("cmd_paid", v1::STATUT_COMMANDE_LIVREE, "prf_a", 3),
                 Order("cmd_wait", v1::STATUT_COMMANDE_EN_ATTENTE, "prf_a", 2),
                 Order("cmd_off", v1::STATUT_COMMANDE_ANNULEE, "prf_a", 4)};
  s.paiements = {Payment("pay_1", "cmd_paid", v1::STATUT_PAIEMENT_ACCEPTE),
                 Payment("pay_2", "cmd_off", v1::STATUT_PAIEMENT_REMBOURSE)};
  s.livraisons = {Delivery("liv_1", "cmd_paid", v1::STATUT_LIVRAISON_LIVREE)};
  return s;
}

std::vector<std::string> Rules(const Snapshot& s) {
  std::vector<std::string> rules;
  for (const auto& v : CheckInvariants(s)) rules.push_back(v.rule);
  return rules;
}

TEST(InvariantsTest, ConsistentShopHasNoViolation) { EXPECT_THAT(CheckInvariants(Consistent()), IsEmpty()); }

TEST(InvariantsTest, NegativeStockAndLostUnitsAreReported) {
  Snapshot s = Consistent();
  s.parfums[0].set_stock(-1);
  EXPECT_THAT(Rules(s), ElementsAre("stock-non-negative", "stock-conservation"));
  s = Consistent();
  s.parfums[0].set_stock(6);  // one unit appeared from nowhere
  EXPECT_THAT(Rules(s), ElementsAre("stock-conservation"));
}

TEST(InvariantsTest, CancelledOrderStillHoldingStockBreaksConservation) {
  Snapshot s = Consistent();
  s.parfums[0].set_stock(1);  // the cancelled order's 4 units were never released
  EXPECT_THAT(Rules(s), ElementsAre("stock-conservation"));
}

TEST(InvariantsTest, PaidOrderNeedsExactlyOneAcceptedPayment) {
  Snapshot s = Consistent();
  s.paiements[0].set_statut(v1::STATUT_PAIEMENT_REFUSE);
  EXPECT_THAT(Rules(s), ElementsAre("paid-iff-one-payment"));
  s = Consistent();
  s.paiements.push_back(Payment("pay_3", "cmd_paid", v1::STATUT_PAIEMENT_ACCEPTE));
  EXPECT_THAT(Rules(s), ElementsAre("one-payment-per-order", "paid-iff-one-payment"));
}

TEST(InvariantsTest, CancelledOrderWithUnrefundedPaymentIsReported) {
  Snapshot s = Consistent();
  s.paiements[1].set_statut(v1::STATUT_PAIEMENT_ACCEPTE);
  EXPECT_THAT(Rules(s), ElementsAre("paid-iff-one-payment"));
}

TEST(InvariantsTest, DeliveriesOnlyForPaidOrdersAndOneEach) {
  Snapshot s = Consistent();
  s.livraisons.push_back(Delivery("liv_2", "cmd_paid", v1::STATUT_LIVRAISON_EN_PREPARATION));
  EXPECT_THAT(Rules(s), ElementsAre("one-delivery-per-order"));
  s = Consistent();
  s.livraisons.push_back(Delivery("liv_3", "cmd_wait", v1::STATUT_LIVRAISON_EXPEDIEE));
  EXPECT_THAT(Rules(s), ElementsAre("one-delivery-per-order"));
  s = Consistent();
  s.livraisons.push_back(Delivery("liv_4", "cmd_off", v1::STATUT_LIVRAISON_ECHEC));
  EXPECT_THAT(CheckInvariants(s), IsEmpty());  // stopped delivery of a cancelled order
}

TEST(InvariantsTest, ShippedOrderWithoutDeliveryAndDanglingReferences) {
  Snapshot s = Consistent();
  s.livraisons.clear();
  EXPECT_THAT(Rules(s), ElementsAre("shipped-has-delivery"));
  s = Consistent();
  s.paiements.push_back(Payment("pay_x", "cmd_ghost", v1::STATUT_PAIEMENT_REFUSE));
  EXPECT_THAT(CheckInvariants(s),
              ElementsAre(Field(&Violation::rule, "known-references")));
}

}  // namespace
}  // namespace parfumerie::check

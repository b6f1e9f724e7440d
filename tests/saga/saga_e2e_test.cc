// The order saga end to end, in the all-in-one process: catalogue, payment and
// delivery over the embedded event log, driven through their gRPC APIs, with
// the invariant checker (`parfumerie check`) as the final judge.
#include <atomic>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/shop.h"
#include "support/process.h"

namespace parfumerie::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

bool Is(const v1::Commande& c, v1::StatutCommande s) { return c.statut() == s; }

std::vector<v1::StatutCommande> History(const v1::Commande& c) {
  std::vector<v1::StatutCommande> out;
  for (const auto& h : c.historique()) out.push_back(h.statut());
  return out;
}

class SagaTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
};

TEST_F(SagaTest, PaidOrderIsShippedAndDeliveredWithEveryStepRecorded) {
  Shop shop(dir_.path(), {"--delivery-simulator=true", "--delivery-simulator-interval-ms=50"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum a = shop.CreateParfum("Rose de Saga", 5);
  const v1::Parfum b = shop.CreateParfum("Iris de Saga", 3);
  v1::Commande placed;
  ASSERT_TRUE(shop.Place("key-success", shop.Tokenize(kCardOk), {{a.id(), 2}, {b.id(), 1}},
                         &placed)
                  .ok());
  EXPECT_EQ(placed.statut(), v1::STATUT_COMMANDE_EN_ATTENTE);
  EXPECT_EQ(placed.total_cents(), 3 * 5000);
  EXPECT_EQ(placed.parfum_id(), a.id());  // the seed's single-perfume fields
  EXPECT_EQ(placed.quantite(), 3);
  EXPECT_EQ(shop.GetParfum(a.id()).stock(), 3);  // reserved at once
  EXPECT_EQ(shop.GetParfum(b.id()).stock(), 2);

  const v1::Commande done = shop.WaitOrder(
      placed.id(), [](const v1::Commande& c) { return Is(c, v1::STATUT_COMMANDE_LIVREE); });
  ASSERT_EQ(done.statut(), v1::STATUT_COMMANDE_LIVREE) << done.DebugString();
  EXPECT_THAT(History(done),
              ::testing::ElementsAre(v1::STATUT_COMMANDE_EN_ATTENTE, v1::STATUT_COMMANDE_PAYEE,
                                     v1::STATUT_COMMANDE_EXPEDIEE, v1::STATUT_COMMANDE_LIVREE));
  EXPECT_FALSE(done.paiement_id().empty());
  EXPECT_FALSE(done.livraison_id().empty());

  grpc::ClientContext ctx;
  v1::GetPaymentForOrderRequest preq;
  preq.set_commande_id(placed.id());
  v1::Paiement payment;
  ASSERT_TRUE(shop.payments().GetPaymentForOrder(&ctx, preq, &payment).ok());
  EXPECT_EQ(payment.statut(), v1::STATUT_PAIEMENT_ACCEPTE);
  EXPECT_EQ(payment.montant_cents(), 15000);
  EXPECT_EQ(payment.derniers_chiffres(), "4242");

  auto [code, out] = shop.Check(5s);
  EXPECT_EQ(code, 0) << out;
  EXPECT_EQ(shop.Stop(), 0);
}

TEST_F(SagaTest, DeclinedCardCancelsWithItsReasonAndReleasesTheStock) {
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum p = shop.CreateParfum("Ambre Refusé", 4);
  v1::Commande placed;
  ASSERT_TRUE(shop.Place("key-declined", shop.Tokenize(kCardInsufficientFunds), {{p.id(), 3}},
                         &placed)
                  .ok());
  const v1::Commande done = shop.WaitOrder(
      placed.id(), [](const v1::Commande& c) { return Is(c, v1::STATUT_COMMANDE_ANNULEE); });
  ASSERT_EQ(done.statut(), v1::STATUT_COMMANDE_ANNULEE) << done.DebugString();
  EXPECT_FALSE(done.raison_annulation().empty());
  EXPECT_EQ(shop.GetParfum(p.id()).stock(), 4);
  auto [code, out] = shop.Check(5s);
  EXPECT_EQ(code, 0) << out;
}

TEST_F(SagaTest, TransientProviderFailureIsRetriedUntilPaid) {
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum p = shop.CreateParfum("Vétiver Tenace", 2);
  v1::Commande placed;
  ASSERT_TRUE(
      shop.Place("key-transient", shop.Tokenize(kCardTransient), {{p.id(), 1}}, &placed).ok());
  const v1::Commande done = shop.WaitOrder(
      placed.id(), [](const v1::Commande& c) { return Is(c, v1::STATUT_COMMANDE_PAYEE); });
  EXPECT_EQ(done.statut(), v1::STATUT_COMMANDE_PAYEE) << done.DebugString();
  auto [code, out] = shop.Check(5s);
  EXPECT_EQ(code, 0) << out;
}

TEST_F(SagaTest, CancellingAPaidOrderRefundsItReleasesStockAndStopsTheDelivery) {
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum p = shop.CreateParfum("Néroli Annulé", 5);
  v1::Commande placed;
  ASSERT_TRUE(shop.Place("key-cancel", shop.Tokenize(kCardOk), {{p.id(), 2}}, &placed).ok());
  ASSERT_EQ(shop.WaitOrder(placed.id(),
                           [](const v1::Commande& c) {
                             return Is(c, v1::STATUT_COMMANDE_PAYEE) && !c.livraison_id().empty();
                           })
                .statut(),
            v1::STATUT_COMMANDE_PAYEE);
  {
    grpc::ClientContext ctx;
    v1::CancelOrderRequest req;
    req.set_id(placed.id());
    req.set_raison("changé d'avis");
    v1::Commande cancelled;
    ASSERT_TRUE(shop.orders().CancelOrder(&ctx, req, &cancelled).ok());
    EXPECT_EQ(cancelled.statut(), v1::STATUT_COMMANDE_ANNULEE);
  }
  EXPECT_EQ(shop.GetParfum(p.id()).stock(), 5);
  // The refund and the stopped delivery follow through the saga.
  auto [code, out] = shop.Check(10s);
  EXPECT_EQ(code, 0) << out;
  grpc::ClientContext ctx;
  v1::GetPaymentForOrderRequest req;
  req.set_commande_id(placed.id());
  v1::Paiement payment;
  ASSERT_TRUE(shop.payments().GetPaymentForOrder(&ctx, req, &payment).ok());
  EXPECT_EQ(payment.statut(), v1::STATUT_PAIEMENT_REMBOURSE);
}

TEST_F(SagaTest, IdempotencyKeyReturnsTheSameOrderAndRefusesOtherContent) {
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum p = shop.CreateParfum("Musc Unique", 10);
  const std::string token = shop.Tokenize(kCardOk);
  v1::Commande first;
  v1::Commande again;
  ASSERT_TRUE(shop.Place("key-idem", token, {{p.id(), 2}}, &first).ok());
  ASSERT_TRUE(shop.Place("key-idem", token, {{p.id(), 2}}, &again).ok());
  EXPECT_EQ(first.id(), again.id());
  v1::Commande other;
  grpc::Status s = shop.Place("key-idem", token, {{p.id(), 3}}, &other);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(shop.GetParfum(p.id()).stock(), 8);  // reserved once
}

TEST_F(SagaTest, OrderWithoutPaymentResultIsCancelledAtItsDeadline) {
  // Only the catalogue runs: nobody answers OrderPlaced.
  Shop shop(dir_.path(), {"serve", "--target=catalog", "--payment-timeout-ms=1000",
                          "--order-expiry-interval-ms=50"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum p = shop.CreateParfum("Oud Oublié", 3);
  v1::Commande placed;
  ASSERT_TRUE(shop.Place("key-deadline", "pm_nobody_answers", {{p.id(), 2}}, &placed).ok());
  EXPECT_EQ(shop.GetParfum(p.id()).stock(), 1);
  const v1::Commande done = shop.WaitOrder(
      placed.id(), [](const v1::Commande& c) { return Is(c, v1::STATUT_COMMANDE_ANNULEE); });
  ASSERT_EQ(done.statut(), v1::STATUT_COMMANDE_ANNULEE) << done.DebugString();
  EXPECT_THAT(done.raison_annulation(), HasSubstr("délai"));
  EXPECT_EQ(shop.GetParfum(p.id()).stock(), 3);
}

TEST_F(SagaTest, InsufficientStockRefusesTheWholeOrderNamingThePerfume) {
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const v1::Parfum plenty = shop.CreateParfum("Bergamote Abondante", 10);
  const v1::Parfum scarce = shop.CreateParfum("Santal Rare", 1);
  v1::Commande out;
  grpc::Status s =
      shop.Place("key-short", shop.Tokenize(kCardOk), {{plenty.id(), 2}, {scarce.id(), 2}}, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr(scarce.id()));
  EXPECT_EQ(shop.GetParfum(plenty.id()).stock(), 10);  // nothing half-reserved
  EXPECT_EQ(shop.GetParfum(scarce.id()).stock(), 1);
}

TEST_F(SagaTest, ManyCustomersRacingForFewBottlesNeverOversell) {
  Shop shop(dir_.path(), {"--delivery-simulator=true", "--delivery-simulator-interval-ms=100"});
  ASSERT_TRUE(shop.ok());
  constexpr int kStock = 12;
  const v1::Parfum p = shop.CreateParfum("Jasmin Convoité", kStock);
  const std::string good = shop.Tokenize(kCardOk);
  const std::string bad = shop.Tokenize(kCardDeclined);
  constexpr int kClients = 8;
  constexpr int kOrdersEach = 6;
  std::atomic<int> accepted{0};
  std::atomic<int> refused_for_stock{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kOrdersEach; ++i) {
        v1::Commande out;
        const std::string key = "race-" + std::to_string(c) + "-" + std::to_string(i);
        grpc::Status s = shop.Place(key, (c + i) % 3 == 0 ? bad : good, {{p.id(), 1}}, &out);
        if (s.ok()) {
          ++accepted;
        } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
          ++refused_for_stock;
        } else {
          ADD_FAILURE() << s.error_message();
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(accepted + refused_for_stock, kClients * kOrdersEach);
  EXPECT_GE(accepted.load(), kStock);  // declined orders give their bottle back
  auto [code, out] = shop.Check(20s);
  EXPECT_EQ(code, 0) << out;
  EXPECT_GE(shop.GetParfum(p.id()).stock(), 0);
}

}  // namespace
}  // namespace parfumerie::testing

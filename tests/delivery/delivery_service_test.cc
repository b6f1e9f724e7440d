// The service and the saga's handlers over the SQLite store in a temp dir:
// creation once per paid order (redelivered, raced), operator steps, version
// conflicts, cancellations, and exactly one outbox event per change.
#include "delivery/delivery_service.h"

#include <atomic>
#include <thread>
#include <vector>

#include "delivery/delivery_events.h"
#include "delivery/sqlite/sqlite_delivery_store.h"
#include "delivery_test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::delivery::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(DeliveryFixture, OrderPaidCreatesOneDeliveryAndPublishesItsFirstStep) {
  ASSERT_TRUE(service_->OnOrderPaid(Paid("cmd_1"), Ctx("m1")).ok());
  absl::StatusOr<Livraison> l = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->id, "liv_1");
  EXPECT_EQ(l->statut, Statut::kEnPreparation);
  EXPECT_EQ(l->adresse.ville, "Bordeaux");
  EXPECT_FALSE(l->transporteur.empty());
  EXPECT_FALSE(l->numero_suivi.empty());
  EXPECT_EQ(l->cree_le, Now());

  std::vector<v1::DeliveryStatusChanged> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].livraison_id(), "liv_1");
  EXPECT_EQ(events[0].commande_id(), "cmd_1");
  EXPECT_EQ(events[0].numero_suivi(), l->numero_suivi);
  EXPECT_EQ(events[0].evenement().statut(), v1::STATUT_LIVRAISON_EN_PREPARATION);
  EXPECT_EQ(notified_.load(), 1);
}

TEST_F(DeliveryFixture, ARedeliveredOrderPaidChangesNothing) {
  ASSERT_TRUE(service_->OnOrderPaid(Paid("cmd_1"), Ctx("m1")).ok());
  ASSERT_TRUE(service_->OnOrderPaid(Paid("cmd_1"), Ctx("m1")).ok());
  // Another message for the same order (e.g. republished by a new event id).
  ASSERT_TRUE(service_->OnOrderPaid(Paid("cmd_1"), Ctx("m2")).ok());
  EXPECT_EQ(service_->List({})->total, 1);
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_EQ(notified_.load(), 1);
}

TEST_F(DeliveryFixture, TheOutboxListenerCanBeSetAfterConstruction) {
  std::atomic<int> late{0};
  service_->SetOnOutboxWrite([&] { ++late; });
  const std::string id = Created("cmd_1");
  ASSERT_TRUE(service_->Advance(id, std::nullopt).ok());
  EXPECT_FALSE(service_->Advance(id, 1).ok());
  EXPECT_EQ(late.load(), 2) << "once per committed change, never for a refused one";
  EXPECT_EQ(notified_.load(), 0);
}

TEST_F(DeliveryFixture, ConcurrentHandlingOfOneOrderCreatesOneDelivery) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      if (!service_->OnOrderPaid(Paid("cmd_race"), Ctx(t % 2 == 0 ? "m_same" : "m_" + std::to_string(t))).ok()) {
        ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(service_->List({})->total, 1);
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(DeliveryFixture, AnEventWithoutIdOrWithABadOrderIdIsInvalidArgument) {
  EXPECT_EQ(service_->OnOrderPaid(Paid("cmd_1"), Ctx("")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->OnOrderPaid(Paid("cmd 1"), Ctx("m1")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->OnOrderCancelled({"", "x"}, Ctx("m2")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Events().empty());
}

TEST_F(DeliveryFixture, AdvanceWalksTheHappyPathWithOneEventPerStep) {
  const std::string id = Created("cmd_1");
  const Statut path[] = {Statut::kExpediee, Statut::kEnTransit, Statut::kLivree};
  for (Statut expected : path) {
    Tick();
    absl::StatusOr<Livraison> l = service_->Advance(id, std::nullopt);
    ASSERT_TRUE(l.ok()) << l.status();
    EXPECT_EQ(l->statut, expected);
    EXPECT_EQ(l->maj_le, Now());
    EXPECT_EQ(*service_->Get(id), *l);
  }
  std::vector<v1::DeliveryStatusChanged> events = Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].evenement().statut(), v1::STATUT_LIVRAISON_LIVREE);
  EXPECT_EQ(events[3].evenement().lieu(), "33000 Bordeaux");

  absl::StatusOr<Livraison> after = service_->Advance(id, std::nullopt);
  EXPECT_EQ(after.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(after.status().message(), HasSubstr("LIVREE"));
  EXPECT_EQ(service_->Fail(id, std::nullopt, "perdu").status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Events().size(), 4u);
}

TEST_F(DeliveryFixture, OperatorLieuAndCommentaireAreRecorded) {
  const std::string id = Created("cmd_1");
  absl::StatusOr<Livraison> l = service_->Advance(id, 1, "Hub Chronopost, Chilly-Mazarin", "Départ du hub");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->suivi.back().lieu, "Hub Chronopost, Chilly-Mazarin");
  EXPECT_EQ(l->suivi.back().commentaire, "Départ du hub");
  EXPECT_EQ(service_->Advance(id, std::nullopt, std::string(kMaxLieuBytes + 1, 'x')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Advance(id, std::nullopt, "", "ligne\x01").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Advance(id, std::nullopt, "\xff\xfe").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(DeliveryFixture, AStaleExpectedVersionIsAbortedAndChangesNothing) {
  const std::string id = Created("cmd_1");
  ASSERT_TRUE(service_->Advance(id, 1).ok());
  absl::StatusOr<Livraison> stale = service_->Advance(id, 1);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(stale.status().message(), HasSubstr("version 2"));
  EXPECT_EQ(service_->Fail(id, 1, "perdu").status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(service_->Get(id)->statut, Statut::kExpediee);
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(DeliveryFixture, ConcurrentAdvancesWithoutVersionEachApplyOnce) {
  const std::string id = Created("cmd_1");
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] { EXPECT_TRUE(service_->Advance(id, std::nullopt).ok()); });
  }
  for (std::thread& t : threads) t.join();
  const Livraison l = *service_->Get(id);
  EXPECT_EQ(l.statut, Statut::kLivree);
  EXPECT_EQ(l.version, 4);
  EXPECT_EQ(Events().size(), 4u);
}

TEST_F(DeliveryFixture, FailNeedsAReasonAndEndsTheDelivery) {
  const std::string id = Created("cmd_1");
  ASSERT_TRUE(service_->Advance(id, std::nullopt).ok());
  EXPECT_EQ(service_->Fail(id, std::nullopt, "  ").status().code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<Livraison> failed = service_->Fail(id, 2, "Adresse introuvable");
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->statut, Statut::kEchec);
  EXPECT_EQ(failed->suivi.back().commentaire, "Adresse introuvable");
  absl::StatusOr<Livraison> again = service_->Fail(id, std::nullopt, "encore");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.status().message(), HasSubstr("ECHEC"));
  EXPECT_EQ(Events().size(), 3u);
}

TEST_F(DeliveryFixture, UnknownAndMalformedIds) {
  EXPECT_EQ(service_->Get("liv_nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Get("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->GetForOrder("cmd/../x").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->Advance("liv_nope", std::nullopt).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Fail("liv_nope", std::nullopt, "x").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(DeliveryFixture, CancellingAnOrderStopsItsDeliveryOnce) {
  const std::string id = Created("cmd_1");
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_1", "client"}, Ctx("c1")).ok());
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_1", "client"}, Ctx("c1")).ok());
  const Livraison l = *service_->Get(id);
  EXPECT_EQ(l.statut, Statut::kEchec);
  EXPECT_THAT(l.suivi.back().commentaire, HasSubstr("Commande annulée (client)"));
  EXPECT_THAT(l.suivi.back().commentaire, HasSubstr("non expédié"));
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(DeliveryFixture, CancellingAShippedOrderReturnsTheParcel) {
  const std::string id = Created("cmd_1");
  ASSERT_TRUE(service_->Advance(id, std::nullopt).ok());
  ASSERT_TRUE(service_->Advance(id, std::nullopt).ok());
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_1", "client"}, Ctx("c1")).ok());
  const Livraison l = *service_->Get(id);
  EXPECT_EQ(l.statut, Statut::kEchec);
  EXPECT_THAT(l.suivi.back().commentaire, HasSubstr("retourné"));
}

TEST_F(DeliveryFixture, CancellingWithNothingToStopIsANoOp) {
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_unpaid", "deadline"}, Ctx("c0")).ok());
  const std::string id = Created("cmd_1");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(service_->Advance(id, std::nullopt).ok());
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_1", "client"}, Ctx("c1")).ok());
  EXPECT_EQ(service_->Get(id)->statut, Statut::kLivree);
  EXPECT_EQ(Events().size(), 4u);
}

TEST_F(DeliveryFixture, AnOrderPaidReplayedAfterTheCancellationCreatesNoDelivery) {
  // OrderPaid was dead-lettered, the order was cancelled, then the dead
  // letter was replayed: the order must not be shipped.
  ASSERT_TRUE(service_->OnOrderCancelled({"cmd_1", "client"}, Ctx("c1")).ok());
  ASSERT_TRUE(service_->OnOrderPaid(Paid("cmd_1"), Ctx("m1")).ok());
  EXPECT_EQ(service_->GetForOrder("cmd_1").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(Events().empty());
}

TEST_F(DeliveryFixture, ListFiltersByStatutAndPages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    Tick();
    ids.push_back(Created("cmd_" + std::to_string(i)));
  }
  ASSERT_TRUE(service_->Advance(ids[2], std::nullopt).ok());
  ASSERT_TRUE(service_->Advance(ids[5], std::nullopt).ok());

  std::vector<std::string> seen;
  ListQuery query{.statut = std::nullopt, .page_size = 3, .page_token = {}};
  for (;;) {
    absl::StatusOr<LivraisonPage> page = service_->List(query);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->total, 7);
    for (const Livraison& l : page->items) seen.push_back(l.id);
    if (page->next_page_token.empty()) break;
    query.page_token = page->next_page_token;
  }
  EXPECT_EQ(seen, std::vector<std::string>(ids.rbegin(), ids.rend()));

  absl::StatusOr<LivraisonPage> shipped = service_->List({.statut = Statut::kExpediee, .page_size = 0, .page_token = {}});
  ASSERT_TRUE(shipped.ok());
  EXPECT_EQ(shipped->total, 2);
  ASSERT_EQ(shipped->items.size(), 2u);
  EXPECT_EQ(shipped->items[0].id, ids[5]);
  EXPECT_TRUE(shipped->next_page_token.empty());

  EXPECT_EQ(service_->List({.statut = std::nullopt, .page_size = 101, .page_token = {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->List({.statut = std::nullopt, .page_size = -1, .page_token = {}}).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<LivraisonPage> first = service_->List({.statut = std::nullopt, .page_size = 1, .page_token = {}});
  EXPECT_EQ(service_->List({.statut = Statut::kLivree, .page_size = 1, .page_token = first->next_page_token})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parfumerie::delivery::testing

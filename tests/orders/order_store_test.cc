// Placing, cancelling, expiring and listing orders on the SQLite catalogue
// database: atomicity, idempotency, no oversell, outbox contents.
#include <sqlite3.h>

#include <thread>

#include "catalog/orders/order_expirer.h"
#include "catalog/orders/order_saga.h"
#include "gmock/gmock.h"
#include "order_fixture.h"

namespace parfumerie::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPlaced[] = "parfumerie.v1.OrderPlaced";
constexpr char kStatus[] = "parfumerie.v1.OrderStatusChanged";
constexpr char kPaid[] = "parfumerie.v1.OrderPaid";
constexpr char kCancelled[] = "parfumerie.v1.OrderCancelled";

class OrderStoreTest : public OrderFixture {};

TEST_F(OrderStoreTest, PlacingReservesStockStoresTheOrderAndQueuesItsEvents) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  const std::string iris = AddParfum("Iris Poudré", 12000, 3);
  DrainOutbox();
  Commande c = Place({{ambre, 2}, {iris, 1}}, "k-1");
  EXPECT_THAT(c.id, ::testing::StartsWith("cmd_"));
  EXPECT_EQ(c.statut, OrderStatus::kEnAttente);
  EXPECT_EQ(c.ParfumId(), ambre);
  EXPECT_EQ(c.Quantite(), 3);
  ASSERT_EQ(c.lignes.size(), 2u);
  EXPECT_EQ(c.lignes[0], (OrderLine{ambre, "Ambre Nuit", 2, 8900}));
  EXPECT_EQ(c.lignes[1], (OrderLine{iris, "Iris Poudré", 1, 12000}));
  EXPECT_EQ(c.total_cents, 2 * 8900 + 12000);
  EXPECT_EQ(c.date_commande, Now());
  EXPECT_EQ(c.date_limite_paiement, Now() + std::chrono::minutes(15));
  ASSERT_EQ(c.historique.size(), 1u);
  EXPECT_EQ(c.historique[0].statut, OrderStatus::kEnAttente);
  EXPECT_EQ(Stock(ambre), 3);
  EXPECT_EQ(Stock(iris), 2);

  absl::StatusOr<Commande> got = orders_->GetOrder(c.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, c);

  EXPECT_THAT(OutboxTypes(), ElementsAre(kPlaced, kStatus));
  std::vector<bus::OutboxEntry> out = Outbox();
  for (const bus::OutboxEntry& e : out) {
    EXPECT_EQ(e.message.topic, "commandes");
    EXPECT_EQ(e.message.key, c.id);
    EXPECT_FALSE(e.message.Id().empty());
  }
  std::vector<v1::OrderPlaced> placed = OutboxEvents<v1::OrderPlaced>();
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].commande_id(), c.id);
  EXPECT_EQ(placed[0].client_id(), "usr_camille");
  EXPECT_EQ(placed[0].total_cents(), c.total_cents);
  EXPECT_EQ(placed[0].payment_method_token(), "tok_visa_4242");
  EXPECT_EQ(placed[0].lignes_size(), 2);
  EXPECT_EQ(placed[0].lignes(0).total_cents(), 17800);
  EXPECT_EQ(placed[0].payment_deadline().seconds(), ToUnixMillis(c.date_limite_paiement) / 1000);
  EXPECT_EQ(placed[0].adresse_livraison().ville(), "Paris");
  EXPECT_GE(notified_.load(), 1);
}

TEST_F(OrderStoreTest, PlacementCountsTheLinesThatTookTheLastBottles) {
  const std::string last = AddParfum("Dernier Oud", 9000, 2);
  const std::string plenty = AddParfum("Cèdre Abondant", 5000, 10);
  NewOrder order{.id = "cmd_stockout0000000000001",
                 .client_id = "usr_camille",
                 .lignes = {{last, 2}, {plenty, 3}},
                 .adresse_livraison = Input({}).adresse_livraison,
                 .placed_at = Now(),
                 .payment_deadline = Now() + std::chrono::minutes(15),
                 .idempotency_key = "k-stockout",
                 .fingerprint = "fingerprint",
                 .max_total_cents = 100'000'000};
  auto events = [](const Commande& c) {
    bus::Message m;
    m.topic = "commandes";
    m.key = c.id;
    m.headers = {{std::string(bus::kCeId), "evt_stockout"}};
    return std::vector<bus::Message>{m};
  };
  absl::StatusOr<PlaceOrderResult> placed = db_.orders->PlaceOrder(order, events);
  ASSERT_TRUE(placed.ok()) << placed.status();
  EXPECT_EQ(placed->stock_outs, 1);
  EXPECT_EQ(Stock(last), 0);
  absl::StatusOr<PlaceOrderResult> replayed = db_.orders->PlaceOrder(order, events);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_TRUE(replayed->replayed);
  EXPECT_EQ(replayed->stock_outs, 0);  // counted once, when it happened
}

TEST_F(OrderStoreTest, OneLineShortReservesNothingAndNamesThePerfume) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  const std::string iris = AddParfum("Iris Poudré", 12000, 1);
  DrainOutbox();
  absl::StatusOr<Commande> c = orders_->PlaceOrder(Input({{ambre, 2}, {iris, 3}}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("Iris Poudré"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("only 1 left"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("lignes[1]"));
  EXPECT_EQ(Stock(ambre), 5);
  EXPECT_EQ(Stock(iris), 1);
  EXPECT_TRUE(AllOrders().empty());
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(OrderStoreTest, UnknownOrArchivedPerfumeIsNotFound) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  const std::string old = AddParfum("Ancien", 5000, 5);
  ASSERT_TRUE(catalog_->Delete(old, std::nullopt).ok());
  DrainOutbox();
  for (const std::string& missing : {std::string("prf_nope"), old}) {
    absl::StatusOr<Commande> c = orders_->PlaceOrder(Input({{ambre, 1}, {missing, 1}}));
    EXPECT_EQ(c.status().code(), absl::StatusCode::kNotFound);
    EXPECT_THAT(std::string(c.status().message()), HasSubstr(missing));
  }
  EXPECT_EQ(Stock(ambre), 5);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(OrderStoreTest, InvalidInputWritesNothing) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 50);
  PlaceOrderInput in = Input({{ambre, 11}});
  EXPECT_EQ(orders_->PlaceOrder(in).status().code(), absl::StatusCode::kInvalidArgument);
  in = Input({{ambre, 1}});
  in.adresse_livraison.pays = "France";
  EXPECT_EQ(orders_->PlaceOrder(in).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Stock(ambre), 50);
  EXPECT_TRUE(AllOrders().empty());
}

TEST_F(OrderStoreTest, TotalAboveTheMaximumIsRefusedAndReservesNothing) {
  const std::string cher = AddParfum("Extrait Rare", 9'000'000, 20);  // 90 000 €
  absl::StatusOr<Commande> c = orders_->PlaceOrder(Input({{cher, 2}}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("total"));
  EXPECT_EQ(Stock(cher), 20);
}

TEST_F(OrderStoreTest, DuplicateLinesAreMerged) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande c = Place({{ambre, 2}, {ambre, 3}});
  ASSERT_EQ(c.lignes.size(), 1u);
  EXPECT_EQ(c.lignes[0].quantite, 5);
  EXPECT_EQ(Stock(ambre), 5);
}

TEST_F(OrderStoreTest, LinesKeepThePriceAndNameOfOrderTime) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande c = Place({{ambre, 1}});
  ParfumPatch patch;
  patch.nom = "Ambre Nuit Intense";
  patch.prix_cents = 9900;
  ASSERT_TRUE(catalog_->Update(ambre, patch, std::nullopt).ok());
  absl::StatusOr<Commande> got = orders_->GetOrder(c.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->lignes[0].nom, "Ambre Nuit");
  EXPECT_EQ(got->lignes[0].prix_unitaire_cents, 8900);
}

TEST_F(OrderStoreTest, SameKeySameContentReturnsTheSameOrderOnce) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  DrainOutbox();
  Commande first = Place({{ambre, 2}}, "checkout-42");
  Advance(std::chrono::seconds(3));
  // Same content, written differently (merged lines, spaces): still the same.
  absl::StatusOr<Commande> again = orders_->PlaceOrder(Input({{ambre, 1}, {" " + ambre, 1}}, "checkout-42"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, first);
  EXPECT_EQ(Stock(ambre), 8);
  EXPECT_EQ(AllOrders().size(), 1u);
  EXPECT_EQ(OutboxEvents<v1::OrderPlaced>().size(), 1u);
}

TEST_F(OrderStoreTest, SameKeyOtherContentIsRefused) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Place({{ambre, 2}}, "checkout-42");
  absl::StatusOr<Commande> other = orders_->PlaceOrder(Input({{ambre, 3}}, "checkout-42"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("idempotency_key"));
  // Another client reusing the key does not get the first client's order.
  absl::StatusOr<Commande> stranger =
      orders_->PlaceOrder(Input({{ambre, 2}}, "checkout-42", "usr_mallory"));
  EXPECT_EQ(stranger.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Stock(ambre), 8);
  EXPECT_EQ(AllOrders().size(), 1u);
}

TEST_F(OrderStoreTest, ConcurrentRetriesWithOneKeyMakeOneOrder) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 100);
  std::vector<std::thread> threads;
  std::vector<std::string> ids(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      absl::StatusOr<Commande> c = orders_->PlaceOrder(Input({{ambre, 3}}, "same-click"));
      if (c.ok()) ids[t] = c->id;
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(Stock(ambre), 97);
  EXPECT_EQ(AllOrders().size(), 1u);
}

TEST_F(OrderStoreTest, ConcurrentPlacementsNeverOversell) {
  constexpr int kInitial = 25;
  const std::string rare = AddParfum("Rose Rare", 15000, kInitial);
  const std::string other = AddParfum("Vétiver", 7000, 1000);
  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 12; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 6; ++i) {
        const int q = 1 + (t + i) % 3;
        absl::StatusOr<Commande> c = orders_->PlaceOrder(Input({{other, 1}, {rare, q}}));
        if (c.ok()) {
          sold += q;
        } else if (absl::IsFailedPrecondition(c.status())) {
          ++refused;
        } else {
          ++unexpected;
        }
        // The catalogue writes on the same file at the same time (restock of
        // the other perfume): no SQLITE_BUSY between the two stores.
        if (!catalog_->AdjustStock(other, 1, std::nullopt).ok()) ++unexpected;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_GT(refused.load(), 0);
  EXPECT_LE(sold.load(), kInitial);
  EXPECT_GE(Stock(rare), 0);
  EXPECT_EQ(Stock(rare) + Reserved(rare), kInitial);
  EXPECT_EQ(Reserved(rare), sold.load());
  EXPECT_EQ(Stock(other) + Reserved(other), 1000 + 12 * 6);
}

TEST_F(OrderStoreTest, CancelBeforePaymentReleasesStockWithoutRefund) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande c = Place({{ambre, 2}});
  DrainOutbox();
  absl::StatusOr<Commande> cancelled = orders_->CancelOrder(c.id, "  je me suis trompée  ");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->statut, OrderStatus::kAnnulee);
  EXPECT_EQ(cancelled->raison_annulation, "je me suis trompée");
  EXPECT_EQ(cancelled->version, c.version + 1);
  EXPECT_EQ(Stock(ambre), 5);
  EXPECT_THAT(OutboxTypes(), ElementsAre(kCancelled, kStatus));
  std::vector<v1::OrderCancelled> ev = OutboxEvents<v1::OrderCancelled>();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].refund());
  EXPECT_EQ(ev[0].raison(), "je me suis trompée");

  // Again: nothing more happens.
  DrainOutbox();
  absl::StatusOr<Commande> again = orders_->CancelOrder(c.id, "");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version, cancelled->version);
  EXPECT_EQ(Stock(ambre), 5);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(OrderStoreTest, CancelAfterPaymentAsksForARefund) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande c = Place({{ambre, 2}});
  ASSERT_TRUE(orders_->OnPaymentSucceeded({"evt_1", ""}, c.id, "pay_7").ok());
  DrainOutbox();
  absl::StatusOr<Commande> cancelled = orders_->CancelOrder(c.id, "");
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_EQ(cancelled->raison_annulation, kRaisonClient);
  EXPECT_TRUE(cancelled->remboursement_demande);
  EXPECT_EQ(Stock(ambre), 5);
  std::vector<v1::OrderCancelled> ev = OutboxEvents<v1::OrderCancelled>();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].refund());
  EXPECT_EQ(ev[0].paiement_id(), "pay_7");
}

TEST_F(OrderStoreTest, EventsAppliedInAConsumerTransactionShareItsCommit) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande a = Place({{ambre, 1}});
  Commande b = Place({{ambre, 1}});
  DrainOutbox();
  bus::TransactionScope scope = db_.orders->ConsumerTransaction();
  ASSERT_TRUE(scope);
  OrderStatus seen_inside = OrderStatus::kPayee;
  absl::Status s = scope([&] {
    EXPECT_TRUE(orders_->OnPaymentSucceeded({"evt_1", ""}, a.id, "pay_1").ok());
    // A refused change inside the batch rolls back only itself.
    EXPECT_FALSE(orders_->OnDeliveryStep({"evt_2", ""}, "cmd_unknown", "liv_1", DeliveryStep::kExpediee, "").ok());
    EXPECT_TRUE(orders_->OnPaymentSucceeded({"evt_3", ""}, b.id, "pay_2").ok());
    // Readers see the state before the batch until it commits.
    seen_inside = orders_->GetOrder(a.id)->statut;
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen_inside, OrderStatus::kEnAttente);
  EXPECT_EQ(orders_->GetOrder(a.id)->statut, OrderStatus::kPayee);
  EXPECT_EQ(orders_->GetOrder(b.id)->statut, OrderStatus::kPayee);
  EXPECT_EQ(OutboxEvents<v1::OrderPaid>().size(), 2u);
  // Redelivered after the commit: the inbox remembers both.
  DrainOutbox();
  EXPECT_TRUE(orders_->OnPaymentSucceeded({"evt_1", ""}, a.id, "pay_1").ok());
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(OrderStoreTest, ShippedOrdersCannotBeCancelled) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande c = Place({{ambre, 2}});
  ASSERT_TRUE(orders_->OnPaymentSucceeded({"evt_1", ""}, c.id, "pay_7").ok());
  ASSERT_TRUE(orders_->OnDeliveryStep({"evt_2", ""}, c.id, "liv_1", DeliveryStep::kExpediee, "").ok());
  DrainOutbox();
  absl::StatusOr<Commande> cancelled = orders_->CancelOrder(c.id, "");
  EXPECT_EQ(cancelled.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Stock(ambre), 3);
  EXPECT_TRUE(Outbox().empty());
  EXPECT_EQ(orders_->CancelOrder("cmd_unknown", "").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(OrderStoreTest, ExpiryCancelsOnlyOverdueWaitingOrders) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande overdue = Place({{ambre, 1}});
  Commande paid = Place({{ambre, 2}});
  ASSERT_TRUE(orders_->OnPaymentSucceeded({"evt_p", ""}, paid.id, "pay_1").ok());
  Advance(std::chrono::minutes(10));
  Commande recent = Place({{ambre, 3}});
  Advance(std::chrono::minutes(6));  // the first two are past 15 min, the third is not
  DrainOutbox();

  absl::StatusOr<int> n = orders_->ExpireOverdue(Now(), 100);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(orders_->GetOrder(overdue.id)->statut, OrderStatus::kAnnulee);
  EXPECT_EQ(orders_->GetOrder(overdue.id)->raison_annulation, "délai de paiement dépassé");
  EXPECT_EQ(orders_->GetOrder(paid.id)->statut, OrderStatus::kPayee);
  EXPECT_EQ(orders_->GetOrder(recent.id)->statut, OrderStatus::kEnAttente);
  EXPECT_EQ(Stock(ambre), 10 - 2 - 3);
  std::vector<v1::OrderCancelled> ev = OutboxEvents<v1::OrderCancelled>();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].commande_id(), overdue.id);
  EXPECT_FALSE(ev[0].refund());
  EXPECT_EQ(*orders_->ExpireOverdue(Now(), 100), 0);
}

TEST_F(OrderStoreTest, PaymentAfterExpiryIsRefundedAndTheOrderStaysCancelled) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande c = Place({{ambre, 4}});
  Advance(std::chrono::minutes(16));
  ASSERT_EQ(*orders_->ExpireOverdue(Now(), 100), 1);
  EXPECT_EQ(Stock(ambre), 10);
  DrainOutbox();

  absl::StatusOr<UpdateResult> late = orders_->OnPaymentSucceeded({"evt_late", ""}, c.id, "pay_late");
  ASSERT_TRUE(late.ok()) << late.status();
  EXPECT_EQ(late->order.statut, OrderStatus::kAnnulee);
  EXPECT_EQ(late->order.paiement_id, "pay_late");
  EXPECT_TRUE(late->order.remboursement_demande);
  EXPECT_EQ(Stock(ambre), 10);  // not reserved again, not released twice
  EXPECT_THAT(OutboxTypes(), ElementsAre(kCancelled));
  std::vector<v1::OrderCancelled> ev = OutboxEvents<v1::OrderCancelled>();
  EXPECT_TRUE(ev[0].refund());
  EXPECT_EQ(ev[0].paiement_id(), "pay_late");
  EXPECT_EQ(ev[0].raison(), "délai de paiement dépassé");

  // The refund comes back: noted on the order.
  absl::StatusOr<UpdateResult> refunded = orders_->OnPaymentRefunded({"evt_r", ""}, c.id, "pay_late");
  ASSERT_TRUE(refunded.ok());
  EXPECT_TRUE(refunded->order.rembourse);
  EXPECT_EQ(refunded->order.statut, OrderStatus::kAnnulee);
}

TEST_F(OrderStoreTest, ExpirerThreadCancelsOverdueOrders) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande c = Place({{ambre, 4}});
  Advance(std::chrono::minutes(16));
  OrderExpirer expirer(*orders_, {.interval = std::chrono::milliseconds(5), .batch = 1});
  expirer.Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (orders_->GetOrder(c.id)->statut != OrderStatus::kAnnulee &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  expirer.Stop();
  EXPECT_EQ(orders_->GetOrder(c.id)->statut, OrderStatus::kAnnulee);
  EXPECT_EQ(Stock(ambre), 10);
}

TEST_F(OrderStoreTest, ExpirerRunOnceDrainsMoreThanOneBatch) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  for (int i = 0; i < 5; ++i) Place({{ambre, 1}});
  Advance(std::chrono::minutes(16));
  OrderExpirer expirer(*orders_, {.interval = std::chrono::hours(1), .batch = 2});
  absl::StatusOr<int> n = expirer.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(Stock(ambre), 10);
}

TEST_F(OrderStoreTest, ListsNewestFirstByClientAndStatusWithCursors) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 1000);
  std::vector<std::string> camille;
  for (int i = 0; i < 7; ++i) {
    camille.push_back(Place({{ambre, 1}}).id);
    if (i % 3 == 0) Advance(std::chrono::milliseconds(1));  // some share a timestamp
  }
  absl::StatusOr<Commande> other = orders_->PlaceOrder(Input({{ambre, 1}}, "", "usr_louis"));
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(orders_->CancelOrder(camille[2], "").ok());

  OrderQuery q;
  q.client_id = "usr_camille";
  q.limit = 3;
  std::vector<Commande> seen;
  std::string first_cursor;
  for (int pages = 0; pages < 10; ++pages) {
    absl::StatusOr<OrderPage> page = orders_->ListOrders(q);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->total, 7);
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    if (page->next_cursor.empty()) break;
    if (pages == 0) first_cursor = page->next_cursor;
    q.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 7u);
  for (size_t i = 1; i < seen.size(); ++i) {
    EXPECT_TRUE(seen[i - 1].date_commande > seen[i].date_commande ||
                (seen[i - 1].date_commande == seen[i].date_commande && seen[i - 1].id > seen[i].id));
  }
  for (const Commande& c : seen) {
    EXPECT_EQ(c.client_id, "usr_camille");
    EXPECT_EQ(c.lignes.size(), 1u);  // details loaded
    EXPECT_FALSE(c.historique.empty());
  }

  OrderQuery cancelled;
  cancelled.statut = OrderStatus::kAnnulee;
  absl::StatusOr<OrderPage> page = orders_->ListOrders(cancelled);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, camille[2]);

  OrderQuery all;
  EXPECT_EQ(orders_->ListOrders(all)->total, 8);

  // A cursor from one filter is refused by another; garbage is refused.
  OrderQuery mismatched;
  mismatched.client_id = "usr_louis";
  mismatched.cursor = first_cursor;
  EXPECT_EQ(orders_->ListOrders(mismatched).status().code(), absl::StatusCode::kInvalidArgument);
  mismatched.cursor = "not a cursor";
  EXPECT_EQ(orders_->ListOrders(mismatched).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(OrderStoreTest, OrdersSurviveReopeningTheFile) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 10);
  Commande c = Place({{ambre, 2}}, "k");
  ASSERT_TRUE(orders_->OnPaymentSucceeded({"evt_1", ""}, c.id, "pay_1").ok());
  const size_t pending = Outbox().size();
  Open();
  absl::StatusOr<Commande> got = orders_->GetOrder(c.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->statut, OrderStatus::kPayee);
  EXPECT_EQ(got->historique.size(), 2u);
  EXPECT_EQ(Stock(ambre), 8);
  EXPECT_EQ(Outbox().size(), pending);
  // The inbox survived too: the same message is still a duplicate.
  absl::StatusOr<UpdateResult> again = orders_->OnPaymentSucceeded({"evt_1", ""}, c.id, "pay_1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("catalog.db").c_str(), &raw), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), kSqliteCatalogSchemaVersion);
  sqlite3_finalize(stmt);
  sqlite3_close(raw);
}

}  // namespace
}  // namespace parfumerie::catalog

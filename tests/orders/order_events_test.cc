// The catalogue's bus handler: payment and delivery events applied to orders
// once each, whatever the redeliveries; poison messages refused permanently.
#include "catalog/orders/order_events.h"
#include "gmock/gmock.h"
#include "order_fixture.h"

namespace parfumerie::catalog {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class OrderEventsTest : public OrderFixture {
 protected:
  void SetUp() override {
    OrderFixture::SetUp();
    handler_ = MakeOrderEventHandler(*orders_);
    ambre_ = AddParfum("Ambre Nuit", 8900, 10);
    order_ = Place({{ambre_, 3}});
    DrainOutbox();
  }

  Commande Current() {
    absl::StatusOr<Commande> c = orders_->GetOrder(order_.id);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : Commande{};
  }

  bus::Handler handler_;
  std::string ambre_;
  Commande order_;
};

TEST_F(OrderEventsTest, PaymentSucceededPaysOnceUnderRedelivery) {
  const bus::Message m = Incoming(bus::kTopicPaiements, Succeeded(order_.id, "pay_1"));
  ASSERT_TRUE(handler_(m).ok());
  Commande paid = Current();
  EXPECT_EQ(paid.statut, OrderStatus::kPayee);
  EXPECT_EQ(paid.paiement_id, "pay_1");
  EXPECT_THAT(OutboxTypes(), ElementsAre("parfumerie.v1.OrderPaid", "parfumerie.v1.OrderStatusChanged"));
  std::vector<v1::OrderPaid> ev = OutboxEvents<v1::OrderPaid>();
  EXPECT_EQ(ev[0].paiement_id(), "pay_1");
  EXPECT_EQ(ev[0].lignes_size(), 1);
  EXPECT_EQ(ev[0].adresse_livraison().code_postal(), "75011");
  std::vector<v1::OrderStatusChanged> st = OutboxEvents<v1::OrderStatusChanged>();
  EXPECT_EQ(st[0].statut(), v1::STATUT_COMMANDE_PAYEE);
  EXPECT_EQ(st[0].client_id(), "usr_camille");

  // The same message (same ce_id) again, then the same payment under a new id.
  ASSERT_TRUE(handler_(m).ok());
  ASSERT_TRUE(handler_(Incoming(bus::kTopicPaiements, Succeeded(order_.id, "pay_1"))).ok());
  EXPECT_EQ(Current(), paid);
  EXPECT_EQ(Outbox().size(), 2u);
}

TEST_F(OrderEventsTest, PaymentFailedCancelsAndReleasesStockOnce) {
  const bus::Message m = Incoming(bus::kTopicPaiements, Failed(order_.id, "carte volée"));
  ASSERT_TRUE(handler_(m).ok());
  ASSERT_TRUE(handler_(m).ok());
  Commande c = Current();
  EXPECT_EQ(c.statut, OrderStatus::kAnnulee);
  EXPECT_EQ(c.raison_annulation, "paiement refusé : carte volée");
  EXPECT_EQ(Stock(ambre_), 10);
  EXPECT_THAT(OutboxTypes(), ElementsAre("parfumerie.v1.OrderCancelled", "parfumerie.v1.OrderStatusChanged"));
  EXPECT_FALSE(OutboxEvents<v1::OrderCancelled>()[0].refund());

  // A success arriving after the failure (out of order): refund, no resurrection.
  ASSERT_TRUE(handler_(Incoming(bus::kTopicPaiements, Succeeded(order_.id, "pay_2"))).ok());
  EXPECT_EQ(Current().statut, OrderStatus::kAnnulee);
  EXPECT_EQ(Stock(ambre_), 10);
  std::vector<v1::OrderCancelled> cancelled = OutboxEvents<v1::OrderCancelled>();
  ASSERT_EQ(cancelled.size(), 2u);
  EXPECT_TRUE(cancelled[1].refund());
}

TEST_F(OrderEventsTest, DeliveryStepsAreMirroredAndRedeliveriesIgnored) {
  ASSERT_TRUE(handler_(Incoming(bus::kTopicPaiements, Succeeded(order_.id))).ok());
  const bus::Message prep = Incoming(bus::kTopicLivraisons, Delivery(order_.id, v1::STATUT_LIVRAISON_EN_PREPARATION));
  const bus::Message shipped = Incoming(bus::kTopicLivraisons, Delivery(order_.id, v1::STATUT_LIVRAISON_EXPEDIEE));
  const bus::Message transit = Incoming(bus::kTopicLivraisons, Delivery(order_.id, v1::STATUT_LIVRAISON_EN_TRANSIT));
  const bus::Message delivered = Incoming(bus::kTopicLivraisons, Delivery(order_.id, v1::STATUT_LIVRAISON_LIVREE));
  ASSERT_TRUE(handler_(prep).ok());
  EXPECT_EQ(Current().statut, OrderStatus::kPayee);
  EXPECT_EQ(Current().livraison_id, "liv_1");
  ASSERT_TRUE(handler_(shipped).ok());
  ASSERT_TRUE(handler_(shipped).ok());
  ASSERT_TRUE(handler_(transit).ok());
  EXPECT_EQ(Current().statut, OrderStatus::kExpediee);
  ASSERT_TRUE(handler_(delivered).ok());
  ASSERT_TRUE(handler_(shipped).ok());  // late redelivery of an older step
  Commande c = Current();
  EXPECT_EQ(c.statut, OrderStatus::kLivree);
  std::vector<OrderStatus> path;
  for (const StatusChange& h : c.historique) path.push_back(h.statut);
  EXPECT_THAT(path, ElementsAre(OrderStatus::kEnAttente, OrderStatus::kPayee, OrderStatus::kExpediee,
                                OrderStatus::kLivree));
  EXPECT_EQ(Stock(ambre_), 7);
}

TEST_F(OrderEventsTest, FailedDeliveryIsAnIncidentOnThePaidOrder) {
  ASSERT_TRUE(handler_(Incoming(bus::kTopicPaiements, Succeeded(order_.id))).ok());
  ASSERT_TRUE(handler_(Incoming(bus::kTopicLivraisons, Delivery(order_.id, v1::STATUT_LIVRAISON_EXPEDIEE))).ok());
  v1::DeliveryStatusChanged failed = Delivery(order_.id, v1::STATUT_LIVRAISON_ECHEC);
  failed.mutable_evenement()->set_commentaire("adresse introuvable");
  ASSERT_TRUE(handler_(Incoming(bus::kTopicLivraisons, failed)).ok());
  Commande c = Current();
  EXPECT_EQ(c.statut, OrderStatus::kExpediee);
  EXPECT_EQ(c.incident_livraison, "échec de livraison: adresse introuvable");
  EXPECT_EQ(Stock(ambre_), 7);
}

TEST_F(OrderEventsTest, PoisonMessagesArePermanentErrorsAndChangeNothing) {
  bus::Message garbage = Incoming(bus::kTopicPaiements, Succeeded(order_.id));
  garbage.payload = "\xff\xff\xff";
  absl::Status s = handler_(garbage);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);

  bus::Message unknown_order = Incoming(bus::kTopicPaiements, Succeeded("cmd_nowhere"));
  s = handler_(unknown_order);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), HasSubstr("cmd_nowhere"));

  bus::Message no_id = Incoming(bus::kTopicPaiements, Succeeded(order_.id));
  std::erase_if(no_id.headers, [](const bus::Header& h) { return h.name == bus::kCeId; });
  EXPECT_EQ(handler_(no_id).code(), absl::StatusCode::kInvalidArgument);

  v1::DeliveryStatusChanged bad_step = Delivery(order_.id, v1::STATUT_LIVRAISON_UNSPECIFIED);
  EXPECT_EQ(handler_(Incoming(bus::kTopicLivraisons, bad_step)).code(), absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(Current(), order_);
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(OrderEventsTest, EventsOfOtherTypesAreSkipped) {
  v1::OrderPlaced own;
  own.set_commande_id(order_.id);
  EXPECT_TRUE(handler_(Incoming(bus::kTopicCommandes, own)).ok());
  EXPECT_EQ(Current(), order_);
  EXPECT_THAT(OrderConsumerTopics(), ElementsAre("paiements", "livraisons"));
  EXPECT_EQ(kOrderConsumerGroup, "catalog");
}

TEST_F(OrderEventsTest, TraceparentIsCarriedToTheEventsCaused) {
  v1::PaymentSucceeded e = Succeeded(order_.id);
  const std::string trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  bus::Message m = bus::MakeEvent(bus::kTopicPaiements, order_.id, e, "/parfumerie/payment", Now(), trace);
  ASSERT_TRUE(handler_(m).ok());
  for (const bus::OutboxEntry& out : Outbox()) {
    EXPECT_EQ(out.message.Get(bus::kTraceparent).value_or(""), trace);
  }
}

}  // namespace
}  // namespace parfumerie::catalog

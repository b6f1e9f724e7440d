// The bus handler: decoding by ce_type, poison messages, and the envelope of
// the events the service publishes.
#include "delivery/delivery_events.h"

#include "delivery_test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::delivery::testing {
namespace {

constexpr std::string_view kTrace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

bus::Message OrderPaidMessage(const std::string& commande_id) {
  v1::OrderPaid paid;
  paid.set_commande_id(commande_id);
  paid.set_paiement_id("pay_1");
  paid.mutable_adresse_livraison()->set_ville("Nantes");
  paid.mutable_adresse_livraison()->set_code_postal("44000");
  return bus::MakeEvent(bus::kTopicCommandes, commande_id, paid, "/parfumerie/catalog",
                        std::chrono::system_clock::now(), kTrace);
}

bus::Message OrderCancelledMessage(const std::string& commande_id) {
  v1::OrderCancelled cancelled;
  cancelled.set_commande_id(commande_id);
  cancelled.set_raison("annulée par le client");
  cancelled.set_refund(true);
  return bus::MakeEvent(bus::kTopicCommandes, commande_id, cancelled, "/parfumerie/catalog",
                        std::chrono::system_clock::now());
}

class DeliveryEventsTest : public DeliveryFixture {
 protected:
  void SetUp() override {
    DeliveryFixture::SetUp();
    handler_ = MakeDeliveryEventHandler(*service_);
  }
  bus::Handler handler_;
};

TEST_F(DeliveryEventsTest, OrderPaidCreatesTheDeliveryOnceAndCarriesTheTrace) {
  const bus::Message m = OrderPaidMessage("cmd_1");
  ASSERT_TRUE(handler_(m).ok());
  ASSERT_TRUE(handler_(m).ok()) << "a redelivery is acknowledged";
  absl::StatusOr<Livraison> l = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(l.ok()) << l.status();
  EXPECT_EQ(l->adresse.ville, "Nantes");

  absl::StatusOr<std::vector<bus::OutboxEntry>> pending = store_->PendingOutbox(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  const bus::Message& out = (*pending)[0].message;
  EXPECT_EQ(out.topic, bus::kTopicLivraisons);
  EXPECT_EQ(out.key, "cmd_1");
  EXPECT_EQ(out.Get(bus::kCeSource), kEventSource);
  EXPECT_EQ(out.Get(bus::kCeSubject), "cmd_1");
  EXPECT_EQ(out.Get(bus::kTraceparent), kTrace);
  EXPECT_NE(out.Id(), m.Id());
}

TEST_F(DeliveryEventsTest, OrderCancelledStopsTheDelivery) {
  ASSERT_TRUE(handler_(OrderPaidMessage("cmd_1")).ok());
  ASSERT_TRUE(handler_(OrderCancelledMessage("cmd_1")).ok());
  EXPECT_EQ(service_->GetForOrder("cmd_1")->statut, Statut::kEchec);
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(DeliveryEventsTest, OtherTypesAreAcknowledgedAndIgnored) {
  v1::OrderPlaced placed;
  placed.set_commande_id("cmd_1");
  EXPECT_TRUE(handler_(bus::MakeEvent(bus::kTopicCommandes, "cmd_1", placed, "/parfumerie/catalog",
                                      std::chrono::system_clock::now()))
                  .ok());
  EXPECT_TRUE(Events().empty());
}

TEST_F(DeliveryEventsTest, PoisonMessagesAreInvalidArgument) {
  bus::Message garbage = OrderPaidMessage("cmd_1");
  garbage.payload = "\xff\xff\xff\xff not protobuf";
  EXPECT_EQ(handler_(garbage).code(), absl::StatusCode::kInvalidArgument);

  bus::Message no_id = OrderPaidMessage("cmd_1");
  std::erase_if(no_id.headers, [](const bus::Header& h) { return h.name == bus::kCeId; });
  EXPECT_EQ(handler_(no_id).code(), absl::StatusCode::kInvalidArgument);

  EXPECT_EQ(handler_(OrderPaidMessage("")).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Events().empty());
}

TEST(DeliveryEventsConstantsTest, ConsumesTheOrdersTopic) {
  EXPECT_EQ(ConsumedTopics(), std::vector<std::string>{"commandes"});
  EXPECT_EQ(kConsumerGroup, "delivery");
}

}  // namespace
}  // namespace parfumerie::delivery::testing

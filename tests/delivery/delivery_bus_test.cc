// The delivery service wired as the `delivery` target wires it, on the
// embedded event bus: order events consumed by the "delivery" group,
// DeliveryStatusChanged relayed from the store's outbox to "livraisons",
// poison messages dead-lettered. An observer group reads what others would.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/outbox.h"
#include "delivery/delivery_events.h"
#include "delivery/delivery_service.h"
#include "delivery/sqlite/sqlite_delivery_store.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/events.pb.h"
#include "support/process.h"

namespace parfumerie::delivery {
namespace {

using std::chrono::milliseconds;

class DeliveryBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bus = bus::OpenEmbeddedBus(dir_.path() + "/bus.db");
    ASSERT_TRUE(bus.ok()) << bus.status();
    bus_ = *std::move(bus);
    auto store = OpenSqliteDeliveryStore(dir_.path() + "/delivery.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);

    relay_ = std::make_unique<bus::OutboxRelay>(*store_, *bus_, bus::OutboxRelayOptions{.name = "delivery-outbox"});
    DeliveryServiceOptions options;
    options.on_outbox_write = [this] { relay_->Notify(); };
    service_ = std::make_unique<DeliveryService>(*store_, options);
    bus::ConsumerRunnerOptions consumer;
    consumer.group = std::string(kConsumerGroup);
    consumer.topics = ConsumedTopics();
    consumer.initial_backoff = milliseconds(1);
    consumer.max_attempts = 2;
    runner_ = std::make_unique<bus::ConsumerRunner>(*bus_, consumer, MakeDeliveryEventHandler(*service_));

    auto observer = bus_->Subscribe("observer", {std::string(bus::kTopicLivraisons),
                                                 bus::DeadLetterTopic(bus::kTopicCommandes)});
    ASSERT_TRUE(observer.ok()) << observer.status();
    observer_ = *std::move(observer);

    relay_->Start();
    ASSERT_TRUE(runner_->Start().ok());
  }

  void TearDown() override {
    // Reverse start order: stop intake, then flush the outbox.
    if (runner_) runner_->Stop();
    if (relay_) relay_->Stop();
    if (observer_) observer_->Close();
  }

  void Publish(const bus::Message& m) { ASSERT_TRUE(bus_->Publish(std::span(&m, 1)).ok()); }

  // Messages seen by the observer until `done` says enough, or 30 s pass.
  std::vector<bus::Message> ObserveUntil(const std::function<bool(const std::vector<bus::Message>&)>& done) {
    std::vector<bus::Message> seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done(seen) && std::chrono::steady_clock::now() < deadline) {
      auto batch = observer_->Poll(64, milliseconds(200));
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok()) break;
      for (bus::Message& m : *batch) seen.push_back(std::move(m));
    }
    return seen;
  }

  static std::vector<v1::DeliveryStatusChanged> StatusChanges(const std::vector<bus::Message>& seen) {
    std::vector<v1::DeliveryStatusChanged> out;
    for (const bus::Message& m : seen) {
      if (m.topic != bus::kTopicLivraisons) continue;
      EXPECT_TRUE(out.emplace_back().ParseFromString(m.payload));
    }
    return out;
  }

  static bus::Message OrderPaid(const std::string& commande_id) {
    v1::OrderPaid paid;
    paid.set_commande_id(commande_id);
    paid.mutable_adresse_livraison()->set_ville("Lille");
    return bus::MakeEvent(bus::kTopicCommandes, commande_id, paid, "/parfumerie/catalog",
                          std::chrono::system_clock::now());
  }

  ::parfumerie::testing::TempDir dir_;
  std::unique_ptr<bus::EventBus> bus_;
  std::unique_ptr<DeliveryStore> store_;
  std::unique_ptr<bus::OutboxRelay> relay_;
  std::unique_ptr<DeliveryService> service_;
  std::unique_ptr<bus::ConsumerRunner> runner_;
  std::unique_ptr<bus::Consumer> observer_;
};

TEST_F(DeliveryBusTest, APaidOrderGetsOneDeliveryAndEveryStepIsPublished) {
  const bus::Message paid = OrderPaid("cmd_bus");
  Publish(paid);
  Publish(paid);  // the same event twice, as after a producer retry
  std::vector<bus::Message> seen =
      ObserveUntil([](const std::vector<bus::Message>& s) { return StatusChanges(s).size() >= 1; });
  std::vector<v1::DeliveryStatusChanged> changes = StatusChanges(seen);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].commande_id(), "cmd_bus");
  EXPECT_EQ(changes[0].evenement().statut(), v1::STATUT_LIVRAISON_EN_PREPARATION);
  EXPECT_EQ(seen[0].key, "cmd_bus");

  absl::StatusOr<Livraison> l = service_->GetForOrder("cmd_bus");
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_TRUE(service_->Advance(l->id, std::nullopt).ok());
  seen = ObserveUntil([](const std::vector<bus::Message>& s) { return !StatusChanges(s).empty(); });
  changes = StatusChanges(seen);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].evenement().statut(), v1::STATUT_LIVRAISON_EXPEDIEE);
  EXPECT_EQ(service_->List({})->total, 1);
}

TEST_F(DeliveryBusTest, APoisonMessageIsDeadLetteredAndTheNextOneIsHandled) {
  bus::Message poison = OrderPaid("cmd_poison");
  poison.payload = "\xff\xff not protobuf";
  Publish(poison);
  Publish(OrderPaid("cmd_poison"));  // same key, so same partition, after the poison
  std::vector<bus::Message> seen = ObserveUntil([](const std::vector<bus::Message>& s) {
    bool dead = false;
    for (const bus::Message& m : s) dead = dead || m.topic != bus::kTopicLivraisons;
    return dead && !StatusChanges(s).empty();
  });
  bool dead_lettered = false;
  for (const bus::Message& m : seen) {
    if (m.topic == bus::DeadLetterTopic(bus::kTopicCommandes)) {
      dead_lettered = true;
      EXPECT_EQ(m.Id(), poison.Id());
      EXPECT_TRUE(m.Get(bus::kDlqError).has_value());
    }
  }
  EXPECT_TRUE(dead_lettered);
  ASSERT_EQ(StatusChanges(seen).size(), 1u);
  EXPECT_TRUE(service_->GetForOrder("cmd_poison").ok());
}

}  // namespace
}  // namespace parfumerie::delivery

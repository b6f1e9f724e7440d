// The delivery store conformance suite on the MongoDB adapter, against the
// FerretDB that ctest's fixture runs; then the delivery service wired as the
// `delivery` target wires it, with this store behind it: order events in,
// the outbox relayed from the documents to the bus, redeliveries absorbed.
#include "delivery/mongo/mongo_delivery_store.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/outbox.h"
#include "delivery/delivery_events.h"
#include "delivery/delivery_service.h"
#include "delivery/delivery_store_conformance.h"
#include "mongo_test_env.h"
#include "parfumerie/v1/events.pb.h"
#include "support/process.h"

namespace parfumerie::delivery::testing {
namespace {

using std::chrono::milliseconds;

class MongoEnvironment : public StoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<DeliveryStore>> Open() override {
    return OpenMongoDeliveryStore(db_.uri(), db_.name());
  }

 private:
  parfumerie::testing::ScratchDatabase db_{"delivery"};
};

INSTANTIATE_TEST_SUITE_P(Mongo, DeliveryStoreConformance,
                         ::testing::Values(StoreFactory{"mongo", [] { return std::make_unique<MongoEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

class MongoDeliveryBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto bus = bus::OpenEmbeddedBus(dir_.path() + "/bus.db");
    ASSERT_TRUE(bus.ok()) << bus.status();
    bus_ = *std::move(bus);
    auto store = env_.Open();
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
    auto observer = bus_->Subscribe("observer", {std::string(bus::kTopicLivraisons)});
    ASSERT_TRUE(observer.ok()) << observer.status();
    observer_ = *std::move(observer);
    relay_->Start();
    ASSERT_TRUE(runner_->Start().ok());
  }

  void TearDown() override {
    if (runner_) runner_->Stop();
    if (relay_) relay_->Stop();
    if (observer_) observer_->Close();
  }

  void Publish(const bus::Message& m) { ASSERT_TRUE(bus_->Publish(std::span(&m, 1)).ok()); }

  // Status changes seen by the observer until there are `n`, or 30 s pass.
  std::vector<v1::DeliveryStatusChanged> ObserveChanges(size_t n) {
    std::vector<v1::DeliveryStatusChanged> seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (seen.size() < n && std::chrono::steady_clock::now() < deadline) {
      auto batch = observer_->Poll(64, milliseconds(200));
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok()) break;
      for (const bus::Message& m : *batch) EXPECT_TRUE(seen.emplace_back().ParseFromString(m.payload));
    }
    return seen;
  }

  // Whether the store's outbox empties within 30 s (marked after the publish).
  bool OutboxDrains() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      absl::StatusOr<std::vector<bus::OutboxEntry>> pending = store_->PendingOutbox(100);
      if (pending.ok() && pending->empty()) return true;
      if (std::chrono::steady_clock::now() >= deadline) return false;
      relay_->Notify();
      std::this_thread::sleep_for(milliseconds(20));  // re-checks a condition, bounded by the deadline
    }
  }

  static bus::Message OrderPaid(const std::string& commande_id) {
    v1::OrderPaid paid;
    paid.set_commande_id(commande_id);
    paid.mutable_adresse_livraison()->set_ville("Lille");
    return bus::MakeEvent(bus::kTopicCommandes, commande_id, paid, "/parfumerie/catalog",
                          std::chrono::system_clock::now());
  }

  ::parfumerie::testing::TempDir dir_;
  MongoEnvironment env_;
  std::unique_ptr<bus::EventBus> bus_;
  std::unique_ptr<DeliveryStore> store_;
  std::unique_ptr<bus::OutboxRelay> relay_;
  std::unique_ptr<DeliveryService> service_;
  std::unique_ptr<bus::ConsumerRunner> runner_;
  std::unique_ptr<bus::Consumer> observer_;
};

TEST_F(MongoDeliveryBusTest, ARedeliveredPaidOrderGetsOneDeliveryAndEveryStepIsRelayedOnce) {
  const bus::Message paid = OrderPaid("cmd_bus");
  Publish(paid);
  Publish(paid);  // the same event twice, as after a producer retry
  Publish(OrderPaid("cmd_other"));
  std::vector<v1::DeliveryStatusChanged> changes = ObserveChanges(2);
  ASSERT_EQ(changes.size(), 2u);
  absl::StatusOr<Livraison> l = service_->GetForOrder("cmd_bus");
  ASSERT_TRUE(l.ok()) << l.status();
  for (int step = 0; step < 3; ++step) ASSERT_TRUE(service_->Advance(l->id, std::nullopt).ok());
  std::vector<v1::DeliveryStatusChanged> more = ObserveChanges(3);
  changes.insert(changes.end(), more.begin(), more.end());
  ASSERT_TRUE(OutboxDrains());
  // Nothing beyond the five changes: the redelivery wrote no delivery, no
  // event. The outbox is empty, so whatever was relayed is on the bus now.
  auto extra = observer_->Poll(64, milliseconds(300));
  ASSERT_TRUE(extra.ok()) << extra.status();
  EXPECT_TRUE(extra->empty()) << extra->size() << " unexpected events";
  std::vector<v1::StatutLivraison> cmd_bus_steps;
  for (const auto& c : changes) {
    if (c.commande_id() == "cmd_bus") cmd_bus_steps.push_back(c.evenement().statut());
  }
  EXPECT_EQ(cmd_bus_steps,
            (std::vector<v1::StatutLivraison>{v1::STATUT_LIVRAISON_EN_PREPARATION, v1::STATUT_LIVRAISON_EXPEDIEE,
                                              v1::STATUT_LIVRAISON_EN_TRANSIT, v1::STATUT_LIVRAISON_LIVREE}))
      << "one order's events are published in the order they were written";
  EXPECT_EQ(service_->List({})->total, 2);
}

}  // namespace
}  // namespace parfumerie::delivery::testing

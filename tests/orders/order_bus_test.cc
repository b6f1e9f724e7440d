// Orders on the real embedded bus: the catalogue database's outbox relayed by
// bus::OutboxRelay, and MakeOrderEventHandler run by a bus::ConsumerRunner,
// as the all-in-one process wires them.
#include <chrono>

#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/outbox.h"
#include "catalog/orders/order_events.h"
#include "gmock/gmock.h"
#include "order_fixture.h"

namespace parfumerie::catalog {
namespace {

constexpr auto kPatience = std::chrono::seconds(20);

class OrderBusTest : public OrderFixture {
 protected:
  void SetUp() override {
    OrderFixture::SetUp();
    absl::StatusOr<std::unique_ptr<bus::EventBus>> b = bus::OpenEmbeddedBus(dir_.File("bus.db"));
    ASSERT_TRUE(b.ok()) << b.status();
    bus_ = *std::move(b);
    relay_ = std::make_unique<bus::OutboxRelay>(
        *db_.outbox, *bus_, bus::OutboxRelayOptions{.name = "catalog-outbox", .poll_interval = std::chrono::milliseconds(20)});
    relay_->Start();
    OrderServiceOptions options;
    options.on_outbox_written = [this] { relay_->Notify(); };
    orders_ = std::make_unique<OrderService>(*db_.orders, options, [this] { return Now(); });
    runner_ = std::make_unique<bus::ConsumerRunner>(
        *bus_,
        bus::ConsumerRunnerOptions{.group = std::string(kOrderConsumerGroup),
                                   .topics = OrderConsumerTopics(),
                                   .max_attempts = 2,
                                   .initial_backoff = std::chrono::milliseconds(5),
                                   .poll_timeout = std::chrono::milliseconds(50)},
        MakeOrderEventHandler(*orders_));
    ASSERT_TRUE(runner_->Start().ok());
    absl::StatusOr<std::unique_ptr<bus::Consumer>> watcher = bus_->Subscribe("test-watcher", {"commandes"});
    ASSERT_TRUE(watcher.ok()) << watcher.status();
    watcher_ = *std::move(watcher);
  }

  void TearDown() override {
    if (runner_) runner_->Stop();
    if (relay_) relay_->Stop();
    if (watcher_) watcher_->Close();
  }

  // Messages on "commandes" until `done` says so (or the patience runs out).
  std::vector<bus::Message> WatchUntil(const std::function<bool(const std::vector<bus::Message>&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (!done(seen_) && std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<std::vector<bus::Message>> got = watcher_->Poll(64, std::chrono::milliseconds(100));
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok()) break;
      seen_.insert(seen_.end(), got->begin(), got->end());
    }
    return seen_;
  }

  static size_t CountType(const std::vector<bus::Message>& ms, std::string_view type) {
    return std::count_if(ms.begin(), ms.end(), [&](const bus::Message& m) { return m.Type() == type; });
  }

  bool WaitForStatus(const std::string& id, OrderStatus statut) {
    const auto deadline = std::chrono::steady_clock::now() + kPatience;
    while (std::chrono::steady_clock::now() < deadline) {
      absl::StatusOr<Commande> c = orders_->GetOrder(id);
      if (c.ok() && c->statut == statut) return true;
      // Wake on the next event the catalogue writes (its effects are visible then).
      absl::StatusOr<std::vector<bus::Message>> got = watcher_->Poll(64, std::chrono::milliseconds(50));
      if (got.ok()) seen_.insert(seen_.end(), got->begin(), got->end());
    }
    return false;
  }

  std::unique_ptr<bus::EventBus> bus_;
  std::unique_ptr<bus::OutboxRelay> relay_;
  std::unique_ptr<bus::ConsumerRunner> runner_;
  std::unique_ptr<bus::Consumer> watcher_;
  std::vector<bus::Message> seen_;
};

TEST_F(OrderBusTest, PlacedOrderIsPublishedAndPaymentEventsAreAppliedOnce) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande c = Place({{ambre, 2}}, "k-bus");
  WatchUntil([&](const auto& ms) { return CountType(ms, "parfumerie.v1.OrderPlaced") >= 1; });
  ASSERT_EQ(CountType(seen_, "parfumerie.v1.OrderPlaced"), 1u);
  EXPECT_EQ(seen_.front().key, c.id);

  const bus::Message paid = Incoming(bus::kTopicPaiements, Succeeded(c.id, "pay_1"));
  const bus::Message shipped =
      Incoming(bus::kTopicLivraisons, Delivery(c.id, v1::STATUT_LIVRAISON_EXPEDIEE));
  // Published twice (a producer retry): applied once.
  const bus::Message batch[] = {paid, paid};
  ASSERT_TRUE(bus_->Publish(batch).ok());
  ASSERT_TRUE(WaitForStatus(c.id, OrderStatus::kPayee));
  ASSERT_TRUE(bus_->Publish(std::span(&shipped, 1)).ok());
  ASSERT_TRUE(WaitForStatus(c.id, OrderStatus::kExpediee));

  WatchUntil([&](const auto& ms) { return CountType(ms, "parfumerie.v1.OrderStatusChanged") >= 3; });
  EXPECT_EQ(CountType(seen_, "parfumerie.v1.OrderPaid"), 1u);
  EXPECT_EQ(CountType(seen_, "parfumerie.v1.OrderStatusChanged"), 3u);  // EN_ATTENTE, PAYEE, EXPEDIEE
  EXPECT_EQ(Stock(ambre), 3);
  EXPECT_EQ(orders_->GetOrder(c.id)->version, 3);
}

TEST_F(OrderBusTest, PoisonMessageGoesToTheDeadLetterTopicWithoutEffect) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  Commande c = Place({{ambre, 1}});
  absl::StatusOr<std::unique_ptr<bus::Consumer>> dlq = bus_->Subscribe("test-dlq", {bus::DeadLetterTopic("paiements")});
  ASSERT_TRUE(dlq.ok()) << dlq.status();
  bus::Message poison = Incoming(bus::kTopicPaiements, Succeeded(c.id));
  poison.payload = "\xff\xff";
  const bus::Message after = Incoming(bus::kTopicPaiements, Failed(c.id));
  const bus::Message batch[] = {poison, after};
  ASSERT_TRUE(bus_->Publish(batch).ok());

  std::vector<bus::Message> dead;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (dead.empty() && std::chrono::steady_clock::now() < deadline) {
    absl::StatusOr<std::vector<bus::Message>> got = (*dlq)->Poll(8, std::chrono::milliseconds(100));
    ASSERT_TRUE(got.ok());
    dead.insert(dead.end(), got->begin(), got->end());
  }
  (*dlq)->Close();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].Id(), poison.Id());
  EXPECT_THAT(std::string(dead[0].Get(bus::kDlqError).value_or("")), ::testing::HasSubstr("payload"));
  // The partition moved on: the next message was applied.
  ASSERT_TRUE(WaitForStatus(c.id, OrderStatus::kAnnulee));
  EXPECT_EQ(Stock(ambre), 5);
}

}  // namespace
}  // namespace parfumerie::catalog

// bus_consumer_lag_messages of the embedded log: end offset minus the
// group's committed position, per topic, from values kept in memory.
#include <gtest/gtest.h>

#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "metrics/registry.h"
#include "scrape.h"
#include "support/process.h"

namespace parfumerie {
namespace {

using metrics::testing::SampleValue;
using namespace std::chrono_literals;

bus::Message Event(const std::string& topic, const std::string& key, int i) {
  bus::Message m;
  m.topic = topic;
  m.key = key;
  m.headers = {{std::string(bus::kCeId), topic + std::to_string(i)}};
  m.payload = "p";
  return m;
}

TEST(ConsumerLagTest, EmbeddedLagIsWhatTheGroupHasNotCommittedPerTopic) {
  testing::TempDir dir;
  auto bus = bus::OpenEmbeddedBus(dir.path() + "/bus.db");
  ASSERT_TRUE(bus.ok()) << bus.status();
  metrics::Registry registry;
  std::vector<bus::Message> events;
  for (int i = 0; i < 5; ++i) events.push_back(Event("commandes", "cmd_" + std::to_string(i), i));
  for (int i = 0; i < 2; ++i) events.push_back(Event("paiements", "cmd_" + std::to_string(i), i));
  ASSERT_TRUE((*bus)->Publish(events).ok());

  auto consumer = (*bus)->Subscribe("payment", {"commandes", "paiements"}, {.metrics = &registry});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  const std::string commandes = R"(bus_consumer_lag_messages{topic="commandes",group="payment"})";
  const std::string paiements = R"(bus_consumer_lag_messages{topic="paiements",group="payment"})";
  EXPECT_EQ(SampleValue(registry.Exposition(), commandes), 5);
  EXPECT_EQ(SampleValue(registry.Exposition(), paiements), 2);

  // Read but not committed is still lag; committing the last message of a
  // partition covers what came before it there.
  std::vector<bus::Message> got;
  for (int i = 0; i < 20 && got.size() < 7; ++i) {
    auto batch = (*consumer)->Poll(100, 100ms);
    ASSERT_TRUE(batch.ok()) << batch.status();
    got.insert(got.end(), batch->begin(), batch->end());
  }
  ASSERT_EQ(got.size(), 7u);
  EXPECT_EQ(SampleValue(registry.Exposition(), commandes), 5);
  std::map<std::pair<std::string, int32_t>, bus::Message> last;
  for (const bus::Message& m : got) {
    if (m.topic == "commandes") last[{m.topic, m.partition}] = m;
  }
  for (const auto& [tp, m] : last) ASSERT_TRUE((*consumer)->Commit(m).ok());
  EXPECT_EQ(SampleValue(registry.Exposition(), commandes), 0);
  EXPECT_EQ(SampleValue(registry.Exposition(), paiements), 2);

  // A new message is lag at once, for every group that has not read it.
  const bus::Message more[] = {Event("commandes", "cmd_9", 9)};
  ASSERT_TRUE((*bus)->Publish(more).ok());
  EXPECT_EQ(SampleValue(registry.Exposition(), commandes), 1);

  // A member that leaves stops reporting.
  (*consumer)->Close();
  EXPECT_EQ(SampleValue(registry.Exposition(), commandes), std::nullopt);
}

TEST(ConsumerLagTest, ARunnerCountsDeadLettersPerTopicAndGroupAndDrainsItsLag) {
  testing::TempDir dir;
  auto bus = bus::OpenEmbeddedBus(dir.path() + "/bus.db");
  ASSERT_TRUE(bus.ok()) << bus.status();
  metrics::Registry registry;
  const bus::Message events[] = {Event("commandes", "cmd_1", 1), Event("commandes", "cmd_2", 2)};
  ASSERT_TRUE((*bus)->Publish(events).ok());
  bus::ConsumerRunner runner(**bus, {.group = "catalog", .topics = {"commandes"}, .metrics = &registry},
                             [](const bus::Message& m) {
                               // A poison message: permanent, dead-lettered at once.
                               if (m.key == "cmd_2") return absl::InvalidArgumentError("payload: not an event");
                               return absl::OkStatus();
                             });
  ASSERT_TRUE(runner.Start().ok());
  EXPECT_TRUE(metrics::testing::WaitForSample(
      registry, R"(bus_messages_dead_lettered_total{topic="commandes",group="catalog"})", 1, 10s));
  EXPECT_TRUE(metrics::testing::WaitForSample(
      registry, R"(bus_consumer_lag_messages{topic="commandes",group="catalog"})", 0, 10s));
  runner.Stop();
}

}  // namespace
}  // namespace parfumerie

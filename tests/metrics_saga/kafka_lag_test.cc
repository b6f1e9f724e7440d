// bus_consumer_lag_messages of the Kafka adapter, against the fixture's
// broker: each assigned partition's consumer_lag (end offset minus committed
// offset) from librdkafka's statistics, summed per topic, refreshed while the
// member polls.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bus/kafka/kafka_bus.h"
#include "kafka_test_env.h"
#include "metrics/registry.h"
#include "scrape.h"

namespace parfumerie::bus::testing {
namespace {

using metrics::testing::SampleValue;
using namespace std::chrono_literals;

TEST(KafkaLagTest, LagIsWhatTheGroupHasNotCommittedOnItsPartitions) {
  KafkaBusOptions options = TestKafkaOptions();
  options.partitions = 2;
  options.stats_interval = 100ms;
  auto bus = OpenKafkaBus(options);
  ASSERT_TRUE(bus.ok()) << bus.status();
  const std::string topic = absl::StrCat("lag-", std::random_device{}() % 1000000000u);
  std::vector<Message> events;
  for (int i = 0; i < 6; ++i) {
    Message m;
    m.topic = topic;
    m.key = absl::StrCat("cmd_", i);
    m.headers = {{std::string(kCeId), absl::StrCat("e", i)}};
    m.payload = "p";
    events.push_back(std::move(m));
  }
  ASSERT_TRUE((*bus)->Publish(events).ok());

  metrics::Registry registry;
  auto consumer = (*bus)->Subscribe("lag-group", {topic}, {.metrics = &registry});
  ASSERT_TRUE(consumer.ok()) << consumer.status();
  const std::string series = absl::StrCat(R"(bus_consumer_lag_messages{topic=")", topic, R"(",group="lag-group"})");
  EXPECT_EQ(SampleValue(registry.Exposition(), series), 0);  // nothing known yet

  std::map<int32_t, std::vector<Message>> by_partition;
  size_t got = 0;
  for (auto deadline = std::chrono::steady_clock::now() + 60s; got < 6 && std::chrono::steady_clock::now() < deadline;) {
    auto batch = (*consumer)->Poll(100, 200ms);
    ASSERT_TRUE(batch.ok()) << batch.status();
    for (Message& m : *batch) by_partition[m.partition].push_back(std::move(m)), ++got;
  }
  ASSERT_EQ(got, 6u);

  // Polls (which serve the statistics) until the gauge shows `want`.
  auto wait_for = [&](double want) {
    std::optional<double> seen;
    for (auto deadline = std::chrono::steady_clock::now() + 30s; std::chrono::steady_clock::now() < deadline;) {
      seen = SampleValue(registry.Exposition(), series);
      if (seen == want) return true;
      auto batch = (*consumer)->Poll(10, 100ms);
      EXPECT_TRUE(batch.ok() && batch->empty());
    }
    ADD_FAILURE() << "lag " << seen.value_or(-1) << ", want " << want;
    return false;
  };
  // The first message of each partition committed: the rest is lag.
  double expected = 0;
  for (const auto& [p, messages] : by_partition) {
    ASSERT_TRUE((*consumer)->Commit(messages.front()).ok());
    expected += static_cast<double>(messages.size() - 1);
  }
  EXPECT_TRUE(wait_for(expected));
  for (const auto& [p, messages] : by_partition) ASSERT_TRUE((*consumer)->Commit(messages.back()).ok());
  EXPECT_TRUE(wait_for(0));

  (*consumer)->Close();
  EXPECT_EQ(SampleValue(registry.Exposition(), series), std::nullopt);
}

}  // namespace
}  // namespace parfumerie::bus::testing

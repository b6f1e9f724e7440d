// The embedded adapter: the conformance suite, then what only it promises
// (one process per file, one member per group, fixed partition counts).
#include "bus/embedded/embedded_bus.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include "event_bus_conformance.h"
#include "temp_dir.h"

namespace parfumerie::bus::testing {
namespace {

class EmbeddedEnvironment : public BusEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<EventBus>> Open() override { return OpenEmbeddedBus(dir_.File("bus.db")); }

 private:
  TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Embedded, EventBusConformance,
                         ::testing::Values(EventBusFactory{
                             "Embedded", [] { return std::make_unique<EmbeddedEnvironment>(); }}),
                         FactoryName);

TEST(PartitionForKey, IsFnv1aModuloTheCount) {
  // FNV-1a test vectors: "" -> 0x811c9dc5, "a" -> 0xe40c292c, "foobar" -> 0xbf9cf968.
  EXPECT_EQ(PartitionForKey("", 1000), static_cast<int32_t>(0x811c9dc5u % 1000));
  EXPECT_EQ(PartitionForKey("a", 1000), 220);
  EXPECT_EQ(PartitionForKey("foobar", 7), static_cast<int32_t>(0xbf9cf968u % 7));
  EXPECT_EQ(PartitionForKey("anything", 1), 0);
}

class EmbeddedBusTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventBus> Open(EmbeddedBusOptions options = {}) {
    absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenEmbeddedBus(dir_.File("bus.db"), options);
    EXPECT_TRUE(bus.ok()) << bus.status();
    return bus.ok() ? std::move(*bus) : nullptr;
  }
  TempDir dir_;
};

TEST_F(EmbeddedBusTest, OneProcessAtATimeOwnsTheFile) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  // flock() locks conflict between open file descriptions, so a second open
  // in the same process stands for another process.
  EXPECT_EQ(OpenEmbeddedBus(dir_.File("bus.db")).status().code(), absl::StatusCode::kFailedPrecondition);
  bus.reset();
  EXPECT_TRUE(OpenEmbeddedBus(dir_.File("bus.db")).ok());
}

TEST_F(EmbeddedBusTest, OneActiveMemberPerGroup) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  absl::StatusOr<std::unique_ptr<Consumer>> first = bus->Subscribe("g", {"t"});
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(bus->Subscribe("g", {"t"}).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(bus->Subscribe("other", {"t"}).ok());
  (*first)->Close();
  EXPECT_TRUE(bus->Subscribe("g", {"t"}).ok());
}

TEST_F(EmbeddedBusTest, ATopicKeepsItsPartitionCountAcrossReopens) {
  std::vector<Message> all;
  for (int i = 0; i < 64; ++i) all.push_back(Msg("t", absl::StrCat("key", i), std::to_string(i)));
  {
    std::unique_ptr<EventBus> bus = Open({.partitions = 2});
    ASSERT_NE(bus, nullptr);
    ASSERT_TRUE(bus->Publish(std::span<const Message>(all.data(), 32)).ok());
  }
  std::unique_ptr<EventBus> bus = Open({.partitions = 16});
  ASSERT_NE(bus, nullptr);
  ASSERT_TRUE(bus->Publish(std::span<const Message>(all.data() + 32, 32)).ok());
  absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe("g", {"t"});
  ASSERT_TRUE(c.ok());
  std::vector<Message> got = PollAtLeast(**c, 64);
  ASSERT_EQ(got.size(), 64u);
  for (const Message& m : got) EXPECT_EQ(m.partition, PartitionForKey(m.key, 2)) << m.key;
}

TEST_F(EmbeddedBusTest, CommitsOnlyWhatThisMemberWasGiven) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg("t", "k", "e0")}).ok());
  absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe("g", {"t"});
  ASSERT_TRUE(c.ok());
  Message unseen = Msg("t", "k", "e0");
  unseen.partition = PartitionForKey("k", 4);
  unseen.offset = 0;
  EXPECT_EQ((*c)->Commit(unseen).code(), absl::StatusCode::kInvalidArgument);  // not polled yet
  unseen.topic = "other";
  EXPECT_EQ((*c)->Commit(unseen).code(), absl::StatusCode::kInvalidArgument);  // not subscribed
  std::vector<Message> got = PollAtLeast(**c, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE((*c)->Commit(got[0]).ok());
  (*c)->Close();
  EXPECT_EQ((*c)->Poll(1, std::chrono::milliseconds(0)).status().code(), absl::StatusCode::kFailedPrecondition);
}

// What a new group `group` reads of topic "t" from the beginning, up to `n`
// messages: it polls until `n` came, or a poll after the first message finds
// nothing more, or 5 s passed.
std::vector<Message> PollAll(EventBus& bus, const std::string& group, size_t n) {
  absl::StatusOr<std::unique_ptr<Consumer>> c = bus.Subscribe(group, {"t"});
  EXPECT_TRUE(c.ok()) << c.status();
  std::vector<Message> got;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (c.ok() && got.size() < n && std::chrono::steady_clock::now() < until) {
    absl::StatusOr<std::vector<Message>> batch = (*c)->Poll(100, std::chrono::milliseconds(50));
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok() || (batch->empty() && !got.empty())) break;
    got.insert(got.end(), batch->begin(), batch->end());
  }
  if (c.ok()) (*c)->Close();
  return got;
}

TEST_F(EmbeddedBusTest, RetentionDeletesOnlyOldMessagesEveryGroupCommitted) {
  EmbeddedBusOptions options;
  options.partitions = 1;
  options.retention = std::chrono::milliseconds(0);  // no background pruning here
  std::unique_ptr<EventBus> bus = Open(options);
  ASSERT_NE(bus, nullptr);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg("t", "k", absl::StrCat("e", i))}).ok());
  // Group a finished 4 messages, group b 2.
  for (const auto& [group, n] : {std::pair<std::string, size_t>{"a", 4}, {"b", 2}}) {
    absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe(group, {"t"});
    ASSERT_TRUE(c.ok());
    absl::StatusOr<std::vector<Message>> batch = (*c)->Poll(n, std::chrono::seconds(1));
    ASSERT_TRUE(batch.ok() && batch->size() == n);
    ASSERT_TRUE((*c)->Commit(batch->back()).ok());
    (*c)->Close();
  }
  bus.reset();
  // Reopened with a retention of 1 ms, checked at once: every message is old
  // enough, but group b has not consumed e2..e5.
  options.retention = std::chrono::milliseconds(1);
  bus = Open(options);
  ASSERT_NE(bus, nullptr);
  std::vector<Message> kept;
  for (int attempt = 0; attempt < 100; ++attempt) {
    kept = PollAll(*bus, absl::StrCat("fresh", attempt), 6);
    if (!kept.empty() && kept.front().offset == 2) break;
  }
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_EQ(kept.front().Id(), "e2");
  // Group b catches up to the end: everything but the last message may go.
  {
    absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe("b", {"t"});
    ASSERT_TRUE(c.ok());
    absl::StatusOr<std::vector<Message>> batch = (*c)->Poll(10, std::chrono::seconds(1));
    ASSERT_TRUE(batch.ok() && batch->size() == 4u);
    ASSERT_TRUE((*c)->Commit(batch->back()).ok());
    (*c)->Close();
  }
  bus.reset();
  bus = Open(options);
  ASSERT_NE(bus, nullptr);
  for (int attempt = 0; attempt < 100; ++attempt) {
    kept = PollAll(*bus, absl::StrCat("later", attempt), 6);
    if (!kept.empty() && kept.front().offset >= 3) break;
  }
  // Group a has committed up to 4: e4 and e5 stay (e5 is also the last).
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept.front().Id(), "e4");
  // The partition's end survives: the next message is offset 6.
  ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg("t", "k", "e6")}).ok());
  std::vector<Message> all = PollAll(*bus, "last", 3);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().offset, 6);
}

TEST_F(EmbeddedBusTest, AConsumerMayOutliveTheBus) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg("t", "k", "e0")}).ok());
  absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe("g", {"t"});
  ASSERT_TRUE(c.ok());
  bus.reset();
  std::vector<Message> got = PollAtLeast(**c, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE((*c)->Commit(got[0]).ok());
}

}  // namespace
}  // namespace parfumerie::bus::testing

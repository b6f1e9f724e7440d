// The EventBus conformance suite: every adapter instantiates it with a
// factory, e.g.
//
//   INSTANTIATE_TEST_SUITE_P(Embedded, EventBusConformance,
//                            ::testing::Values(EmbeddedFactory()), FactoryName);
//
// Each test gets a fresh BusEnvironment (its own storage) and uses topic and
// group names unique to the test, so an adapter whose storage is shared (a
// Kafka cluster) runs it unchanged. Nothing sleeps to wait: reads loop on
// Poll with a deadline.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bus/event_bus.h"
#include "bus/message.h"
#include "bus_test_util.h"

namespace parfumerie::bus::testing {

// One test's storage. Open() may be called again after the previous bus was
// destroyed: it must see the same data (a restart).
class BusEnvironment {
 public:
  virtual ~BusEnvironment() = default;
  virtual absl::StatusOr<std::unique_ptr<EventBus>> Open() = 0;
};

struct EventBusFactory {
  std::string name;  // the adapter, for test names
  std::function<std::unique_ptr<BusEnvironment>()> make_environment;
};

// Test output names the adapter instead of dumping the struct's bytes.
inline void PrintTo(const EventBusFactory& factory, std::ostream* os) { *os << factory.name; }

inline std::string FactoryName(const ::testing::TestParamInfo<EventBusFactory>& info) { return info.param.name; }

class EventBusConformance : public ::testing::TestWithParam<EventBusFactory> {
 protected:
  void SetUp() override {
    env_ = GetParam().make_environment();
    ASSERT_NE(env_, nullptr);
    Reopen();
    std::random_device rd;
    suffix_ = std::to_string(rd() % 1000000000u);
  }

  void Reopen() {
    bus_.reset();
    absl::StatusOr<std::unique_ptr<EventBus>> bus = env_->Open();
    ASSERT_TRUE(bus.ok()) << bus.status();
    bus_ = std::move(*bus);
  }

  // Names unique to this test run.
  std::string Topic(const std::string& base) const { return "t-" + base + "-" + suffix_; }
  std::string Group(const std::string& base) const { return "g-" + base + "-" + suffix_; }

  std::unique_ptr<Consumer> Subscribe(const std::string& group, const std::vector<std::string>& topics,
                                      const SubscribeOptions& options = {}) {
    absl::StatusOr<std::unique_ptr<Consumer>> c = bus_->Subscribe(group, topics, options);
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? std::move(*c) : nullptr;
  }

  // A member has its partitions some time after Subscribe (Kafka: once the
  // join completes, inside Poll). Publishes probes with `key`, one per Poll,
  // until `c` gets one: from then on the member has that key's partition and
  // its position there. Returns every message polled meanwhile.
  std::vector<Message> ProbeUntilAssigned(Consumer& c, const std::string& topic, const std::string& key) {
    std::vector<Message> got;
    const auto until = std::chrono::steady_clock::now() + kDeliveryDeadline;
    for (int i = 0; got.empty() && std::chrono::steady_clock::now() < until; ++i) {
      Publish({Msg(topic, key, absl::StrCat("probe", i))});
      absl::StatusOr<std::vector<Message>> batch = c.Poll(100, std::chrono::milliseconds(200));
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok()) break;
      got = std::move(*batch);
    }
    EXPECT_FALSE(got.empty()) << "no probe reached the member in time";
    return got;
  }

  void Publish(const std::vector<Message>& messages) {
    absl::Status s = bus_->Publish(messages);
    ASSERT_TRUE(s.ok()) << s;
  }

  std::unique_ptr<BusEnvironment> env_;
  std::unique_ptr<EventBus> bus_;
  std::string suffix_;
};

TEST_P(EventBusConformance, RoundTripKeepsKeyHeadersAndPayloadBytes) {
  const std::string topic = Topic("roundtrip");
  Message m = Msg(topic, "ord_1", "evt_1", std::string("\0\x01\xff payload", 11));
  m.headers.push_back({"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"});
  m.headers.push_back({"binary", std::string("\0\xfe", 2)});
  m.headers.push_back({"empty", ""});
  Publish({m});
  std::unique_ptr<Consumer> c = Subscribe(Group("rt"), {topic});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].topic, topic);
  EXPECT_EQ(got[0].key, "ord_1");
  EXPECT_EQ(got[0].headers, m.headers);
  EXPECT_EQ(got[0].payload, m.payload);
  EXPECT_EQ(got[0].Id(), "evt_1");
  EXPECT_GE(got[0].partition, 0);
  EXPECT_GE(got[0].offset, 0);
}

TEST_P(EventBusConformance, KeepsPerKeyOrderAcrossManyKeysAndPartitions) {
  const std::string topic = Topic("order");
  constexpr int kKeys = 40;
  constexpr int kPerKey = 25;
  // Interleaved keys, in batches of varied size.
  std::vector<Message> all;
  for (int i = 0; i < kPerKey; ++i) {
    for (int k = 0; k < kKeys; ++k) {
      all.push_back(Msg(topic, absl::StrCat("key", k), absl::StrCat("k", k, "-", i),
                        std::to_string(i)));
    }
  }
  for (size_t i = 0; i < all.size();) {
    const size_t n = std::min<size_t>(1 + i % 37, all.size() - i);
    Publish(std::vector<Message>(all.begin() + i, all.begin() + i + n));
    i += n;
  }
  std::unique_ptr<Consumer> c = Subscribe(Group("order"), {topic});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, all.size());
  ASSERT_EQ(got.size(), all.size());
  std::map<std::string, int> next_seq;
  std::map<std::string, int32_t> partition_of;
  std::map<int32_t, int64_t> last_offset;
  for (const Message& m : got) {
    EXPECT_EQ(std::stoi(m.payload), next_seq[m.key]++) << m.key;
    auto [it, fresh] = partition_of.try_emplace(m.key, m.partition);
    EXPECT_EQ(it->second, m.partition) << "key " << m.key << " changed partition";
    auto [last, first] = last_offset.try_emplace(m.partition, m.offset);
    if (!first) {
      EXPECT_GT(m.offset, last->second) << "partition " << m.partition;
    }
    last->second = m.offset;
  }
  EXPECT_EQ(next_seq.size(), static_cast<size_t>(kKeys));
  std::set<int32_t> partitions;
  for (const auto& [key, p] : partition_of) partitions.insert(p);
  EXPECT_GT(partitions.size(), 1u) << "40 keys all hashed to one partition";
}

TEST_P(EventBusConformance, EveryGroupSeesEveryMessage) {
  const std::string topic = Topic("groups");
  std::vector<Message> all;
  for (int i = 0; i < 30; ++i) all.push_back(Msg(topic, absl::StrCat("k", i % 7), absl::StrCat("e", i)));
  Publish(all);
  for (const std::string& g : {Group("a"), Group("b"), Group("c")}) {
    std::unique_ptr<Consumer> c = Subscribe(g, {topic});
    ASSERT_NE(c, nullptr);
    std::vector<Message> got = PollAtLeast(*c, all.size());
    std::set<std::string> ids;
    for (const Message& m : got) ids.insert(std::string(m.Id()));
    EXPECT_EQ(ids.size(), all.size()) << g;
    ASSERT_TRUE(c->Commit(got.back()).ok());
    c->Close();
  }
}

TEST_P(EventBusConformance, SubscribesToSeveralTopics) {
  const std::string a = Topic("multi-a");
  const std::string b = Topic("multi-b");
  Publish({Msg(a, "k", "ea"), Msg(b, "k", "eb")});
  std::unique_ptr<Consumer> c = Subscribe(Group("multi"), {a, b});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, 2);
  std::set<std::string> topics;
  for (const Message& m : got) topics.insert(m.topic);
  EXPECT_EQ(topics, (std::set<std::string>{a, b}));
}

TEST_P(EventBusConformance, ResumesAfterTheCommitWhenReopened) {
  const std::string topic = Topic("resume");
  const std::string group = Group("resume");
  std::vector<Message> all;
  for (int i = 0; i < 10; ++i) all.push_back(Msg(topic, "one-key", absl::StrCat("e", i)));
  Publish(all);
  {
    std::unique_ptr<Consumer> c = Subscribe(group, {topic});
    ASSERT_NE(c, nullptr);
    std::vector<Message> got = PollAtLeast(*c, 10);
    ASSERT_EQ(got.size(), 10u);
    ASSERT_TRUE(c->Commit(got[5]).ok());
    c->Close();
  }
  Reopen();
  std::unique_ptr<Consumer> c = Subscribe(group, {topic});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, 4);
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i].Id(), absl::StrCat("e", 6 + i));
}

TEST_P(EventBusConformance, CommitAllCommitsEachPartitionAtItsMessage) {
  const std::string topic = Topic("commit-all");
  const std::string group = Group("commit-all");
  // 40 keys: several partitions, each with several messages.
  std::vector<Message> all;
  for (int i = 0; i < 120; ++i) all.push_back(Msg(topic, absl::StrCat("k", i % 40), absl::StrCat("e", i)));
  Publish(all);
  std::set<std::string> committed_ids;
  {
    std::unique_ptr<Consumer> c = Subscribe(group, {topic});
    ASSERT_NE(c, nullptr);
    std::vector<Message> got = PollAtLeast(*c, 120);
    ASSERT_EQ(got.size(), 120u);
    // In each partition, commit at its second message (everything up to it
    // is then done); the rest of each partition must come again.
    std::map<int32_t, std::vector<Message>> by_partition;
    for (const Message& m : got) by_partition[m.partition].push_back(m);
    ASSERT_GT(by_partition.size(), 1u);
    std::vector<Message> to_commit;
    for (auto& [p, messages] : by_partition) {
      if (messages.size() < 2) continue;
      to_commit.push_back(messages[1]);
      committed_ids.insert(std::string(messages[0].Id()));
      committed_ids.insert(std::string(messages[1].Id()));
    }
    ASSERT_TRUE(c->CommitAll(to_commit).ok());
    c->Close();
  }
  Reopen();
  std::unique_ptr<Consumer> c = Subscribe(group, {topic});
  ASSERT_NE(c, nullptr);
  const size_t expected = 120 - committed_ids.size();
  std::vector<Message> got = PollAtLeast(*c, expected);
  ASSERT_EQ(got.size(), expected);
  for (const Message& m : got) EXPECT_FALSE(committed_ids.contains(std::string(m.Id()))) << m.Id();
}

TEST_P(EventBusConformance, RedeliversUncommittedMessagesAfterClose) {
  const std::string topic = Topic("redeliver");
  const std::string group = Group("redeliver");
  std::vector<Message> all;
  for (int i = 0; i < 6; ++i) all.push_back(Msg(topic, "one-key", absl::StrCat("e", i)));
  Publish(all);
  std::vector<std::string> first_ids;
  {
    std::unique_ptr<Consumer> c = Subscribe(group, {topic});
    ASSERT_NE(c, nullptr);
    std::vector<Message> got = PollAtLeast(*c, 6);
    ASSERT_EQ(got.size(), 6u);
    ASSERT_TRUE(c->Commit(got[1]).ok());
    c->Close();  // e2..e5 were handed out but never committed
  }
  std::unique_ptr<Consumer> c = Subscribe(group, {topic});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, 4);
  ASSERT_EQ(got.size(), 4u);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i].Id(), absl::StrCat("e", 2 + i));
}

TEST_P(EventBusConformance, AGroupStartingAtTheEndSeesOnlyWhatIsPublishedAfter) {
  const std::string topic = Topic("end");
  std::vector<Message> before;
  for (int i = 0; i < 12; ++i) before.push_back(Msg(topic, absl::StrCat("k", i % 6), absl::StrCat("before", i)));
  before.push_back(Msg(topic, "one-key", "before-one-key"));
  Publish(before);
  std::unique_ptr<Consumer> c = Subscribe(Group("end"), {topic}, {.start = StartPosition::kEnd});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = ProbeUntilAssigned(*c, topic, "one-key");
  std::vector<Message> after;
  for (int i = 0; i < 5; ++i) after.push_back(Msg(topic, "one-key", absl::StrCat("after", i)));
  Publish(after);
  // Until the last one, which follows every probe and every earlier message
  // of its partition.
  const auto until = std::chrono::steady_clock::now() + kDeliveryDeadline;
  while ((got.empty() || got.back().Id() != "after4") && std::chrono::steady_clock::now() < until) {
    std::vector<Message> more = PollAtLeast(*c, 1, std::chrono::milliseconds(500));
    for (Message& m : more) got.push_back(std::move(m));
  }
  std::vector<std::string> ids;
  for (const Message& m : got) {
    if (!m.Id().starts_with("probe")) ids.push_back(std::string(m.Id()));
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"after0", "after1", "after2", "after3", "after4"}));
}

TEST_P(EventBusConformance, AGroupStartingAtTheEndResumesAfterItsCommit) {
  const std::string topic = Topic("end-resume");
  const std::string group = Group("end-resume");
  Publish({Msg(topic, "one-key", "before")});
  {
    std::unique_ptr<Consumer> c = Subscribe(group, {topic}, {.start = StartPosition::kEnd});
    ASSERT_NE(c, nullptr);
    ProbeUntilAssigned(*c, topic, "one-key");
    std::vector<Message> all;
    for (int i = 0; i < 4; ++i) all.push_back(Msg(topic, "one-key", absl::StrCat("a", i)));
    Publish(all);
    std::vector<Message> got;
    const auto until = std::chrono::steady_clock::now() + kDeliveryDeadline;
    while ((got.empty() || got.back().Id() != "a3") && std::chrono::steady_clock::now() < until) {
      for (Message& m : PollAtLeast(*c, 1, std::chrono::milliseconds(500))) got.push_back(std::move(m));
    }
    auto a1 = std::find_if(got.begin(), got.end(), [](const Message& m) { return m.Id() == "a1"; });
    ASSERT_NE(a1, got.end());
    ASSERT_TRUE(c->Commit(*a1).ok());
    c->Close();
  }
  // Published while the group has no member: after its commit, before its
  // next Subscribe, so the end would skip it.
  Publish({Msg(topic, "one-key", "b0")});
  Reopen();
  std::unique_ptr<Consumer> c = Subscribe(group, {topic}, {.start = StartPosition::kEnd});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, 3);
  std::vector<std::string> ids;
  for (const Message& m : got) ids.push_back(std::string(m.Id()));
  EXPECT_EQ(ids, (std::vector<std::string>{"a2", "a3", "b0"}));
}

TEST_P(EventBusConformance, ConcurrentPublishersLoseNothingAndKeepTheirOrder) {
  const std::string topic = Topic("concurrent");
  constexpr int kPublishers = 6;
  constexpr int kEach = 150;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kPublishers; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach;) {
        std::vector<Message> batch;
        const int n = std::min(1 + (i + t) % 4, kEach - i);
        for (int j = 0; j < n; ++j, ++i) {
          batch.push_back(Msg(topic, absl::StrCat("pub", t), absl::StrCat(t, "-", i),
                              std::to_string(i)));
        }
        if (!bus_->Publish(batch).ok()) ++failures;
      }
    });
  }
  // Consume while they publish.
  std::unique_ptr<Consumer> c = Subscribe(Group("concurrent"), {topic});
  ASSERT_NE(c, nullptr);
  std::vector<Message> got = PollAtLeast(*c, kPublishers * kEach);
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_EQ(got.size(), static_cast<size_t>(kPublishers * kEach));
  std::map<std::string, int> next;
  for (const Message& m : got) EXPECT_EQ(std::stoi(m.payload), next[m.key]++) << m.key;
}

TEST_P(EventBusConformance, SkipsNothingWhileConsumingAndCommittingAlongside) {
  const std::string topic = Topic("noskip");
  const std::string group = Group("noskip");
  constexpr int kTotal = 200;
  std::thread producer([&] {
    for (int i = 0; i < kTotal; ++i) {
      ASSERT_TRUE(bus_->Publish(std::vector<Message>{Msg(topic, absl::StrCat("k", i % 5), std::to_string(i))}).ok());
    }
  });
  std::set<std::string> seen;
  std::unique_ptr<Consumer> c = Subscribe(group, {topic});
  ASSERT_NE(c, nullptr);
  const auto until = std::chrono::steady_clock::now() + kDeliveryDeadline;
  int restarts = 0;
  while (seen.size() < kTotal && std::chrono::steady_clock::now() < until) {
    absl::StatusOr<std::vector<Message>> batch = c->Poll(17, std::chrono::milliseconds(100));
    ASSERT_TRUE(batch.ok()) << batch.status();
    std::map<int32_t, const Message*> last;
    for (const Message& m : *batch) {
      seen.insert(std::string(m.Id()));
      last[m.partition] = &m;
    }
    for (const auto& [p, m] : last) ASSERT_TRUE(c->Commit(*m).ok());
    if (!batch->empty() && ++restarts % 5 == 0) {  // leave and come back now and then
      c->Close();
      c = Subscribe(group, {topic});
      ASSERT_NE(c, nullptr);
    }
  }
  producer.join();
  EXPECT_EQ(seen.size(), static_cast<size_t>(kTotal));
}

TEST_P(EventBusConformance, PollTimesOutEmpty) {
  std::unique_ptr<Consumer> c = Subscribe(Group("empty"), {Topic("empty")});
  ASSERT_NE(c, nullptr);
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<Message>> got = c->Poll(10, std::chrono::milliseconds(50));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_TRUE(got->empty());
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST_P(EventBusConformance, PollWakesWhenAMessageArrives) {
  const std::string topic = Topic("wake");
  std::unique_ptr<Consumer> c = Subscribe(Group("wake"), {topic});
  ASSERT_NE(c, nullptr);
  std::thread producer([&] { EXPECT_TRUE(bus_->Publish(std::vector<Message>{Msg(topic, "k", "late")}).ok()); });
  std::vector<Message> got = PollAtLeast(*c, 1);
  producer.join();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].Id(), "late");
}

TEST_P(EventBusConformance, RejectsBadNames) {
  EXPECT_EQ(bus_->Subscribe("", {Topic("x")}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bus_->Subscribe(Group("x"), {"bad topic!"}).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(bus_->Publish(std::vector<Message>{Msg("", "k", "e")}).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace parfumerie::bus::testing

// What only the Kafka adapter promises, against the fixture's broker: topics
// created with the configured partition count, a bounded failure when the
// cluster is unreachable, a rebalance between two members that loses nothing
// and applies nothing twice, and dead letters through the ConsumerRunner.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bus/consumer_runner.h"
#include "bus/kafka/kafka_bus.h"
#include "bus_test_util.h"
#include "kafka_test_env.h"

namespace parfumerie::bus::testing {
namespace {

using Clock = std::chrono::steady_clock;

std::string Unique(const std::string& base) {
  static std::random_device rd;
  return absl::StrCat(base, "-", rd() % 1000000000u);
}

std::unique_ptr<EventBus> Open(KafkaBusOptions options = TestKafkaOptions()) {
  absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenKafkaBus(options);
  EXPECT_TRUE(bus.ok()) << bus.status();
  return bus.ok() ? std::move(*bus) : nullptr;
}

// The partition count the cluster reports for `topic` (-1 if unknown),
// asked with a client of the test's own.
int PartitionsOf(const std::string& topic) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  EXPECT_EQ(rd_kafka_conf_set(conf, "bootstrap.servers", KafkaBootstrap().c_str(), err, sizeof(err)),
            RD_KAFKA_CONF_OK);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) {
    ADD_FAILURE() << err;
    return -1;
  }
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  int partitions = -1;
  if (rd_kafka_metadata(rk, 0, rkt, &md, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      partitions = md->topics[0].partition_cnt;
    }
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return partitions;
}

TEST(KafkaBus, CreatesTopicsWithTheConfiguredPartitionCount) {
  KafkaBusOptions options = TestKafkaOptions();
  options.partitions = 3;
  std::unique_ptr<EventBus> bus = Open(options);
  ASSERT_NE(bus, nullptr);
  const std::string published = Unique("t-created-by-publish");
  const std::string subscribed = Unique("t-created-by-subscribe");
  ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg(published, "k", "e1")}).ok());
  absl::StatusOr<std::unique_ptr<Consumer>> c = bus->Subscribe(Unique("g-created"), {subscribed});
  ASSERT_TRUE(c.ok()) << c.status();
  (*c)->Close();
  EXPECT_EQ(PartitionsOf(published), 3);
  EXPECT_EQ(PartitionsOf(subscribed), 3);

  // A topic that exists keeps its partitions whatever another bus would give it.
  options.partitions = 7;
  std::unique_ptr<EventBus> other = Open(options);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->Publish(std::vector<Message>{Msg(published, "k", "e2")}).ok());
  EXPECT_EQ(PartitionsOf(published), 3);
}

TEST(KafkaBus, PublishToAnUnreachableClusterFailsUnavailableWithinItsTimeout) {
  // A port bound but not listening: connections are refused, and no other
  // process can take it meanwhile.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);

  KafkaBusOptions options;
  options.bootstrap_servers = absl::StrCat("127.0.0.1:", ntohs(addr.sin_port));
  options.publish_timeout = std::chrono::milliseconds(1500);
  std::unique_ptr<EventBus> bus = Open(options);
  ASSERT_NE(bus, nullptr);
  const Clock::time_point start = Clock::now();
  const absl::Status s = bus->Publish(std::vector<Message>{Msg("t-unreachable", "k", "e")});
  const Clock::duration elapsed = Clock::now() - start;
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  // One timeout for the topic's metadata, one for the delivery, and slack.
  EXPECT_LT(elapsed, 2 * options.publish_timeout + std::chrono::seconds(3));
  ::close(fd);
}

// Applies every message it is given (counting how often) and commits it
// before handling the next: the way ConsumerRunner works.
class Member {
 public:
  struct Shared {
    std::mutex mu;
    std::condition_variable changed;
    std::map<std::string, int> applied;  // by event id
    std::vector<std::string> failures;
  };

  Member(EventBus& bus, std::string group, std::string topic, Shared& shared)
      : bus_(bus), group_(std::move(group)), topic_(std::move(topic)), shared_(shared) {
    thread_ = std::thread([this] { Run(); });
  }
  ~Member() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Fail(std::string what) {
    std::lock_guard lock(shared_.mu);
    shared_.failures.push_back(std::move(what));
    shared_.changed.notify_all();
  }

  void Run() {
    absl::StatusOr<std::unique_ptr<Consumer>> c = bus_.Subscribe(group_, {topic_});
    if (!c.ok()) return Fail(c.status().ToString());
    const Clock::time_point until = Clock::now() + std::chrono::seconds(40);
    while (!stop_ && Clock::now() < until) {
      absl::StatusOr<std::vector<Message>> batch = (*c)->Poll(10, std::chrono::milliseconds(100));
      if (!batch.ok()) return Fail(batch.status().ToString());
      for (const Message& m : *batch) {
        {
          std::lock_guard lock(shared_.mu);
          ++shared_.applied[std::string(m.Id())];
          shared_.changed.notify_all();
        }
        if (absl::Status s = (*c)->Commit(m); !s.ok()) Fail(s.ToString());
      }
    }
    (*c)->Close();
  }

  EventBus& bus_;
  const std::string group_;
  const std::string topic_;
  Shared& shared_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(KafkaBus, RebalanceBetweenTwoMembersLosesNothingAndAppliesNothingTwice) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  const std::string topic = Unique("t-rebalance");
  const std::string group = Unique("g-rebalance");
  constexpr int kTotal = 400;
  std::vector<Message> all;
  for (int i = 0; i < kTotal; ++i) all.push_back(Msg(topic, absl::StrCat("order", i % 40), absl::StrCat("e", i)));
  ASSERT_TRUE(bus->Publish(all).ok());

  Member::Shared shared;
  auto applied_at_least = [&](size_t n) {
    std::unique_lock lock(shared.mu);
    return shared.changed.wait_for(lock, std::chrono::seconds(30),
                                   [&] { return shared.applied.size() >= n || !shared.failures.empty(); }) &&
           shared.failures.empty();
  };
  auto a = std::make_unique<Member>(*bus, group, topic, shared);
  ASSERT_TRUE(applied_at_least(50));
  Member b(*bus, group, topic, shared);  // joins: the partitions are split
  ASSERT_TRUE(applied_at_least(250));
  a->Stop();  // leaves: b gets them all
  a.reset();
  ASSERT_TRUE(applied_at_least(kTotal));
  b.Stop();

  std::lock_guard lock(shared.mu);
  EXPECT_TRUE(shared.failures.empty()) << shared.failures.front();
  EXPECT_EQ(shared.applied.size(), static_cast<size_t>(kTotal));
  for (const auto& [id, times] : shared.applied) EXPECT_EQ(times, 1) << id << " applied " << times << " times";
}

TEST(KafkaBus, ConsumerRunnerDeadLettersAPoisonMessage) {
  std::unique_ptr<EventBus> bus = Open();
  ASSERT_NE(bus, nullptr);
  const std::string topic = Unique("t-poison");
  ASSERT_TRUE(bus->Publish(std::vector<Message>{Msg(topic, "k", "good-1"), Msg(topic, "k", "poison"),
                                                Msg(topic, "k", "good-2")})
                  .ok());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> handled;
  ConsumerRunnerOptions options;
  options.group = Unique("g-poison");
  options.topics = {topic};
  options.max_attempts = 2;
  options.initial_backoff = std::chrono::milliseconds(10);
  ConsumerRunner runner(*bus, options, [&](const Message& m) {
    if (m.Id() == "poison") return absl::InternalError("cannot handle this one");
    std::lock_guard lock(mu);
    handled.emplace_back(m.Id());
    cv.notify_all();
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return handled.size() >= 2; }));
    EXPECT_EQ(handled, (std::vector<std::string>{"good-1", "good-2"}));
  }
  runner.Stop();

  absl::StatusOr<std::unique_ptr<Consumer>> dlq = bus->Subscribe(Unique("g-dlq-reader"), {DeadLetterTopic(topic)});
  ASSERT_TRUE(dlq.ok()) << dlq.status();
  std::vector<Message> dead = PollAtLeast(**dlq, 1);
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].Id(), "poison");
  EXPECT_EQ(dead[0].Get(kDlqAttempts), "2");
  EXPECT_EQ(dead[0].Get(kDlqTopic), topic);
  EXPECT_EQ(dead[0].Get(kDlqGroup), options.group);
}

}  // namespace
}  // namespace parfumerie::bus::testing

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "bus/outbox.h"
#include "bus_test_util.h"
#include "fake_event_bus.h"

namespace parfumerie::bus::testing {
namespace {

using std::chrono::milliseconds;

// An outbox in memory that checks the relay's promise: an entry is marked
// only after the bus holds it.
class FakeOutbox : public OutboxSource {
 public:
  explicit FakeOutbox(FakeEventBus& bus) : bus_(bus) {}

  void Add(int n) {
    std::lock_guard lock(mu_);
    for (int i = 0; i < n; ++i, ++next_seq_) {
      pending_[next_seq_] = Msg("commandes", "ord_" + std::to_string(next_seq_ % 3), absl::StrCat("e", next_seq_));
    }
  }
  size_t Backlog() {
    std::lock_guard lock(mu_);
    return pending_.size();
  }

  absl::StatusOr<std::vector<OutboxEntry>> PendingOutbox(size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<OutboxEntry> out;
    for (const auto& [seq, m] : pending_) {
      if (out.size() == limit) break;
      out.push_back({seq, m});
    }
    return out;
  }

  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    std::set<std::string> on_bus;
    for (const Message& m : bus_.Topic("commandes")) on_bus.insert(std::string(m.Id()));
    std::lock_guard lock(mu_);
    if (fail_marks_ > 0) {
      --fail_marks_;
      return absl::UnavailableError("outbox db busy");
    }
    for (int64_t seq : seqs) {
      auto it = pending_.find(seq);
      if (it == pending_.end()) continue;
      if (!on_bus.count(std::string(it->second.Id()))) marked_before_ack_ = true;
      pending_.erase(it);
    }
    bus_.Changed();
    return absl::OkStatus();
  }

  absl::StatusOr<int64_t> PrunePublished(int64_t before_ms) override {
    std::lock_guard lock(mu_);
    prunes_.push_back(before_ms);
    bus_.Changed();
    return int64_t{0};
  }
  std::vector<int64_t> Prunes() {
    std::lock_guard lock(mu_);
    return prunes_;
  }

  void FailMarks(int n) {
    std::lock_guard lock(mu_);
    fail_marks_ = n;
  }
  bool MarkedBeforeAck() {
    std::lock_guard lock(mu_);
    return marked_before_ack_;
  }

 private:
  FakeEventBus& bus_;
  std::mutex mu_;
  std::map<int64_t, Message> pending_;
  std::vector<int64_t> prunes_;
  int64_t next_seq_ = 1;
  int fail_marks_ = 0;
  bool marked_before_ack_ = false;
};

OutboxRelayOptions Options() {
  OutboxRelayOptions o;
  o.name = "test-outbox";
  o.batch_size = 4;
  o.poll_interval = std::chrono::minutes(10);  // only Notify() or Stop() wake it
  o.initial_backoff = milliseconds(1);
  o.max_backoff = milliseconds(4);
  return o;
}

std::vector<std::string> Ids(const std::vector<Message>& messages) {
  std::vector<std::string> ids;
  for (const Message& m : messages) ids.push_back(std::string(m.Id()));
  return ids;
}

std::vector<std::string> Expected(int n) {
  std::vector<std::string> ids;
  for (int i = 1; i <= n; ++i) ids.push_back(absl::StrCat("e", i));
  return ids;
}

TEST(MessageTest, SetReplacesTheFirstHeaderOfThatNameOrAppendsOne) {
  Message m;
  m.headers = {{"a", "1"}, {std::string(kTraceparent), "old"}};
  m.Set(kTraceparent, "new");
  m.Set("b", "2");
  EXPECT_EQ(m.headers.size(), 3u);
  EXPECT_EQ(m.Get(kTraceparent), "new");
  EXPECT_EQ(m.Get("a"), "1");
  EXPECT_EQ(m.Get("b"), "2");
}

TEST(OutboxRelay, PublishesInOrderAndMarksAfterNotify) {
  FakeEventBus bus;
  FakeOutbox outbox(bus);
  OutboxRelay relay(outbox, bus, Options());
  relay.Start();
  outbox.Add(10);
  relay.Notify();
  ASSERT_TRUE(bus.WaitFor([&] { return outbox.Backlog() == 0; }));
  relay.Stop();
  EXPECT_EQ(Ids(bus.Topic("commandes")), Expected(10));
  EXPECT_FALSE(outbox.MarkedBeforeAck());
}

TEST(OutboxRelay, PrunesPublishedEntriesPastTheirRetentionAtStartThenPeriodically) {
  FakeEventBus bus;
  FakeOutbox outbox(bus);
  OutboxRelayOptions options = Options();
  options.published_retention = std::chrono::hours(24);
  options.prune_interval = std::chrono::milliseconds(30);
  options.poll_interval = std::chrono::milliseconds(5);
  const int64_t start_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  OutboxRelay relay(outbox, bus, options);
  relay.Start();
  ASSERT_TRUE(bus.WaitFor([&] { return outbox.Prunes().size() >= 3; }));
  relay.Stop();
  const std::vector<int64_t> prunes = outbox.Prunes();
  // Each asks for what was published a day before it ran.
  const int64_t day_ms = 24 * 3600 * 1000;
  EXPECT_GE(prunes[0], start_ms - day_ms);
  EXPECT_LT(prunes[0], start_ms - day_ms + 10'000);
  EXPECT_LE(prunes[0], prunes[1]);
}

TEST(OutboxRelay, KeepsPublishedEntriesForeverWithoutARetention) {
  FakeEventBus bus;
  FakeOutbox outbox(bus);
  OutboxRelayOptions options = Options();
  options.published_retention = std::chrono::milliseconds(0);
  options.prune_interval = std::chrono::milliseconds(1);
  OutboxRelay relay(outbox, bus, options);
  relay.Start();
  outbox.Add(3);
  relay.Notify();
  ASSERT_TRUE(bus.WaitFor([&] { return outbox.Backlog() == 0; }));
  relay.Stop();
  EXPECT_TRUE(outbox.Prunes().empty());
}

TEST(OutboxRelay, RetriesAFailingBusAndNeverMarksBeforeTheAck) {
  FakeEventBus bus;
  bus.fail_publish = [](const std::string&, int call) {
    return call <= 5 ? absl::UnavailableError("bus down") : absl::OkStatus();
  };
  FakeOutbox outbox(bus);
  outbox.Add(9);
  metrics::Registry registry;
  OutboxRelayOptions options = Options();
  options.metrics = &registry;
  OutboxRelay relay(outbox, bus, options);
  relay.Start();
  relay.Notify();
  ASSERT_TRUE(bus.WaitFor([&] { return outbox.Backlog() == 0; }));
  relay.Stop();
  EXPECT_GE(bus.PublishCalls("commandes"), 6);
  EXPECT_EQ(Ids(bus.Topic("commandes")), Expected(9));
  EXPECT_FALSE(outbox.MarkedBeforeAck());
  const std::string text = registry.Exposition();
  EXPECT_NE(text.find("outbox_published_total{outbox=\"" + options.name + "\"} 9"), std::string::npos) << text;
  EXPECT_NE(text.find("outbox_publish_failures_total{outbox=\"" + options.name + "\"} 5"), std::string::npos)
      << text;
}

TEST(OutboxRelay, AFailedMarkMeansADuplicateNeverALoss) {
  FakeEventBus bus;
  FakeOutbox outbox(bus);
  outbox.Add(3);
  outbox.FailMarks(1);
  OutboxRelay relay(outbox, bus, Options());
  relay.Start();
  relay.Notify();
  ASSERT_TRUE(bus.WaitFor([&] { return outbox.Backlog() == 0; }));
  relay.Stop();
  // The first batch went out twice; consumers deduplicate on the id.
  EXPECT_EQ(Ids(bus.Topic("commandes")), (std::vector<std::string>{"e1", "e2", "e3", "e1", "e2", "e3"}));
}

TEST(OutboxRelay, StopDrainsWhatIsPending) {
  FakeEventBus bus;
  FakeOutbox outbox(bus);
  OutboxRelay relay(outbox, bus, Options());
  relay.Start();
  outbox.Add(11);  // no Notify(), and the poll interval is ten minutes
  relay.Stop(std::chrono::seconds(20));
  EXPECT_EQ(outbox.Backlog(), 0u);
  EXPECT_EQ(Ids(bus.Topic("commandes")), Expected(11));
}

TEST(OutboxRelay, StopGivesUpAfterTheDrainDeadlineKeepingTheEntries) {
  FakeEventBus bus;
  bus.fail_publish = [](const std::string&, int) { return absl::UnavailableError("bus down"); };
  FakeOutbox outbox(bus);
  outbox.Add(2);
  OutboxRelay relay(outbox, bus, Options());
  relay.Start();
  relay.Notify();
  ASSERT_TRUE(bus.WaitFor([&] { return bus.PublishCalls("commandes") >= 1; }));
  const auto start = std::chrono::steady_clock::now();
  relay.Stop(milliseconds(50));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(outbox.Backlog(), 2u);  // still there for the next start
}

}  // namespace
}  // namespace parfumerie::bus::testing

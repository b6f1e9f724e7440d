#include "bus/consumer_runner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "bus_test_util.h"
#include "fake_event_bus.h"

namespace parfumerie::bus::testing {
namespace {

using std::chrono::milliseconds;

ConsumerRunnerOptions Options() {
  ConsumerRunnerOptions o;
  o.group = "payment";
  o.topics = {"commandes"};
  o.max_attempts = 3;
  o.initial_backoff = milliseconds(1);
  o.max_backoff = milliseconds(4);
  o.poll_timeout = milliseconds(20);
  return o;
}

void PublishN(FakeEventBus& bus, int n, const std::string& key = "ord_1") {
  for (int i = 0; i < n; ++i) ASSERT_TRUE(bus.Publish(std::vector<Message>{Msg("commandes", key, absl::StrCat("e", i))}).ok());
}

// Counts handler calls per message id, thread-safely.
struct Calls {
  std::mutex mu;
  std::map<std::string, int> by_id;
  std::vector<std::string> succeeded;  // in order
  int Count(const std::string& id) {
    std::lock_guard lock(mu);
    return by_id[id];
  }
};

TEST(ConsumerRunner, RetriesATransientErrorThenCommits) {
  FakeEventBus bus;
  PublishN(bus, 2);
  Calls calls;
  ConsumerRunner runner(bus, Options(), [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    if (++calls.by_id[std::string(m.Id())] < 3 && m.Id() == "e0") return absl::UnavailableError("db busy");
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 2; }));
  runner.Stop();
  EXPECT_EQ(calls.Count("e0"), 3);
  EXPECT_EQ(calls.Count("e1"), 1);
  EXPECT_EQ(calls.succeeded, (std::vector<std::string>{"e0", "e1"}));
  EXPECT_TRUE(bus.Topic("commandes.dlq").empty());
}

TEST(ConsumerRunner, DeadLettersAfterMaxAttemptsWithTheReasonInHeaders) {
  FakeEventBus bus;
  PublishN(bus, 2);
  Calls calls;
  ConsumerRunner runner(bus, Options(), [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    ++calls.by_id[std::string(m.Id())];
    if (m.Id() == "e0") return absl::UnavailableError("provider down");
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 2; }));
  runner.Stop();
  EXPECT_EQ(calls.Count("e0"), 3);
  EXPECT_EQ(calls.Count("e1"), 1);  // the poison message did not block the next one
  std::vector<Message> dlq = bus.Topic("commandes.dlq");
  ASSERT_EQ(dlq.size(), 1u);
  const Message& d = dlq[0];
  EXPECT_EQ(d.Id(), "e0");
  EXPECT_EQ(d.key, "ord_1");
  EXPECT_EQ(d.payload, "p");
  EXPECT_NE(d.Get(kDlqError).value_or("").find("provider down"), std::string_view::npos);
  EXPECT_EQ(d.Get(kDlqAttempts), "3");
  EXPECT_EQ(d.Get(kDlqTopic), "commandes");
  EXPECT_EQ(d.Get(kDlqPartition), "0");
  EXPECT_EQ(d.Get(kDlqOffset), "0");
  EXPECT_EQ(d.Get(kDlqGroup), "payment");
}

TEST(ConsumerRunner, CountsHandledAndDeadLetteredMessagesAndFailedAttempts) {
  FakeEventBus bus;
  PublishN(bus, 3);
  metrics::Registry registry;
  ConsumerRunnerOptions options = Options();
  options.metrics = &registry;
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    return m.Id() == "e1" ? absl::UnavailableError("provider down") : absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 3; }));
  runner.Stop();
  const std::string text = registry.Exposition();
  EXPECT_NE(text.find(R"(bus_messages_handled_total{group="payment",topic="commandes",outcome="ok"} 2)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(bus_messages_handled_total{group="payment",topic="commandes",outcome="dead_lettered"} 1)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"(bus_handler_failures_total{group="payment",topic="commandes"} 3)"), std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(bus_message_handling_seconds_count{group="payment",topic="commandes"} 3)"),
            std::string::npos) << text;
}

TEST(ConsumerRunner, DeadLettersAPermanentErrorAtOnce) {
  FakeEventBus bus;
  PublishN(bus, 1);
  std::atomic<int> calls{0};
  ConsumerRunner runner(bus, Options(), [&](const Message&) {
    ++calls;
    return absl::InvalidArgumentError("undecodable payload");
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 1; }));
  runner.Stop();
  EXPECT_EQ(calls.load(), 1);
  ASSERT_EQ(bus.Topic("commandes.dlq").size(), 1u);
  EXPECT_EQ(bus.Topic("commandes.dlq")[0].Get(kDlqAttempts), "1");
}

TEST(ConsumerRunner, DoesNotCommitWhatItCouldNotDeadLetter) {
  FakeEventBus bus;
  PublishN(bus, 2);
  bus.fail_publish = [](const std::string& topic, int) {
    return topic == "commandes.dlq" ? absl::UnavailableError("dlq down") : absl::OkStatus();
  };
  std::atomic<int> e1_calls{0};
  ConsumerRunner runner(bus, Options(), [&](const Message& m) {
    if (m.Id() == "e1") ++e1_calls;
    return m.Id() == "e0" ? absl::DataLossError("corrupt") : absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  // It keeps trying to dead-letter, never moving on or committing.
  ASSERT_TRUE(bus.WaitFor([&] { return bus.PublishCalls("commandes.dlq") >= 5; }));
  runner.Stop();
  EXPECT_EQ(bus.Committed("payment", "commandes"), 0);
  EXPECT_EQ(e1_calls.load(), 0);
  EXPECT_TRUE(bus.Topic("commandes.dlq").empty());

  // Once the dead-letter topic works again, a new runner finishes the job.
  bus.fail_publish = nullptr;
  ConsumerRunner again(bus, Options(), [&](const Message& m) {
    return m.Id() == "e0" ? absl::DataLossError("corrupt") : absl::OkStatus();
  });
  ASSERT_TRUE(again.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 2; }));
  again.Stop();
  EXPECT_EQ(bus.Topic("commandes.dlq").size(), 1u);
}

TEST(ConsumerRunner, KeepsOrderThroughRetries) {
  FakeEventBus bus;
  constexpr int kMessages = 60;
  PublishN(bus, kMessages);
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.poll_batch = 7;
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    // Every third message fails once.
    const int n = ++calls.by_id[std::string(m.Id())];
    if (n == 1 && m.offset % 3 == 0) return absl::UnavailableError("flaky");
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == kMessages; }));
  runner.Stop();
  std::vector<std::string> expected;
  for (int i = 0; i < kMessages; ++i) expected.push_back(absl::StrCat("e", i));
  EXPECT_EQ(calls.succeeded, expected);
}

TEST(ConsumerRunner, StopsPromptlyDuringABackOffAndLeavesTheMessageUncommitted) {
  FakeEventBus bus;
  PublishN(bus, 1);
  std::atomic<int> calls{0};
  ConsumerRunnerOptions options = Options();
  options.max_attempts = 100;
  options.initial_backoff = std::chrono::minutes(10);
  options.max_backoff = std::chrono::minutes(10);
  ConsumerRunner runner(bus, options, [&](const Message&) {
    ++calls;
    bus.Changed();
    return absl::UnavailableError("down");
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return calls.load() == 1; }));
  const auto start = std::chrono::steady_clock::now();
  runner.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(bus.Committed("payment", "commandes"), 0);
  EXPECT_TRUE(bus.Topic("commandes.dlq").empty());
}

TEST(ConsumerRunner, ABackingOffPartitionDoesNotHoldBackTheOthers) {
  // The fake bus has one partition per topic: "commandes" and "paiements".
  FakeEventBus bus;
  PublishN(bus, 2);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(bus.Publish(std::vector<Message>{Msg("paiements", "ord_2", absl::StrCat("p", i))}).ok());
  }
  std::atomic<bool> release{false};
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.topics = {"commandes", "paiements"};
  options.max_attempts = 1000;
  options.initial_backoff = milliseconds(5);
  options.max_backoff = milliseconds(5);
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    ++calls.by_id[std::string(m.Id())];
    if (m.Id() == "e0" && !release.load()) return absl::UnavailableError("provider down");
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  // While e0 keeps failing, every message of the other partition is handled
  // and committed, and e1 (behind e0 in its partition) is not touched.
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "paiements") == 3 && calls.Count("e0") >= 3; }));
  EXPECT_EQ(calls.Count("e1"), 0);
  EXPECT_EQ(bus.Committed("payment", "commandes"), 0);
  release = true;
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 2; }));
  runner.Stop();
  std::vector<std::string> commandes;
  for (const std::string& id : calls.succeeded) {
    if (id[0] == 'e') commandes.push_back(id);
  }
  EXPECT_EQ(commandes, (std::vector<std::string>{"e0", "e1"}));
  EXPECT_TRUE(bus.Topic("commandes.dlq").empty());
}

TEST(ConsumerRunner, StopsPollingWhenItHoldsMaxBufferedMessages) {
  FakeEventBus bus;
  PublishN(bus, 10);
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.max_attempts = 1000;
  options.initial_backoff = milliseconds(5);
  options.max_backoff = milliseconds(5);
  options.max_buffered = 3;
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    ++calls.by_id[std::string(m.Id())];
    return m.Id() == "e0" ? absl::UnavailableError("down") : absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return calls.Count("e0") >= 5; }));
  // e0 holds its partition: the runner took three messages and no more.
  EXPECT_EQ(bus.Delivered("payment"), 3);
  runner.Stop();
  EXPECT_EQ(bus.Committed("payment", "commandes"), 0);
}

TEST(ConsumerRunner, PreparesEachRoundsMessagesBeforeHandlingThem) {
  FakeEventBus bus;
  PublishN(bus, 5);
  std::mutex mu;
  std::vector<std::string> prepared;
  std::vector<std::string> handled_unprepared;
  ConsumerRunnerOptions options = Options();
  options.prepare = [&](std::span<const Message* const> messages) {
    std::lock_guard lock(mu);
    for (const Message* m : messages) prepared.push_back(std::string(m->Id()));
  };
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(mu);
    if (std::find(prepared.begin(), prepared.end(), m.Id()) == prepared.end()) {
      handled_unprepared.push_back(std::string(m.Id()));
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 5; }));
  runner.Stop();
  std::lock_guard lock(mu);
  EXPECT_TRUE(handled_unprepared.empty());
  EXPECT_GE(prepared.size(), 5u);
}

// A store whose transaction scope counts its commits and can be made to fail.
struct CountingScope {
  std::mutex mu;
  int commits = 0;
  int bodies_with_messages = 0;
  std::vector<int> sizes;  // messages handled per committed transaction
  int in_body = 0;         // handler calls in the current body
  bool fail_next = false;
  bool inside = false;

  TransactionScope Scope() {
    return [this](const std::function<absl::Status()>& body) {
      {
        std::lock_guard lock(mu);
        inside = true;
        in_body = 0;
      }
      absl::Status s = body();
      std::lock_guard lock(mu);
      inside = false;
      if (!s.ok()) return s;
      if (fail_next) {
        fail_next = false;
        return absl::UnavailableError("disk full");
      }
      ++commits;
      sizes.push_back(in_body);
      return absl::OkStatus();
    };
  }
};

TEST(ConsumerRunner, HandlesReadyMessagesInSharedTransactions) {
  FakeEventBus bus;
  constexpr int kMessages = 50;
  PublishN(bus, kMessages);
  CountingScope scope;
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.transaction = scope.Scope();
  options.transaction_batch = 8;
  std::atomic<bool> outside{false};
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    {
      std::lock_guard lock(scope.mu);
      if (!scope.inside) outside = true;
      ++scope.in_body;
    }
    std::lock_guard lock(calls.mu);
    ++calls.by_id[std::string(m.Id())];
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == kMessages; }));
  runner.Stop();
  EXPECT_FALSE(outside.load()) << "a handler ran outside the transaction scope";
  std::lock_guard lock(scope.mu);
  // Every message in a transaction of at most 8, so at least 7 commits; all
  // 50 published before the start, so at least some transactions held many.
  int total = 0;
  for (int n : scope.sizes) {
    EXPECT_LE(n, 8);
    EXPECT_GE(n, 1);
    total += n;
  }
  EXPECT_EQ(total, kMessages);
  EXPECT_LT(scope.commits, kMessages / 2);
  EXPECT_EQ(calls.succeeded.size(), static_cast<size_t>(kMessages));
}

TEST(ConsumerRunner, HandlesAgainWhatAFailedTransactionHeldAndCommitsNoneOfIt) {
  FakeEventBus bus;
  PublishN(bus, 5);
  CountingScope scope;
  scope.fail_next = true;
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.transaction = scope.Scope();
  std::atomic<int64_t> committed_when_failed{-1};
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    {
      std::lock_guard lock(scope.mu);
      ++scope.in_body;
      if (scope.fail_next) committed_when_failed = bus.Committed("payment", "commandes");
    }
    std::lock_guard lock(calls.mu);
    ++calls.by_id[std::string(m.Id())];
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 5; }));
  runner.Stop();
  EXPECT_EQ(committed_when_failed.load(), 0);
  // The failed transaction's messages were handled twice, in order both times.
  std::vector<std::string> expected = {"e0", "e1", "e2", "e3", "e4", "e0", "e1", "e2", "e3", "e4"};
  EXPECT_EQ(calls.succeeded, expected);
  std::lock_guard lock(scope.mu);
  EXPECT_EQ(scope.commits, 1);
}

TEST(ConsumerRunner, ATransientErrorInATransactionLeavesTheOthersCommitted) {
  FakeEventBus bus;
  PublishN(bus, 1);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(bus.Publish(std::vector<Message>{Msg("paiements", "ord_2", absl::StrCat("p", i))}).ok());
  }
  CountingScope scope;
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.topics = {"commandes", "paiements"};
  options.transaction = scope.Scope();
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    if (++calls.by_id[std::string(m.Id())] == 1 && m.Id() == "e0") return absl::UnavailableError("busy");
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.WaitFor([&] {
    return bus.Committed("payment", "commandes") == 1 && bus.Committed("payment", "paiements") == 3;
  }));
  runner.Stop();
  EXPECT_EQ(calls.Count("e0"), 2);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(calls.Count(absl::StrCat("p", i)), 1);
}

TEST(ConsumerRunner, SubscribesAtTheStartPositionOfItsOptions) {
  FakeEventBus bus;
  PublishN(bus, 2);  // e0, e1: before the runner starts
  Calls calls;
  ConsumerRunnerOptions options = Options();
  options.start = StartPosition::kEnd;
  ConsumerRunner runner(bus, options, [&](const Message& m) {
    std::lock_guard lock(calls.mu);
    calls.succeeded.push_back(std::string(m.Id()));
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  ASSERT_TRUE(bus.Publish(std::vector<Message>{Msg("commandes", "ord_1", "after")}).ok());
  ASSERT_TRUE(bus.WaitFor([&] { return bus.Committed("payment", "commandes") == 3; }));
  runner.Stop();
  EXPECT_EQ(calls.succeeded, (std::vector<std::string>{"after"}));
}

}  // namespace
}  // namespace parfumerie::bus::testing

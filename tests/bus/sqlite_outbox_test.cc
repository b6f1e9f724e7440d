// The SQLite outbox and inbox helpers, and the whole path a saga event takes:
// state change + outbox in one transaction -> relay -> embedded bus ->
// consumer runner -> effect + inbox in one transaction.
#include "sqlite/outbox.h"

#include <gtest/gtest.h>

#include <mutex>

#include "absl/strings/str_cat.h"
#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "bus_test_util.h"
#include "sqlite/migrate.h"
#include "temp_dir.h"

namespace parfumerie::bus::testing {
namespace {

using sqlite::Connection;
using sqlite::Transaction;

const char* const kMigrations[] = {
    "CREATE TABLE stock (id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT;",
    sqlite::kOutboxTableSql,
    sqlite::kInboxTableSql,
};

class SqliteOutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(dir_.File("svc.db"), std::chrono::seconds(5));
    ASSERT_TRUE(conn.ok()) << conn.status();
    conn_ = std::move(*conn);
    ASSERT_TRUE(sqlite::Migrate(*conn_, "the test database", kMigrations).ok());
  }

  // A state change and its event, atomically (or neither, when `fail`).
  absl::Status Change(const Message& event, bool fail = false) {
    absl::StatusOr<Transaction> tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
    if (!tx.ok()) return tx.status();
    if (absl::Status s = conn_->Exec("INSERT INTO stock (id, n) VALUES ('x', 1)"
                                     " ON CONFLICT (id) DO UPDATE SET n = n + 1");
        !s.ok()) {
      return s;
    }
    if (absl::Status s = sqlite::AppendToOutbox(*conn_, event, 1000); !s.ok()) return s;
    if (fail) return absl::AbortedError("rolled back");
    return tx->Commit();
  }

  TempDir dir_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(SqliteOutboxTest, AppendsWithTheTransactionAndRoundTripsBytes) {
  Message event = Msg("commandes", "ord_1", "evt_1", std::string("\0\x01\xff", 3));
  event.headers.push_back({"bin", std::string("\0", 1)});
  ASSERT_TRUE(Change(event).ok());
  EXPECT_EQ(Change(Msg("commandes", "ord_2", "evt_2"), /*fail=*/true).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(*sqlite::OutboxBacklog(*conn_), 1);
  absl::StatusOr<std::vector<OutboxEntry>> pending = sqlite::PendingOutbox(*conn_, 10);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 1u);
  const Message& m = (*pending)[0].message;
  EXPECT_EQ(m.topic, "commandes");
  EXPECT_EQ(m.key, "ord_1");
  EXPECT_EQ(m.headers, event.headers);
  EXPECT_EQ(m.payload, event.payload);
}

TEST_F(SqliteOutboxTest, PendingInSeqOrderUntilMarked) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Change(Msg("commandes", "k", absl::StrCat("e", i))).ok());
  absl::StatusOr<std::vector<OutboxEntry>> first = sqlite::PendingOutbox(*conn_, 3);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 3u);
  EXPECT_LT((*first)[0].seq, (*first)[1].seq);
  EXPECT_EQ((*first)[2].message.Id(), "e2");
  std::vector<int64_t> seqs = {(*first)[0].seq, (*first)[1].seq, (*first)[2].seq};
  ASSERT_TRUE(sqlite::MarkPublished(*conn_, seqs, 2000).ok());
  ASSERT_TRUE(sqlite::MarkPublished(*conn_, seqs, 3000).ok());  // again: harmless
  absl::StatusOr<std::vector<OutboxEntry>> rest = sqlite::PendingOutbox(*conn_, 10);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].message.Id(), "e3");
  EXPECT_EQ(*sqlite::OutboxBacklog(*conn_), 2);
  EXPECT_EQ(*sqlite::PrunePublishedOutbox(*conn_, 2001), 3);
  EXPECT_EQ(*sqlite::PrunePublishedOutbox(*conn_, 2001), 0);
  ASSERT_TRUE(Change(Msg("commandes", "k", "e5")).ok());
  absl::StatusOr<std::vector<OutboxEntry>> after = sqlite::PendingOutbox(*conn_, 10);
  ASSERT_EQ(after->size(), 3u);
  EXPECT_GT((*after)[2].seq, (*after)[1].seq);
}

TEST_F(SqliteOutboxTest, TransactionsInsideABatchShareItsCommit) {
  absl::StatusOr<std::unique_ptr<Connection>> other = Connection::Open(dir_.File("svc.db"), std::chrono::seconds(5));
  ASSERT_TRUE(other.ok()) << other.status();
  int64_t seen_inside = -1;
  absl::Status s = sqlite::RunInOneTransaction(*conn_, [&] {
    EXPECT_TRUE(Change(Msg("commandes", "k", "e0")).ok());
    // A failed transaction inside the batch rolls back only itself.
    EXPECT_EQ(Change(Msg("commandes", "k", "e1"), /*fail=*/true).code(), absl::StatusCode::kAborted);
    EXPECT_TRUE(Change(Msg("commandes", "k", "e2")).ok());
    // Committed inside, yet not visible outside before the batch commits.
    seen_inside = *(*other)->QueryInt("SELECT COUNT(*) FROM outbox");
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen_inside, 0);
  EXPECT_EQ(*(*other)->QueryInt("SELECT COUNT(*) FROM outbox"), 2);
  EXPECT_EQ(*(*other)->QueryInt("SELECT n FROM stock WHERE id = 'x'"), 2);
  // Outside a batch, a transaction commits on its own again.
  ASSERT_TRUE(Change(Msg("commandes", "k", "e3")).ok());
  EXPECT_EQ(*(*other)->QueryInt("SELECT COUNT(*) FROM outbox"), 3);
}

TEST_F(SqliteOutboxTest, AFailedBatchKeepsNoneOfItsTransactions) {
  absl::Status s = sqlite::RunInOneTransaction(*conn_, [&] {
    EXPECT_TRUE(Change(Msg("commandes", "k", "e0")).ok());
    EXPECT_TRUE(Change(Msg("commandes", "k", "e1")).ok());
    return absl::UnavailableError("the batch gives up");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(*sqlite::OutboxBacklog(*conn_), 0);
  EXPECT_EQ(*conn_->QueryInt("SELECT COUNT(*) FROM stock"), 0);
}

TEST_F(SqliteOutboxTest, MarkAppliedOncePerConsumer) {
  EXPECT_EQ(*sqlite::MarkApplied(*conn_, "payment", "evt_1", 1), true);
  EXPECT_EQ(*sqlite::MarkApplied(*conn_, "payment", "evt_1", 2), false);
  EXPECT_EQ(*sqlite::MarkApplied(*conn_, "delivery", "evt_1", 3), true);
  EXPECT_EQ(sqlite::MarkApplied(*conn_, "payment", "", 4).status().code(), absl::StatusCode::kInvalidArgument);
}

// A store's OutboxSource, as a service writes it.
class StoreOutbox : public OutboxSource {
 public:
  explicit StoreOutbox(Connection& conn) : conn_(conn) {}
  absl::StatusOr<std::vector<OutboxEntry>> PendingOutbox(size_t limit) override {
    std::lock_guard lock(mu_);
    return sqlite::PendingOutbox(conn_, limit);
  }
  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    std::lock_guard lock(mu_);
    return sqlite::MarkPublished(conn_, seqs, 5000);
  }

 private:
  std::mutex mu_;  // a Connection is used by one thread at a time
  Connection& conn_;
};

TEST_F(SqliteOutboxTest, EventsFlowFromOutboxToAnIdempotentConsumer) {
  absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenEmbeddedBus(dir_.File("bus.db"));
  ASSERT_TRUE(bus.ok()) << bus.status();
  constexpr int kEvents = 20;
  for (int i = 0; i < kEvents; ++i) ASSERT_TRUE(Change(Msg("commandes", "ord_1", absl::StrCat("e", i))).ok());
  StoreOutbox source(*conn_);
  {
    OutboxRelay relay(source, **bus, {.batch_size = 7});
    relay.Start();
    relay.Stop();  // drains
  }
  EXPECT_EQ(*sqlite::OutboxBacklog(*conn_), 0);
  // The relay died before marking: the same events go out again.
  std::vector<Message> again;
  for (int i = 0; i < 5; ++i) again.push_back(Msg("commandes", "ord_1", absl::StrCat("e", i)));
  ASSERT_TRUE((*bus)->Publish(again).ok());

  // The consumer's own database: effect + inbox in one transaction.
  absl::StatusOr<std::unique_ptr<Connection>> db = Connection::Open(dir_.File("payment.db"), std::chrono::seconds(5));
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(sqlite::Migrate(**db, "payment", kMigrations).ok());
  std::mutex mu;
  std::condition_variable cv;
  int handled = 0;
  ConsumerRunnerOptions options{.group = "payment", .topics = {"commandes"}};
  ConsumerRunner runner(**bus, options, [&](const Message& m) -> absl::Status {
    absl::StatusOr<Transaction> tx = Transaction::Begin(**db, Transaction::Kind::kImmediate);
    if (!tx.ok()) return tx.status();
    absl::StatusOr<bool> fresh = sqlite::MarkApplied(**db, "payment", m.Id(), 1);
    if (!fresh.ok()) return fresh.status();
    if (*fresh) {
      if (absl::Status s = (*db)->Exec("INSERT INTO stock (id, n) VALUES ('charged', 1)"
                                       " ON CONFLICT (id) DO UPDATE SET n = n + 1");
          !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = tx->Commit(); !s.ok()) return s;
    std::lock_guard lock(mu);
    ++handled;
    cv.notify_all();
    return absl::OkStatus();
  });
  ASSERT_TRUE(runner.Start().ok());
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, kDeliveryDeadline, [&] { return handled == kEvents + 5; }));
  }
  runner.Stop();
  EXPECT_EQ(*(*db)->QueryInt("SELECT n FROM stock WHERE id = 'charged'"), kEvents);
}

}  // namespace
}  // namespace parfumerie::bus::testing

// The outbox statistics of the SQLite stores and the relay's backlog gauges
// that cache them: what a scrape reads comes from the relay, never the store.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "bus/embedded/embedded_bus.h"
#include "bus/outbox.h"
#include "catalog/sqlite/sqlite_catalog_database.h"
#include "delivery/sqlite/sqlite_delivery_store.h"
#include "metrics/registry.h"
#include "payment/sqlite/sqlite_payment_store.h"
#include "scrape.h"
#include "sqlite/migrate.h"
#include "sqlite/outbox.h"
#include "support/process.h"

namespace parfumerie {
namespace {

using metrics::testing::SampleValue;
using metrics::testing::WaitForSample;
using namespace std::chrono_literals;

bus::Message Event(const std::string& id) {
  bus::Message m;
  m.topic = "commandes";
  m.key = "cmd_1";
  m.headers = {{std::string(bus::kCeId), id}};
  m.payload = "p";
  return m;
}

const char* const kMigrations[] = {sqlite::kOutboxTableSql};

class OutboxStatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = sqlite::Connection::Open(dir_.path() + "/svc.db", 5s);
    ASSERT_TRUE(conn.ok()) << conn.status();
    conn_ = std::move(*conn);
    ASSERT_TRUE(sqlite::Migrate(*conn_, "the test database", kMigrations).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<sqlite::Connection> conn_;
};

TEST_F(OutboxStatsTest, CountsUnpublishedEntriesAndFindsTheOldest) {
  absl::StatusOr<bus::OutboxStats> empty = sqlite::PendingOutboxStats(*conn_);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->backlog, 0);
  EXPECT_EQ(empty->oldest_created_ms, 0);
  for (int64_t at : {1000, 2000, 3000}) ASSERT_TRUE(sqlite::AppendToOutbox(*conn_, Event(std::to_string(at)), at).ok());
  absl::StatusOr<bus::OutboxStats> three = sqlite::PendingOutboxStats(*conn_);
  EXPECT_EQ(three->backlog, 3);
  EXPECT_EQ(three->oldest_created_ms, 1000);
  const int64_t first[] = {1};
  ASSERT_TRUE(sqlite::MarkPublished(*conn_, first, 5000).ok());
  absl::StatusOr<bus::OutboxStats> two = sqlite::PendingOutboxStats(*conn_);
  EXPECT_EQ(two->backlog, 2);
  EXPECT_EQ(two->oldest_created_ms, 2000);
  const int64_t rest[] = {2, 3};
  ASSERT_TRUE(sqlite::MarkPublished(*conn_, rest, 5000).ok());
  absl::StatusOr<bus::OutboxStats> none = sqlite::PendingOutboxStats(*conn_);
  EXPECT_EQ(none->backlog, 0);
  EXPECT_EQ(none->oldest_created_ms, 0);
}

TEST_F(OutboxStatsTest, EveryServiceStoreAnswersOnAFreshDatabase) {
  auto catalog = catalog::OpenSqliteCatalogDatabase(dir_.path() + "/catalog.db");
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  auto payment = payment::OpenSqlitePaymentStore(dir_.path() + "/payment.db");
  ASSERT_TRUE(payment.ok()) << payment.status();
  auto delivery = delivery::OpenSqliteDeliveryStore(dir_.path() + "/delivery.db");
  ASSERT_TRUE(delivery.ok()) << delivery.status();
  for (bus::OutboxSource* source :
       std::initializer_list<bus::OutboxSource*>{catalog->outbox.get(), payment->get(), delivery->get()}) {
    absl::StatusOr<bus::OutboxStats> stats = source->PendingOutboxStats();
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(stats->backlog, 0);
    EXPECT_EQ(stats->oldest_created_ms, 0);
  }
}

// The SQLite outbox above, with a switch that makes reading it fail: the relay
// then cannot publish, and its gauges must show what waits.
class StuckOutbox : public bus::OutboxSource {
 public:
  explicit StuckOutbox(sqlite::Connection& conn) : conn_(conn) {}
  std::atomic<bool> stuck{true};
  std::atomic<int> stats_calls{0};

  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override {
    if (stuck) return absl::UnavailableError("stuck");
    std::lock_guard lock(mu_);
    return sqlite::PendingOutbox(conn_, limit);
  }
  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    std::lock_guard lock(mu_);
    return sqlite::MarkPublished(conn_, seqs, 1);
  }
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override {
    ++stats_calls;
    std::lock_guard lock(mu_);
    return sqlite::PendingOutboxStats(conn_);
  }

 private:
  std::mutex mu_;
  sqlite::Connection& conn_;
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST_F(OutboxStatsTest, RelayGaugesShowTheBacklogAndItsAgeThenDrainToZero) {
  const int64_t written = NowMs() - 60'000;  // a minute ago
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(sqlite::AppendToOutbox(*conn_, Event("e" + std::to_string(i)), written).ok());
  auto bus = bus::OpenEmbeddedBus(dir_.path() + "/bus.db");
  ASSERT_TRUE(bus.ok()) << bus.status();
  metrics::Registry registry;
  StuckOutbox source(*conn_);
  bus::OutboxRelay relay(source, **bus,
                         {.name = "test-outbox",
                          .poll_interval = 10ms,
                          .initial_backoff = 5ms,
                          .max_backoff = 10ms,
                          .metrics = &registry,
                          .stats_interval = 20ms});
  relay.Start();
  const std::string backlog = R"(outbox_backlog_messages{outbox="test-outbox"})";
  const std::string age = R"(outbox_oldest_message_age_seconds{outbox="test-outbox"})";
  ASSERT_TRUE(WaitForSample(registry, backlog, 3));
  const std::optional<double> seconds = SampleValue(registry.Exposition(), age);
  ASSERT_TRUE(seconds.has_value());
  EXPECT_GE(*seconds, 60);
  EXPECT_LT(*seconds, 600);
  // Scrapes read the relay's copy: many scrapes, no more store reads than
  // the refresh interval allows.
  const int calls = source.stats_calls;
  for (int i = 0; i < 1000; ++i) (void)registry.Exposition();
  EXPECT_LT(source.stats_calls - calls, 100);

  source.stuck = false;
  EXPECT_TRUE(WaitForSample(registry, backlog, 0));
  EXPECT_TRUE(WaitForSample(registry, age, 0));
  relay.Stop();
}

}  // namespace
}  // namespace parfumerie

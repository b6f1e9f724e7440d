// The conformance suite of the DeliveryStore port. Every adapter instantiates
// it with a factory of isolated environments:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DeliveryStoreConformance,
//       ::testing::Values(StoreFactory{"sqlite", [] { return MakeSqliteEnv(); }}),
//       [](const auto& info) { return info.param.name; });
//
// A behaviour that one adapter has and another lacks is a bug in the other.
// Include this header from exactly one test file per adapter.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "delivery/delivery_events.h"
#include "delivery/delivery_store.h"
#include "delivery/livraison.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::delivery::testing {

// One empty database per test. Open() may be called again, also after an
// earlier store was destroyed; every store it returns sees the same data.
class StoreEnvironment {
 public:
  virtual ~StoreEnvironment() = default;
  virtual absl::StatusOr<std::unique_ptr<DeliveryStore>> Open() = 0;
};

struct StoreFactory {
  std::string name;
  std::function<std::unique_ptr<StoreEnvironment>()> make;
  friend void PrintTo(const StoreFactory& f, std::ostream* os) { *os << f.name; }
};

class DeliveryStoreConformance : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    env_ = GetParam().make();
    absl::StatusOr<std::unique_ptr<DeliveryStore>> store = env_->Open();
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  static Timestamp At(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

  static Livraison Make(const std::string& id, const std::string& commande_id, int64_t cree_ms = 1'700'000'000'000) {
    return NewLivraison(id, commande_id,
                        Adresse{"Camille Martin", "12 rue des Lilas", "Bât. B", "69002", "Lyon", "FR", "+33612345678"},
                        At(cree_ms));
  }

  static Livraison Next(const Livraison& l, int64_t at_ms) {
    absl::StatusOr<Livraison> next = ApplyStep(l, MakeStep(l, *NextStatut(l.statut), At(at_ms), "", ""));
    EXPECT_TRUE(next.ok()) << next.status();
    return *next;
  }

  static InboxMark Mark(const std::string& message_id) { return InboxMark{"delivery", message_id}; }

  bool Create(const Livraison& l, std::optional<InboxMark> inbox = std::nullopt) {
    absl::StatusOr<bool> written = store_->Create(l, MakeStatusChangedEvent(l, ""), inbox);
    EXPECT_TRUE(written.ok()) << written.status();
    return written.ok() && *written;
  }

  std::vector<bus::OutboxEntry> Pending() {
    absl::StatusOr<std::vector<bus::OutboxEntry>> pending = store_->PendingOutbox(1000);
    EXPECT_TRUE(pending.ok()) << pending.status();
    return pending.ok() ? *pending : std::vector<bus::OutboxEntry>{};
  }

  std::vector<std::string> WalkAll(std::optional<Statut> statut, int limit, int64_t expected_total) {
    std::vector<std::string> ids;
    ListFilter filter{.statut = statut, .after = std::nullopt, .limit = limit};
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<StoredPage> page = store_->List(filter);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_EQ(page->total, expected_total);
      EXPECT_LE(static_cast<int>(page->items.size()), limit);
      for (const Livraison& l : page->items) ids.push_back(l.id);
      if (!page->more) break;
      EXPECT_EQ(static_cast<int>(page->items.size()), limit) << "a page before the last is full";
      filter.after = ListPosition{page->items.back().cree_le, page->items.back().id};
    }
    return ids;
  }

  std::unique_ptr<StoreEnvironment> env_;
  std::unique_ptr<DeliveryStore> store_;
};

TEST_P(DeliveryStoreConformance, CreateThenGetReturnsTheSameDelivery) {
  const Livraison l = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(l));
  absl::StatusOr<Livraison> got = store_->Get("liv_a");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, l);
  absl::StatusOr<Livraison> by_order = store_->GetForOrder("cmd_a");
  ASSERT_TRUE(by_order.ok()) << by_order.status();
  EXPECT_EQ(*by_order, l);
}

TEST_P(DeliveryStoreConformance, UnknownIdsAreNotFound) {
  EXPECT_EQ(store_->Get("liv_nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetForOrder("cmd_nope").status().code(), absl::StatusCode::kNotFound);
  const Livraison l = Make("liv_a", "cmd_a");
  absl::StatusOr<bool> u = store_->Update(Next(l, 2000), 1, MakeStatusChangedEvent(l, ""), std::nullopt);
  EXPECT_EQ(u.status().code(), absl::StatusCode::kNotFound);
}

TEST_P(DeliveryStoreConformance, ASecondDeliveryForTheSameOrderIsAlreadyExistsAndWritesNothing) {
  ASSERT_TRUE(Create(Make("liv_a", "cmd_a"), Mark("m1")));
  const Livraison other = Make("liv_b", "cmd_a");
  absl::StatusOr<bool> again = store_->Create(other, MakeStatusChangedEvent(other, ""), Mark("m2"));
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->Get("liv_b").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Pending().size(), 1u);
  // Nothing was written, the inbox mark included: m2 can still be applied.
  const Livraison third = Make("liv_c", "cmd_c");
  EXPECT_TRUE(Create(third, Mark("m2")));
}

TEST_P(DeliveryStoreConformance, AnOrderRecordedAsCancelledGetsNoDelivery) {
  ASSERT_TRUE(store_->RecordCancellation("cmd_a", "client").ok());
  ASSERT_TRUE(store_->RecordCancellation("cmd_a", "client").ok());  // again: harmless
  const Livraison l = Make("liv_a", "cmd_a");
  absl::StatusOr<bool> written = store_->Create(l, MakeStatusChangedEvent(l, ""), Mark("m1"));
  EXPECT_EQ(written.status().code(), absl::StatusCode::kFailedPrecondition) << written.status();
  EXPECT_EQ(store_->GetForOrder("cmd_a").status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->PendingOutbox(10)->empty());
  // Nothing of it was recorded: the message is not marked applied either.
  ASSERT_TRUE(store_->RecordCancellation("cmd_b", "").ok());
  EXPECT_TRUE(Create(Make("liv_c", "cmd_c"), Mark("m1")));
}

TEST_P(DeliveryStoreConformance, AnAppliedMessageIsNotAppliedAgain) {
  ASSERT_TRUE(Create(Make("liv_a", "cmd_a"), Mark("m1")));
  const Livraison dup = Make("liv_b", "cmd_b");
  absl::StatusOr<bool> again = store_->Create(dup, MakeStatusChangedEvent(dup, ""), Mark("m1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(*again);
  EXPECT_EQ(store_->Get("liv_b").status().code(), absl::StatusCode::kNotFound);

  const Livraison l = *store_->Get("liv_a");
  const Livraison next = Next(l, 2000);
  absl::StatusOr<bool> update = store_->Update(next, 1, MakeStatusChangedEvent(next, ""), Mark("m1"));
  ASSERT_TRUE(update.ok()) << update.status();
  EXPECT_FALSE(*update);
  EXPECT_EQ(store_->Get("liv_a")->version, 1);
  EXPECT_EQ(Pending().size(), 1u);
  // Inbox marks are per consumer.
  absl::StatusOr<bool> other = store_->Update(next, 1, MakeStatusChangedEvent(next, ""), InboxMark{"audit", "m1"});
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_TRUE(*other);
}

TEST_P(DeliveryStoreConformance, UpdateStoresTheNewStepAndVersion) {
  Livraison l = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(l));
  for (int64_t at = 2000; at <= 4000; at += 1000) {
    const Livraison next = Next(l, at);
    absl::StatusOr<bool> written = store_->Update(next, l.version, MakeStatusChangedEvent(next, ""), std::nullopt);
    ASSERT_TRUE(written.ok()) << written.status();
    EXPECT_TRUE(*written);
    l = next;
    EXPECT_EQ(*store_->Get("liv_a"), l);
  }
  EXPECT_EQ(l.statut, Statut::kLivree);
  EXPECT_EQ(l.version, 4);
  EXPECT_EQ(l.suivi.size(), 4u);
}

TEST_P(DeliveryStoreConformance, UpdateWithAStaleVersionIsAbortedAndWritesNothing) {
  const Livraison l = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(l));
  const Livraison first = Next(l, 2000);
  ASSERT_TRUE(store_->Update(first, 1, MakeStatusChangedEvent(first, ""), std::nullopt).ok());
  absl::StatusOr<bool> stale = store_->Update(first, 1, MakeStatusChangedEvent(first, ""), Mark("m1"));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(*store_->Get("liv_a"), first);
  EXPECT_EQ(Pending().size(), 2u);
}

TEST_P(DeliveryStoreConformance, EachWriteQueuesItsEventInOrderUntilPublished) {
  Livraison a = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(a));
  Livraison b = Make("liv_b", "cmd_b");
  ASSERT_TRUE(Create(b));
  const Livraison a2 = Next(a, 2000);
  ASSERT_TRUE(store_->Update(a2, 1, MakeStatusChangedEvent(a2, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                             std::nullopt)
                  .ok());
  std::vector<bus::OutboxEntry> pending = Pending();
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_LT(pending[0].seq, pending[1].seq);
  EXPECT_LT(pending[1].seq, pending[2].seq);
  const std::vector<std::pair<std::string, Statut>> expected = {
      {"cmd_a", Statut::kEnPreparation}, {"cmd_b", Statut::kEnPreparation}, {"cmd_a", Statut::kExpediee}};
  for (size_t i = 0; i < pending.size(); ++i) {
    const bus::Message& m = pending[i].message;
    EXPECT_EQ(m.topic, bus::kTopicLivraisons);
    EXPECT_EQ(m.key, expected[i].first);
    EXPECT_EQ(m.Type(), "parfumerie.v1.DeliveryStatusChanged");
    EXPECT_FALSE(m.Id().empty());
    v1::DeliveryStatusChanged payload;
    ASSERT_TRUE(payload.ParseFromString(m.payload));
    EXPECT_EQ(payload.commande_id(), expected[i].first);
    EXPECT_EQ(static_cast<int>(payload.evenement().statut()), static_cast<int>(expected[i].second) + 1);
  }
  EXPECT_EQ(pending[2].message.Get(bus::kTraceparent), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

  const int64_t first_two[] = {pending[0].seq, pending[1].seq};
  ASSERT_TRUE(store_->MarkPublished(first_two).ok());
  pending = Pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].message.key, "cmd_a");
  ASSERT_TRUE(store_->MarkPublished(first_two).ok()) << "marking twice is harmless";
  EXPECT_EQ(store_->PendingOutbox(1)->size(), 1u);
}

TEST_P(DeliveryStoreConformance, ListIsNewestFirstFilteredAndPagesNeitherSkipNorRepeat) {
  // Five share a creation time: ties are broken by id.
  std::vector<std::string> all;
  for (int i = 0; i < 13; ++i) {
    const std::string id = "liv_" + std::string(1, static_cast<char>('a' + i));
    Livraison l = Make(id, "cmd_" + std::to_string(i), 1'700'000'000'000 + (i < 5 ? 0 : i * 1000));
    ASSERT_TRUE(Create(l));
    if (i % 3 == 0) {
      const Livraison next = Next(l, 1'800'000'000'000);
      ASSERT_TRUE(store_->Update(next, 1, MakeStatusChangedEvent(next, ""), std::nullopt).ok());
    }
    all.push_back(id);
  }
  const std::vector<std::string> newest_first(all.rbegin(), all.rend());
  for (int limit : {1, 4, 5, 13, 100}) {
    EXPECT_EQ(WalkAll(std::nullopt, limit, 13), newest_first) << "limit " << limit;
  }
  const std::vector<std::string> shipped = {"liv_m", "liv_j", "liv_g", "liv_d", "liv_a"};
  EXPECT_EQ(WalkAll(Statut::kExpediee, 2, 5), shipped);
  EXPECT_EQ(WalkAll(Statut::kLivree, 2, 0), std::vector<std::string>{});
  absl::StatusOr<StoredPage> page = store_->List(ListFilter{.statut = Statut::kExpediee, .after = std::nullopt, .limit = 1});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].suivi.size(), 2u) << "listed deliveries carry their suivi";
}

TEST_P(DeliveryStoreConformance, ConcurrentCreatesForOneOrderStoreOneDelivery) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0};
  std::atomic<int> already{0};
  std::atomic<int> duplicate{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Livraison l = Make("liv_" + std::to_string(t), "cmd_race");
      // Half redeliver one message, half carry messages of their own.
      const std::string message_id = t % 2 == 0 ? "m_same" : "m_" + std::to_string(t);
      absl::StatusOr<bool> r = store_->Create(l, MakeStatusChangedEvent(l, ""), Mark(message_id));
      if (r.ok() && *r) ++created;
      if (r.ok() && !*r) ++duplicate;
      if (absl::IsAlreadyExists(r.status())) ++already;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(created + already + duplicate, kThreads);
  EXPECT_EQ(Pending().size(), 1u);
  EXPECT_EQ(store_->List(ListFilter{})->total, 1);
}

TEST_P(DeliveryStoreConformance, ConcurrentUpdatesOfOneVersionHaveOneWinner) {
  const Livraison l = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(l));
  std::atomic<int> won{0};
  std::atomic<int> aborted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      const Livraison next = Next(l, 2000);
      absl::StatusOr<bool> r = store_->Update(next, 1, MakeStatusChangedEvent(next, ""), std::nullopt);
      if (r.ok()) ++won;
      if (absl::IsAborted(r.status())) ++aborted;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
  EXPECT_EQ(store_->Get("liv_a")->suivi.size(), 2u);
  EXPECT_EQ(Pending().size(), 2u);
}

TEST_P(DeliveryStoreConformance, ReopeningKeepsDeliveriesOutboxAndInbox) {
  const Livraison l = Make("liv_a", "cmd_a");
  ASSERT_TRUE(Create(l, Mark("m1")));
  store_.reset();
  absl::StatusOr<std::unique_ptr<DeliveryStore>> reopened = env_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  EXPECT_EQ(*store_->Get("liv_a"), l);
  EXPECT_EQ(Pending().size(), 1u);
  const Livraison dup = Make("liv_b", "cmd_b");
  EXPECT_FALSE(*store_->Create(dup, MakeStatusChangedEvent(dup, ""), Mark("m1")));
}

}  // namespace parfumerie::delivery::testing

// The conformance suite of the PaymentStore port. Every adapter instantiates
// it with a factory of isolated environments:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, PaymentStoreConformance,
//       ::testing::Values(PaymentStoreFactory{"sqlite", [] { return MakeSqliteEnv(); }}),
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
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payment/payment_store.h"

namespace parfumerie::payment::testing {

// One empty database per test. Open() may be called again, also after an
// earlier store was destroyed; every store it returns sees the same data.
class PaymentStoreEnvironment {
 public:
  virtual ~PaymentStoreEnvironment() = default;
  virtual absl::StatusOr<std::unique_ptr<PaymentStore>> Open() = 0;
};

struct PaymentStoreFactory {
  std::string name;
  std::function<std::unique_ptr<PaymentStoreEnvironment>()> make;
  friend void PrintTo(const PaymentStoreFactory& f, std::ostream* os) { *os << f.name; }
};

class PaymentStoreConformance : public ::testing::TestWithParam<PaymentStoreFactory> {
 protected:
  void SetUp() override {
    env_ = GetParam().make();
    auto store = env_->Open();
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  static Timestamp At(int64_t ms) { return FromUnixMillis(ms); }

  static Payment Accepted(std::string id, std::string order, int64_t created_ms = 1'700'000'000'000) {
    Payment p;
    p.id = std::move(id);
    p.order_id = std::move(order);
    p.amount_cents = 12'900;
    p.status = PaymentStatus::kAccepted;
    p.token = "pm_test";
    p.card_brand = "visa";
    p.card_last4 = "4242";
    p.charge_id = "ch_" + p.id;
    p.created_at = At(created_ms);
    return p;
  }

  static Payment Refused(std::string id, std::string order, int64_t created_ms = 1'700'000'000'000) {
    Payment p = Accepted(std::move(id), std::move(order), created_ms);
    p.status = PaymentStatus::kRefused;
    p.decline_code = "insufficient_funds";
    p.decline_message = "Fonds insuffisants : le paiement a été refusé.";
    return p;
  }

  static bus::Message Event(const std::string& key, const std::string& type) {
    bus::Message m;
    m.topic = "paiements";
    m.key = key;
    m.headers = {{"ce_id", "evt_" + type + "_" + key}, {"ce_type", type}};
    m.payload = std::string("payload\0with nul", 16);
    return m;
  }

  static InboxRecord Inbox(const std::string& message_id) {
    return InboxRecord{"payment", message_id, At(1'700'000'100'000)};
  }

  absl::StatusOr<WriteResult> Record(const Payment& p, const std::string& message_id) {
    return store_->RecordPayment(p, Event(p.order_id, "parfumerie.v1.PaymentSucceeded"), Inbox(message_id));
  }

  int64_t Backlog() {
    auto n = store_->OutboxBacklog();
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  // Ids of every page of `query`, walked with its cursors.
  std::vector<std::string> Walk(PaymentQuery query) {
    std::vector<std::string> ids;
    for (int guard = 0; guard < 100; ++guard) {
      auto page = store_->List(query);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const Payment& p : page->items) ids.push_back(p.id);
      if (page->next_cursor.empty()) break;
      query.cursor = page->next_cursor;
    }
    return ids;
  }

  std::unique_ptr<PaymentStoreEnvironment> env_;
  std::unique_ptr<PaymentStore> store_;
};

TEST_P(PaymentStoreConformance, CardTokensRoundTrip) {
  const CardToken t{"pm_abc", CardSummary{CardBrand::kAmex, "0005", 7, 2031}, At(1'700'000'000'123)};
  ASSERT_TRUE(store_->InsertCardToken(t).ok());
  auto got = store_->GetCardToken("pm_abc");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, t);
  EXPECT_TRUE(absl::IsAlreadyExists(store_->InsertCardToken(t)));
  EXPECT_TRUE(absl::IsNotFound(store_->GetCardToken("pm_nope").status()));
}

TEST_P(PaymentStoreConformance, RecordedPaymentRoundTripsWithItsEvent) {
  const Payment p = Refused("pay_1", "cmd_1", 1'700'000'000'321);
  auto r = Record(p, "evt_1");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, WriteResult::kApplied);
  EXPECT_EQ(*store_->Get("pay_1"), p);
  EXPECT_EQ(*store_->GetForOrder("cmd_1"), p);
  auto state = store_->GetOrderState("cmd_1");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->payment, p);
  EXPECT_FALSE(state->cancellation.has_value());
  EXPECT_TRUE(absl::IsNotFound(store_->Get("pay_2").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->GetForOrder("cmd_2").status()));

  auto pending = store_->PendingOutbox(10);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 1u);
  const bus::Message expected = Event("cmd_1", "parfumerie.v1.PaymentSucceeded");
  EXPECT_EQ((*pending)[0].message.topic, expected.topic);
  EXPECT_EQ((*pending)[0].message.key, expected.key);
  EXPECT_EQ((*pending)[0].message.headers, expected.headers);
  EXPECT_EQ((*pending)[0].message.payload, expected.payload);
}

TEST_P(PaymentStoreConformance, RedeliveredMessageWritesNothing) {
  ASSERT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kApplied);
  // Same message again, even carrying another payment: nothing happens.
  auto again = Record(Accepted("pay_2", "cmd_2"), "evt_1");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, WriteResult::kDuplicate);
  EXPECT_TRUE(absl::IsNotFound(store_->Get("pay_2").status()));
  EXPECT_EQ(Backlog(), 1);
}

TEST_P(PaymentStoreConformance, OnePaymentPerOrder) {
  ASSERT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kApplied);
  EXPECT_TRUE(absl::IsAlreadyExists(Record(Accepted("pay_2", "cmd_1"), "evt_2").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->Get("pay_2").status()));
  EXPECT_EQ(Backlog(), 1);
  // The refused write did not consume its inbox record either.
  EXPECT_EQ(*Record(Accepted("pay_3", "cmd_3"), "evt_2"), WriteResult::kApplied);
}

TEST_P(PaymentStoreConformance, ConcurrentPaymentsOfOneOrderRecordOne) {
  constexpr int kThreads = 8;
  std::atomic<int> applied{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      auto r = Record(Accepted("pay_" + std::to_string(i), "cmd_1"), "evt_" + std::to_string(i));
      if (r.ok() && *r == WriteResult::kApplied) {
        ++applied;
      } else if (absl::IsAlreadyExists(r.status())) {
        ++exists;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(applied.load(), 1);
  EXPECT_EQ(exists.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Backlog(), 1);
}

TEST_P(PaymentStoreConformance, RefundMovesAcceptedOnlyOnce) {
  ASSERT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kApplied);
  ASSERT_EQ(*Record(Refused("pay_2", "cmd_2"), "evt_2"), WriteResult::kApplied);
  const bus::Message refunded = Event("cmd_1", "parfumerie.v1.PaymentRefunded");

  auto r = store_->RecordRefund("pay_1", At(1'700'000'200'000), refunded, Inbox("evt_3"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, WriteResult::kApplied);
  Payment p = *store_->Get("pay_1");
  EXPECT_EQ(p.status, PaymentStatus::kRefunded);
  EXPECT_EQ(p.refunded_at, At(1'700'000'200'000));
  EXPECT_EQ(Backlog(), 3);

  EXPECT_EQ(*store_->RecordRefund("pay_1", At(1), refunded, Inbox("evt_3")), WriteResult::kDuplicate);
  EXPECT_TRUE(absl::IsFailedPrecondition(
      store_->RecordRefund("pay_1", At(1), refunded, Inbox("evt_4")).status()));  // REMBOURSE → REMBOURSE
  EXPECT_TRUE(absl::IsFailedPrecondition(
      store_->RecordRefund("pay_2", At(1), refunded, Inbox("evt_5")).status()));  // REFUSE → REMBOURSE
  EXPECT_TRUE(absl::IsNotFound(store_->RecordRefund("pay_9", At(1), refunded, Inbox("evt_6")).status()));
  EXPECT_EQ(Backlog(), 3);
  EXPECT_EQ(store_->Get("pay_1")->refunded_at, At(1'700'000'200'000));
}

TEST_P(PaymentStoreConformance, CancellationBlocksAPaymentButNotItsRefundedTrace) {
  const Cancellation c{"cmd_1", "annulée par le client", At(1'700'000'000'000)};
  auto r = store_->RecordCancellation(c, Inbox("evt_1"));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, WriteResult::kApplied);
  EXPECT_EQ(*store_->RecordCancellation(c, Inbox("evt_1")), WriteResult::kDuplicate);
  // A second cancellation keeps the first reason.
  EXPECT_EQ(*store_->RecordCancellation({"cmd_1", "autre", At(2)}, Inbox("evt_2")), WriteResult::kApplied);
  auto state = store_->GetOrderState("cmd_1");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->cancellation, c);
  EXPECT_FALSE(state->payment.has_value());

  EXPECT_TRUE(absl::IsFailedPrecondition(Record(Accepted("pay_1", "cmd_1"), "evt_3").status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(Record(Refused("pay_1", "cmd_1"), "evt_3").status()));
  Payment given_back = Accepted("pay_1", "cmd_1");
  given_back.status = PaymentStatus::kRefunded;
  given_back.refunded_at = At(1'700'000'000'500);
  EXPECT_EQ(*Record(given_back, "evt_3"), WriteResult::kApplied);
  EXPECT_EQ(*store_->GetForOrder("cmd_1"), given_back);
  EXPECT_EQ(Backlog(), 1);
}

TEST_P(PaymentStoreConformance, CancellationOfAPaidOrderIsRefused) {
  ASSERT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kApplied);
  EXPECT_TRUE(absl::IsAlreadyExists(store_->RecordCancellation({"cmd_1", "x", At(1)}, Inbox("evt_2")).status()));
  EXPECT_FALSE(store_->GetOrderState("cmd_1")->cancellation.has_value());
}

TEST_P(PaymentStoreConformance, ListIsNewestFirstFilteredAndPaged) {
  // Five share one timestamp: the id breaks the tie, pages never skip or repeat.
  std::vector<std::string> expected_all;
  for (int i = 0; i < 12; ++i) {
    const std::string id = "pay_" + std::string(1, static_cast<char>('a' + i));
    const int64_t created = 1'700'000'000'000 + (i < 5 ? 0 : i * 1000);
    const Payment p = i % 3 == 0 ? Refused(id, "cmd_" + id, created) : Accepted(id, "cmd_" + id, created);
    ASSERT_EQ(*Record(p, "evt_" + id), WriteResult::kApplied);
  }
  for (int i = 11; i >= 5; --i) expected_all.push_back("pay_" + std::string(1, static_cast<char>('a' + i)));
  for (int i = 4; i >= 0; --i) expected_all.push_back("pay_" + std::string(1, static_cast<char>('a' + i)));

  for (int32_t limit : {1, 2, 5, 12, 100}) {
    PaymentQuery q;
    q.limit = limit;
    EXPECT_EQ(Walk(q), expected_all) << "limit " << limit;
  }
  PaymentQuery refused;
  refused.status = PaymentStatus::kRefused;
  refused.limit = 2;
  EXPECT_EQ(Walk(refused), (std::vector<std::string>{"pay_j", "pay_g", "pay_d", "pay_a"}));
  auto first = store_->List(refused);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 4);
  EXPECT_EQ(first->items.size(), 2u);

  PaymentQuery refunded;
  refunded.status = PaymentStatus::kRefunded;
  auto none = store_->List(refunded);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->items.empty());
  EXPECT_EQ(none->total, 0);
  EXPECT_TRUE(none->next_cursor.empty());

  PaymentQuery bad;
  bad.cursor = "garbage!";
  EXPECT_TRUE(absl::IsInvalidArgument(store_->List(bad).status()));
  for (int32_t limit : {0, -1, kMaxPageSize + 1}) {
    PaymentQuery out_of_range;
    out_of_range.limit = limit;
    EXPECT_TRUE(absl::IsInvalidArgument(store_->List(out_of_range).status())) << limit;
  }
}

TEST_P(PaymentStoreConformance, OutboxHandsOutEventsInOrderUntilPublished) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(*Record(Accepted("pay_" + std::to_string(i), "cmd_" + std::to_string(i)), "evt_" + std::to_string(i)),
              WriteResult::kApplied);
  }
  auto pending = store_->PendingOutbox(3);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_LT((*pending)[0].seq, (*pending)[1].seq);
  EXPECT_LT((*pending)[1].seq, (*pending)[2].seq);
  EXPECT_EQ((*pending)[0].message.key, "cmd_0");
  const int64_t seqs[] = {(*pending)[0].seq, (*pending)[1].seq};
  ASSERT_TRUE(store_->MarkPublished(seqs).ok());
  EXPECT_EQ(Backlog(), 3);
  auto rest = store_->PendingOutbox(10);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_EQ((*rest)[0].message.key, "cmd_2");
}

TEST_P(PaymentStoreConformance, DataSurvivesReopening) {
  ASSERT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kApplied);
  ASSERT_TRUE(store_->InsertCardToken({"pm_1", CardSummary{CardBrand::kVisa, "4242", 1, 2030}, At(5)}).ok());
  store_.reset();
  auto reopened = env_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  EXPECT_EQ(store_->Get("pay_1")->order_id, "cmd_1");
  EXPECT_TRUE(store_->GetCardToken("pm_1").ok());
  EXPECT_EQ(*Record(Accepted("pay_1", "cmd_1"), "evt_1"), WriteResult::kDuplicate);
  EXPECT_EQ(Backlog(), 1);
}

}  // namespace parfumerie::payment::testing

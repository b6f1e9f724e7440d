// The payment store conformance suite on the MongoDB adapter, against the
// FerretDB that ctest's fixture runs; then two stores on one database, as two
// replicas of the payment target would have, charging the same orders at
// once: exactly one payment per order, every redelivery absorbed.
#include "payment/mongo/mongo_payment_store.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "mongo_test_env.h"
#include "payment/payment_store_conformance.h"

namespace parfumerie::payment::testing {
namespace {

class MongoEnvironment : public PaymentStoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<PaymentStore>> Open() override {
    return OpenMongoPaymentStore(db_.uri(), db_.name());
  }

 private:
  parfumerie::testing::ScratchDatabase db_{"payment"};
};

INSTANTIATE_TEST_SUITE_P(Mongo, PaymentStoreConformance,
                         ::testing::Values(PaymentStoreFactory{"mongo",
                                                               [] { return std::make_unique<MongoEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<PaymentStoreFactory>& info) { return info.param.name; });

TEST(MongoPaymentStoreTest, AMalformedUriIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(OpenMongoPaymentStore("postgres://x").status()));
}

// Each replica has its own store (its own Database, pool and mutex), so only
// the lease in the database serialises them on FerretDB 1.x.
TEST(MongoPaymentStoreTest, TwoReplicasChargingTheSameOrdersRecordOnePaymentEach) {
  MongoEnvironment env;
  auto a = env.Open();
  auto b = env.Open();
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  PaymentStore* replicas[] = {a->get(), b->get()};
  constexpr int kOrders = 8;
  constexpr int kThreadsPerReplica = 2;
  std::atomic<int> applied{0}, duplicate{0}, exists{0};
  std::vector<std::string> errors(2 * kThreadsPerReplica);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    threads.emplace_back([&, t] {
      PaymentStore& store = *replicas[t % 2];
      for (int o = 0; o < kOrders; ++o) {
        const std::string order = "cmd_" + std::to_string(o);
        // Every thread delivers the order's event once (the same message
        // id everywhere: a redelivery) and charges it under an id of its own
        // (a second message about the same order).
        for (const std::string& message : {"evt_" + order, "evt_" + order + "_" + std::to_string(t)}) {
          Payment p;
          p.id = "pay_" + order + "_" + std::to_string(t);
          p.order_id = order;
          p.amount_cents = 4'200;
          p.status = PaymentStatus::kAccepted;
          p.created_at = FromUnixMillis(1'700'000'000'000 + o);
          bus::Message event{.topic = "paiements", .key = order, .headers = {}, .payload = p.id};
          auto r = store.RecordPayment(p, event, InboxRecord{"payment", message, p.created_at});
          if (r.ok() && *r == WriteResult::kApplied) {
            ++applied;
          } else if (r.ok()) {
            ++duplicate;
          } else if (absl::IsAlreadyExists(r.status())) {
            ++exists;
          } else {
            errors[t] += r.status().ToString() + "\n";
          }
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& e : errors) EXPECT_EQ(e, "");
  EXPECT_EQ(applied.load(), kOrders);
  // Every attempt is one of: applied, a duplicate, or the order paid already.
  EXPECT_EQ(applied.load() + duplicate.load() + exists.load(), kOrders * 2 * 2 * kThreadsPerReplica);
  for (int o = 0; o < kOrders; ++o) {
    const std::string order = "cmd_" + std::to_string(o);
    auto paid = (*a)->GetForOrder(order);
    ASSERT_TRUE(paid.ok()) << paid.status();
    auto pending = (*b)->PendingOutbox(100);
    ASSERT_TRUE(pending.ok());
    int events = 0;
    for (const bus::OutboxEntry& e : *pending) {
      if (e.message.key == order) {
        ++events;
        EXPECT_EQ(e.message.payload, paid->id) << "the event is the recorded payment's";
      }
    }
    EXPECT_EQ(events, 1) << order;
  }
  PaymentQuery all;
  all.limit = kMaxPageSize;
  EXPECT_EQ((*b)->List(all)->total, kOrders);
  EXPECT_EQ(*(*a)->OutboxBacklog(), kOrders);
}

}  // namespace
}  // namespace parfumerie::payment::testing

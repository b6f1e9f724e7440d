// The saga's decisions of the payment service, through its event handler,
// over a real SQLite store and the simulated provider.
#include "payment/payment_service.h"

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "payment/payment_events.h"
#include "service_fixture.h"

namespace parfumerie::payment::testing {
namespace {

using ::testing::HasSubstr;

using PaymentServiceTest = PaymentServiceFixture;

TEST_F(PaymentServiceTest, TokenizeKeepsTokenBrandLast4AndExpiry) {
  auto t = service_->TokenizeCard(CardDetails{"3782 822463 10005", 4, 2031, "1234", ""});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_THAT(t->token, ::testing::StartsWith("pm_"));
  EXPECT_EQ(t->card, (CardSummary{CardBrand::kAmex, "0005", 4, 2031}));
  auto stored = store_->GetCardToken(t->token);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, *t);
}

TEST_F(PaymentServiceTest, InvalidCardIsRefusedBeforeReachingTheProvider) {
  auto t = service_->TokenizeCard(CardDetails{"4242424242424241", 12, 2030, "123", ""});
  EXPECT_TRUE(absl::IsInvalidArgument(t.status()));
  EXPECT_THAT(t.status().message(), HasSubstr("numero"));
  auto expired = service_->TokenizeCard(CardDetails{"4242424242424242", 10, 2026, "123", ""});
  EXPECT_THAT(expired.status().message(), HasSubstr("expired"));
}

TEST_F(PaymentServiceTest, AcceptedChargeRecordsPaymentAndPublishesPaymentSucceeded) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 12'900)).ok());

  auto p = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->status, PaymentStatus::kAccepted);
  EXPECT_EQ(p->amount_cents, 12'900);
  EXPECT_EQ(p->card_brand, "visa");
  EXPECT_EQ(p->card_last4, "4242");
  EXPECT_EQ(p->created_at, now_);
  ASSERT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(p->charge_id, Ledger()[0].charge.id);
  EXPECT_EQ(Ledger()[0].charge.idempotency_key, "cmd_1");

  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].topic, bus::kTopicPaiements);
  EXPECT_EQ(out[0].key, "cmd_1");
  EXPECT_EQ(out[0].Type(), "parfumerie.v1.PaymentSucceeded");
  EXPECT_EQ(out[0].Get(bus::kCeSource), kPaymentEventSource);
  EXPECT_EQ(out[0].Get(bus::kTraceparent), kTraceparent);
  v1::PaymentSucceeded e;
  ASSERT_TRUE(e.ParseFromString(out[0].payload));
  EXPECT_EQ(e.commande_id(), "cmd_1");
  EXPECT_EQ(e.paiement_id(), p->id);
  EXPECT_EQ(e.montant_cents(), 12'900);
}

TEST_F(PaymentServiceTest, DeclinedCardRecordsRefusedPaymentWithFrenchReason) {
  const std::string token = Tokenize(std::string(kCardInsufficientFunds));
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 5'000)).ok());
  auto p = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, PaymentStatus::kRefused);
  EXPECT_EQ(p->decline_code, kDeclineInsufficientFunds);
  EXPECT_THAT(p->decline_message, HasSubstr("Fonds insuffisants"));
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].Type(), "parfumerie.v1.PaymentFailed");
  v1::PaymentFailed e;
  ASSERT_TRUE(e.ParseFromString(out[0].payload));
  EXPECT_EQ(e.code_refus(), kDeclineInsufficientFunds);
  EXPECT_EQ(e.message_refus(), p->decline_message);
}

TEST_F(PaymentServiceTest, RedeliveredOrderPlacedChargesOnce) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  const bus::Message m = Placed("cmd_1", token, 4'200);
  ASSERT_TRUE(handler_(m).ok());
  ASSERT_TRUE(handler_(m).ok());
  // The same order published twice (another event id) changes nothing either.
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  EXPECT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(Outbox().size(), 1u);
  EXPECT_EQ(hooked_->charge_calls.load(), 1);
}

TEST_F(PaymentServiceTest, ConcurrentConsumersOfOneOrderChargeOnce) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  const bus::Message m = Placed("cmd_1", token, 4'200);
  const bus::Message copy = Placed("cmd_1", token, 4'200);  // another event id, same order
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      if (!handler_(i % 2 == 0 ? m : copy).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(Outbox().size(), 1u);
  auto page = service_->List({});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 1);
}

TEST_F(PaymentServiceTest, TransientProviderErrorIsRetriedThenSucceeds) {
  Start({.transient_failures_per_key = 2});
  const std::string token = Tokenize(std::string(kCardProcessingError));
  const bus::Message m = Placed("cmd_1", token, 4'200);
  EXPECT_TRUE(absl::IsUnavailable(handler_(m)));
  EXPECT_TRUE(absl::IsUnavailable(handler_(m)));
  EXPECT_TRUE(absl::IsNotFound(service_->GetForOrder("cmd_1").status()));
  EXPECT_TRUE(Outbox().empty());
  ASSERT_TRUE(handler_(m).ok());
  EXPECT_EQ(service_->GetForOrder("cmd_1")->status, PaymentStatus::kAccepted);
  EXPECT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(PaymentServiceTest, LostChargeResponseIsRetriedWithoutChargingTwice) {
  // The provider charged, then the answer was lost (or we crashed before
  // recording): the retry gets the same charge back.
  const std::string token = Tokenize(std::string(kCardSucceeds));
  hooked_->lost_charge_responses = 1;
  const bus::Message m = Placed("cmd_1", token, 4'200);
  EXPECT_TRUE(absl::IsUnavailable(handler_(m)));
  ASSERT_TRUE(handler_(m).ok());
  ASSERT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(service_->GetForOrder("cmd_1")->charge_id, Ledger()[0].charge.id);
}

TEST_F(PaymentServiceTest, UnknownTokenOrBadAmountFailsWithAReasonWithoutCharging) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  struct Case {
    std::string order, token;
    int64_t total;
    std::string_view code;
  };
  const Case cases[] = {{"cmd_1", "pm_unknown", 4'200, kDeclineUnknownPaymentMethod},
                        {"cmd_2", "", 4'200, kDeclineUnknownPaymentMethod},
                        {"cmd_3", "not a token!", 4'200, kDeclineUnknownPaymentMethod},
                        {"cmd_4", token, 0, kDeclineInvalidAmount},
                        {"cmd_5", token, -100, kDeclineInvalidAmount}};
  for (const Case& c : cases) {
    ASSERT_TRUE(handler_(Placed(c.order, c.token, c.total)).ok()) << c.order;
    auto p = service_->GetForOrder(c.order);
    ASSERT_TRUE(p.ok()) << c.order;
    EXPECT_EQ(p->status, PaymentStatus::kRefused);
    EXPECT_EQ(p->decline_code, c.code) << c.order;
    EXPECT_FALSE(p->decline_message.empty());
  }
  EXPECT_EQ(hooked_->charge_calls.load(), 0);
  auto out = Outbox();
  ASSERT_EQ(out.size(), std::size(cases));
  for (const bus::Message& m : out) EXPECT_EQ(m.Type(), "parfumerie.v1.PaymentFailed");
}

TEST_F(PaymentServiceTest, CancellationAfterPaymentRefundsOnce) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  now_ += std::chrono::minutes(5);
  const bus::Message cancel = Cancelled("cmd_1", true);
  ASSERT_TRUE(handler_(cancel).ok());
  ASSERT_TRUE(handler_(cancel).ok());                       // redelivered
  ASSERT_TRUE(handler_(Cancelled("cmd_1", true)).ok());     // published twice
  auto p = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->status, PaymentStatus::kRefunded);
  EXPECT_EQ(p->refunded_at, now_);
  auto ledger = Ledger();
  ASSERT_EQ(ledger.size(), 1u);
  ASSERT_TRUE(ledger[0].refund.has_value());
  EXPECT_EQ(ledger[0].refund->amount_cents, 4'200);
  EXPECT_EQ(hooked_->refund_calls.load(), 1);
  auto out = Outbox();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].Type(), "parfumerie.v1.PaymentRefunded");
  v1::PaymentRefunded e;
  ASSERT_TRUE(e.ParseFromString(out[1].payload));
  EXPECT_EQ(e.paiement_id(), p->id);
  EXPECT_EQ(e.montant_cents(), 4'200);
}

TEST_F(PaymentServiceTest, CancelledOrderWithAcceptedPaymentIsRefundedEvenWithoutTheFlag) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  ASSERT_TRUE(handler_(Cancelled("cmd_1", false)).ok());
  EXPECT_EQ(service_->GetForOrder("cmd_1")->status, PaymentStatus::kRefunded);
}

TEST_F(PaymentServiceTest, CancellingARefusedPaymentDoesNothing) {
  const std::string token = Tokenize(std::string(kCardDeclined));
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  ASSERT_TRUE(handler_(Cancelled("cmd_1", false)).ok());
  EXPECT_EQ(service_->GetForOrder("cmd_1")->status, PaymentStatus::kRefused);
  EXPECT_EQ(hooked_->refund_calls.load(), 0);
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(PaymentServiceTest, OrderCancelledBeforeItsPaymentIsNeverCharged) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  ASSERT_TRUE(handler_(Cancelled("cmd_1", false)).ok());
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  EXPECT_EQ(hooked_->charge_calls.load(), 0);
  EXPECT_TRUE(absl::IsNotFound(service_->GetForOrder("cmd_1").status()));
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(PaymentServiceTest, CancellationRacingTheChargeEndsRefunded) {
  // The cancellation is recorded while the provider is charging: the charge
  // is given back and recorded as refunded, never left accepted.
  const std::string token = Tokenize(std::string(kCardSucceeds));
  hooked_->after_charge = [&] {
    hooked_->after_charge = nullptr;
    ASSERT_TRUE(handler_(Cancelled("cmd_1", false)).ok());
  };
  ASSERT_TRUE(handler_(Placed("cmd_1", token, 4'200)).ok());
  auto p = service_->GetForOrder("cmd_1");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->status, PaymentStatus::kRefunded);
  auto ledger = Ledger();
  ASSERT_EQ(ledger.size(), 1u);
  EXPECT_TRUE(ledger[0].refund.has_value());
  auto out = Outbox();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].Type(), "parfumerie.v1.PaymentRefunded");
}

TEST_F(PaymentServiceTest, PreparedChargesAreTheOnesTheHandlerRecords) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  std::vector<bus::Message> placed;
  for (int i = 0; i < 6; ++i) placed.push_back(Placed(absl::StrCat("cmd_", i), token, 1'000 + i));
  std::vector<const bus::Message*> round;
  for (const bus::Message& m : placed) round.push_back(&m);
  bus::Preparer prepare = MakePaymentPreparer(*service_, 4);
  prepare(round);
  EXPECT_EQ(hooked_->charge_calls.load(), 6);
  EXPECT_EQ(Ledger().size(), 6u);
  // Nothing is recorded by preparing: no payment, no event.
  EXPECT_TRUE(absl::IsNotFound(service_->GetForOrder("cmd_0").status()));
  EXPECT_TRUE(Outbox().empty());
  for (const bus::Message& m : placed) ASSERT_TRUE(handler_(m).ok());
  // The handler took each prepared charge without asking the provider again.
  EXPECT_EQ(hooked_->charge_calls.load(), 6);
  ASSERT_EQ(Ledger().size(), 6u);
  for (const auto& entry : Ledger()) {
    absl::StatusOr<Payment> p = service_->GetForOrder(entry.charge.idempotency_key);
    ASSERT_TRUE(p.ok()) << entry.charge.idempotency_key;
    EXPECT_EQ(p->charge_id, entry.charge.id);
    EXPECT_EQ(p->status, PaymentStatus::kAccepted);
  }
}

TEST_F(PaymentServiceTest, PreparingChargesNothingTheHandlerWouldNotCharge) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  ASSERT_TRUE(handler_(Cancelled("cmd_cancelled", false)).ok());
  ASSERT_TRUE(handler_(Placed("cmd_paid", token, 4'200)).ok());
  const int calls_before = hooked_->charge_calls.load();
  std::vector<bus::Message> placed = {Placed("cmd_cancelled", token, 4'200), Placed("cmd_paid", token, 4'200),
                                      Placed("cmd_unknown_token", "pm_unknown", 4'200),
                                      Placed("cmd_free", token, 0)};
  std::vector<const bus::Message*> round;
  for (const bus::Message& m : placed) round.push_back(&m);
  MakePaymentPreparer(*service_, 4)(round);
  EXPECT_EQ(hooked_->charge_calls.load(), calls_before);
  EXPECT_EQ(Ledger().size(), 1u);
}

TEST_F(PaymentServiceTest, QueriesValidateIdsAndPageSize) {
  EXPECT_TRUE(absl::IsInvalidArgument(service_->Get("").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(service_->GetForOrder("a b").status()));
  EXPECT_TRUE(absl::IsNotFound(service_->Get("pay_nope").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(service_->List({.limit = kMaxPageSize + 1}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(service_->List({.limit = -1}).status()));
  EXPECT_TRUE(service_->List({.limit = 0}).ok());
}

}  // namespace
}  // namespace parfumerie::payment::testing

// The simulated provider: each test card's behaviour, idempotency of charges
// and refunds (also across a reopen and under concurrency), fault injection.
#include "payment/provider.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/process.h"

namespace parfumerie::payment {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ValidatedCard Card(std::string_view number) {
  return ValidatedCard{std::string(number),
                       CardSummary{CardBrand::kVisa, std::string(number.substr(number.size() - 4)), 12, 2030}};
}

class ProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<SimulatedProvider> Open(SimulatedProviderOptions options = {}) {
    auto p = OpenSimulatedProvider(dir_.path() + "/provider.db", options);
    EXPECT_TRUE(p.ok()) << p.status();
    return p.ok() ? *std::move(p) : nullptr;
  }

  std::string Token(SimulatedProvider& p, std::string_view number) {
    absl::StatusOr<std::string> t = p.CreatePaymentMethod(Card(number));
    EXPECT_TRUE(t.ok()) << t.status();
    return t.value_or("");
  }

  testing::TempDir dir_;
};

TEST_F(ProviderTest, TestCardsSucceedOrDeclineWithStripesCodes) {
  auto p = Open();
  struct Case {
    std::string_view number;
    bool succeeds;
    std::string_view code;
  };
  const Case cases[] = {
      {kCardSucceeds, true, ""},
      {"5555555555554444", true, ""},  // any other valid card succeeds
      {kCardDeclined, false, kDeclineCardDeclined},
      {kCardInsufficientFunds, false, kDeclineInsufficientFunds},
      {kCardStolen, false, kDeclineStolenCard},
      {kCardExpired, false, kDeclineExpiredCard},
      {kCardIncorrectCvc, false, kDeclineIncorrectCvc},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string token = Token(*p, c.number);
    EXPECT_THAT(token, StartsWith("pm_"));
    absl::StatusOr<Charge> charge = p->CreateCharge({"cmd_" + std::to_string(n++), token, 4200});
    ASSERT_TRUE(charge.ok()) << c.number << ": " << charge.status();
    EXPECT_THAT(charge->id, StartsWith("ch_"));
    EXPECT_EQ(charge->succeeded, c.succeeds) << c.number;
    EXPECT_EQ(charge->decline_code, c.code) << c.number;
    if (!c.succeeds) {
      EXPECT_FALSE(charge->decline_message.empty());
    }
    EXPECT_EQ(charge->amount_cents, 4200);
  }
}

TEST_F(ProviderTest, ChargeIsIdempotentOnItsKeyEvenAfterReopening) {
  std::string token;
  Charge first;
  {
    auto p = Open();
    token = Token(*p, kCardSucceeds);
    absl::StatusOr<Charge> c = p->CreateCharge({"cmd_1", token, 12900});
    ASSERT_TRUE(c.ok());
    first = *c;
    absl::StatusOr<Charge> again = p->CreateCharge({"cmd_1", token, 12900});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, first);
  }
  auto reopened = Open();
  absl::StatusOr<Charge> replay = reopened->CreateCharge({"cmd_1", token, 12900});
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(*replay, first);
  auto ledger = reopened->Ledger();
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->size(), 1u);
}

TEST_F(ProviderTest, DeclinesAreReplayedToo) {
  auto p = Open();
  const std::string token = Token(*p, kCardDeclined);
  absl::StatusOr<Charge> a = p->CreateCharge({"cmd_1", token, 100});
  absl::StatusOr<Charge> b = p->CreateCharge({"cmd_1", token, 100});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_FALSE(a->succeeded);
}

TEST_F(ProviderTest, SameKeyWithOtherParametersIsRefused) {
  auto p = Open();
  const std::string token = Token(*p, kCardSucceeds);
  const std::string other = Token(*p, kCardSucceeds);
  ASSERT_TRUE(p->CreateCharge({"cmd_1", token, 100}).ok());
  absl::Status amount = p->CreateCharge({"cmd_1", token, 200}).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(amount)) << amount;
  EXPECT_THAT(amount.message(), HasSubstr("idempotency_key"));
  EXPECT_TRUE(absl::IsFailedPrecondition(p->CreateCharge({"cmd_1", other, 100}).status()));
  EXPECT_EQ(p->Ledger()->size(), 1u);
}

TEST_F(ProviderTest, BadRequestsRecordNothing) {
  auto p = Open();
  const std::string token = Token(*p, kCardSucceeds);
  EXPECT_TRUE(absl::IsNotFound(p->CreateCharge({"cmd_1", "pm_unknown", 100}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(p->CreateCharge({"cmd_2", token, 0}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(p->CreateCharge({"", token, 100}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(p->CreateCharge({std::string(256, 'k'), token, 100}).status()));
  EXPECT_TRUE(p->Ledger()->empty());
  // The key is still free for a correct request.
  EXPECT_TRUE(p->CreateCharge({"cmd_2", token, 100}).ok());
}

TEST_F(ProviderTest, ProcessingErrorCardFailsTransientlyThenSucceeds) {
  auto p = Open({.transient_failures_per_key = 2});
  const std::string token = Token(*p, kCardProcessingError);
  EXPECT_TRUE(absl::IsUnavailable(p->CreateCharge({"cmd_1", token, 100}).status()));
  EXPECT_TRUE(absl::IsUnavailable(p->CreateCharge({"cmd_1", token, 100}).status()));
  EXPECT_TRUE(p->Ledger()->empty());
  absl::StatusOr<Charge> third = p->CreateCharge({"cmd_1", token, 100});
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_TRUE(third->succeeded);
  // Another key starts its own count.
  EXPECT_TRUE(absl::IsUnavailable(p->CreateCharge({"cmd_2", token, 100}).status()));
}

TEST_F(ProviderTest, RefundsAreIdempotentAndOnlyForSucceededCharges) {
  auto p = Open();
  const std::string ok = Token(*p, kCardSucceeds);
  const std::string declined = Token(*p, kCardDeclined);
  Charge charge = *p->CreateCharge({"cmd_1", ok, 5000});
  Charge refused = *p->CreateCharge({"cmd_2", declined, 5000});

  absl::StatusOr<Refund> r1 = p->CreateRefund({"refund:cmd_1", charge.id});
  ASSERT_TRUE(r1.ok()) << r1.status();
  EXPECT_THAT(r1->id, StartsWith("re_"));
  EXPECT_EQ(r1->amount_cents, 5000);
  absl::StatusOr<Refund> r2 = p->CreateRefund({"refund:cmd_1", charge.id});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r1, *r2);
  // A second refund under another key is refused: the charge is refunded once.
  EXPECT_TRUE(absl::IsFailedPrecondition(p->CreateRefund({"other", charge.id}).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(p->CreateRefund({"refund:cmd_2", refused.id}).status()));
  EXPECT_TRUE(absl::IsNotFound(p->CreateRefund({"refund:x", "ch_nope"}).status()));

  auto ledger = p->Ledger();
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(ledger->size(), 2u);
  ASSERT_TRUE((*ledger)[0].refund.has_value());
  EXPECT_EQ((*ledger)[0].refund->id, r1->id);
  EXPECT_FALSE((*ledger)[1].refund.has_value());
}

TEST_F(ProviderTest, ConcurrentChargesWithOneKeyChargeOnce) {
  auto p = Open({.min_latency = std::chrono::milliseconds(1), .max_latency = std::chrono::milliseconds(5)});
  const std::string token = Token(*p, kCardSucceeds);
  std::vector<std::thread> threads;
  std::vector<std::string> ids(8);
  for (size_t i = 0; i < ids.size(); ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<Charge> c = p->CreateCharge({"cmd_1", token, 700});
      if (c.ok()) ids[i] = c->id;
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(p->Ledger()->size(), 1u);
}

TEST_F(ProviderTest, InjectedFaults) {
  {
    auto down = Open({.transient_failure_rate = 1.0});
    const std::string token = Token(*down, kCardSucceeds);
    EXPECT_TRUE(absl::IsUnavailable(down->CreateCharge({"cmd_1", token, 100}).status()));
    EXPECT_TRUE(down->Ledger()->empty());  // failed before anything was recorded
  }
  auto lossy = Open({.lost_response_rate = 1.0});
  const std::string token = Token(*lossy, kCardSucceeds);
  EXPECT_TRUE(absl::IsUnavailable(lossy->CreateCharge({"cmd_2", token, 100}).status()));
  auto ledger = lossy->Ledger();
  ASSERT_EQ(ledger->size(), 1u);  // charged, but the answer was lost
  lossy.reset();
  auto healthy = Open();
  absl::StatusOr<Charge> retry = healthy->CreateCharge({"cmd_2", token, 100});
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->id, (*ledger)[0].charge.id);  // the retry gets the same charge back
  EXPECT_EQ(healthy->Ledger()->size(), 1u);
}

}  // namespace
}  // namespace parfumerie::payment

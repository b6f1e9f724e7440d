#include "payment/payment.h"

#include "gtest/gtest.h"
#include "payment/list_cursor.h"

namespace parfumerie::payment {
namespace {

constexpr PaymentStatus kAll[] = {PaymentStatus::kAccepted, PaymentStatus::kRefused, PaymentStatus::kRefunded};

TEST(PaymentStateMachineTest, OnlyAcceptedToRefundedIsLegal) {
  for (PaymentStatus from : kAll) {
    for (PaymentStatus to : kAll) {
      const bool legal = from == PaymentStatus::kAccepted && to == PaymentStatus::kRefunded;
      EXPECT_EQ(CanTransition(from, to), legal) << PaymentStatusName(from) << " -> " << PaymentStatusName(to);
    }
  }
  EXPECT_FALSE(CanTransition(PaymentStatus::kRefused, PaymentStatus::kRefunded));
  EXPECT_FALSE(CanTransition(PaymentStatus::kRefunded, PaymentStatus::kAccepted));
}

TEST(PaymentStatusTest, WireNamesRoundTrip) {
  EXPECT_EQ(PaymentStatusName(PaymentStatus::kAccepted), "ACCEPTE");
  EXPECT_EQ(PaymentStatusName(PaymentStatus::kRefused), "REFUSE");
  EXPECT_EQ(PaymentStatusName(PaymentStatus::kRefunded), "REMBOURSE");
  for (PaymentStatus s : kAll) EXPECT_EQ(ParsePaymentStatus(PaymentStatusName(s)), s);
  EXPECT_EQ(ParsePaymentStatus("accepte"), std::nullopt);
}

TEST(ListCursorTest, RoundTripsAndIsBoundToItsFilter) {
  PaymentQuery q;
  q.status = PaymentStatus::kAccepted;
  q.cursor = EncodeCursor(q, ListPosition{1'700'000'000'123, "pay_abc"});
  absl::StatusOr<ListPosition> pos = DecodeCursor(q);
  ASSERT_TRUE(pos.ok()) << pos.status();
  EXPECT_EQ(*pos, (ListPosition{1'700'000'000'123, "pay_abc"}));

  PaymentQuery other = q;
  other.status = PaymentStatus::kRefused;
  EXPECT_TRUE(absl::IsInvalidArgument(DecodeCursor(other).status()));
  other.status.reset();
  EXPECT_TRUE(absl::IsInvalidArgument(DecodeCursor(other).status()));
}

TEST(ListCursorTest, RejectsJunk) {
  for (const char* junk : {"%%%", "cDF8KnwxMjM", "bm9wZQ", "cDF8KnxhYmN8cGF5X2FiYw"}) {
    PaymentQuery q;
    q.cursor = junk;
    absl::Status s = DecodeCursor(q).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << junk;
  }
  PaymentQuery huge;
  huge.cursor = std::string(kMaxCursorLength + 1, 'A');
  EXPECT_TRUE(absl::IsInvalidArgument(DecodeCursor(huge).status()));
}

}  // namespace
}  // namespace parfumerie::payment

// The order state machine: every (from, to) pair, legal or not.
#include <set>
#include <utility>

#include "catalog/orders/order_state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using S = OrderStatus;
constexpr S kAll[] = {S::kEnAttente, S::kPayee, S::kExpediee, S::kLivree, S::kAnnulee};

TEST(OrderStateTest, ExactlyTheDocumentedTransitionsAreLegal) {
  const std::set<std::pair<S, S>> legal = {
      {S::kEnAttente, S::kPayee}, {S::kPayee, S::kExpediee},   {S::kExpediee, S::kLivree},
      {S::kEnAttente, S::kAnnulee}, {S::kPayee, S::kAnnulee},
  };
  int checked = 0;
  for (S from : kAll) {
    for (S to : kAll) {
      const bool expected = legal.contains({from, to});
      EXPECT_EQ(IsLegalTransition(from, to), expected)
          << OrderStatusName(from) << " -> " << OrderStatusName(to);
      absl::Status s = CheckTransition(from, to);
      EXPECT_EQ(s.ok(), expected);
      if (!expected) {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr(std::string(OrderStatusName(from))));
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 25);
}

TEST(OrderStateTest, FinalStatusesAndStockHolding) {
  EXPECT_TRUE(IsFinal(S::kLivree));
  EXPECT_TRUE(IsFinal(S::kAnnulee));
  EXPECT_FALSE(IsFinal(S::kEnAttente));
  EXPECT_FALSE(IsFinal(S::kPayee));
  EXPECT_FALSE(IsFinal(S::kExpediee));
  for (S s : kAll) EXPECT_EQ(HoldsStock(s), s != S::kAnnulee);
  EXPECT_TRUE(IsPaid(S::kPayee));
  EXPECT_TRUE(IsPaid(S::kExpediee));
  EXPECT_TRUE(IsPaid(S::kLivree));
  EXPECT_FALSE(IsPaid(S::kEnAttente));
  EXPECT_FALSE(IsPaid(S::kAnnulee));
}

TEST(OrderStateTest, NamesRoundTrip) {
  for (S s : kAll) EXPECT_EQ(ParseOrderStatus(OrderStatusName(s)), s);
  EXPECT_EQ(OrderStatusName(S::kEnAttente), "EN_ATTENTE");
  EXPECT_EQ(ParseOrderStatus("payee"), std::nullopt);
  EXPECT_EQ(ParseOrderStatus(""), std::nullopt);
}

}  // namespace
}  // namespace parfumerie::catalog

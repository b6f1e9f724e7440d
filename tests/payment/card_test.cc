#include "payment/card.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::payment {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono;

constexpr year_month_day kToday{year{2026}, month{11}, day{29}};

CardDetails Card(std::string number, int month = 12, int year = 2030, std::string cvc = "123") {
  return CardDetails{std::move(number), month, year, std::move(cvc), "Camille Durand"};
}

TEST(LuhnTest, AcceptsValidNumbersAndRejectsOneDigitChanges) {
  for (const char* n : {"4242424242424242", "4000000000000002", "5555555555554444", "378282246310005",
                        "6011111111111117", "3566002020360505", "30569309025904", "2223003122003222"}) {
    EXPECT_TRUE(LuhnValid(n)) << n;
  }
  EXPECT_FALSE(LuhnValid("4242424242424241"));
  EXPECT_FALSE(LuhnValid("4242424242424252"));
  EXPECT_FALSE(LuhnValid(""));
  EXPECT_FALSE(LuhnValid("42424242424242a2"));
}

TEST(BrandTest, DetectsBrandsFromIinRanges) {
  EXPECT_EQ(DetectBrand("4242424242424242"), CardBrand::kVisa);
  EXPECT_EQ(DetectBrand("4222222222222"), CardBrand::kVisa);  // 13 digits
  EXPECT_EQ(DetectBrand("5555555555554444"), CardBrand::kMastercard);
  EXPECT_EQ(DetectBrand("2223003122003222"), CardBrand::kMastercard);  // 2-series
  EXPECT_EQ(DetectBrand("2720990000000007"), CardBrand::kMastercard);
  EXPECT_EQ(DetectBrand("378282246310005"), CardBrand::kAmex);
  EXPECT_EQ(DetectBrand("371449635398431"), CardBrand::kAmex);
  EXPECT_EQ(DetectBrand("6011111111111117"), CardBrand::kDiscover);
  EXPECT_EQ(DetectBrand("6500000000000002"), CardBrand::kDiscover);
  EXPECT_EQ(DetectBrand("3566002020360505"), CardBrand::kJcb);
  EXPECT_EQ(DetectBrand("30569309025904"), CardBrand::kDiners);
  EXPECT_EQ(DetectBrand("6200000000000005"), CardBrand::kUnionPay);
  EXPECT_EQ(DetectBrand("9999999999999995"), std::nullopt);
  EXPECT_EQ(DetectBrand("2721000000000004"), std::nullopt);  // just past Mastercard's 2-series
  EXPECT_EQ(DetectBrand("37828224631000"), std::nullopt);    // Amex prefix, wrong length
}

TEST(BrandTest, NamesRoundTrip) {
  for (CardBrand b : {CardBrand::kVisa, CardBrand::kMastercard, CardBrand::kAmex, CardBrand::kDiscover,
                      CardBrand::kDiners, CardBrand::kJcb, CardBrand::kUnionPay}) {
    EXPECT_EQ(ParseCardBrand(CardBrandName(b)), b);
  }
  EXPECT_EQ(ParseCardBrand("VISA"), std::nullopt);
}

TEST(NormalizeTest, AllowsSpacesAndDashesOnly) {
  EXPECT_EQ(NormalizeCardNumber("4242 4242 4242 4242"), "4242424242424242");
  EXPECT_EQ(NormalizeCardNumber("4242-4242-4242-4242"), "4242424242424242");
  EXPECT_EQ(NormalizeCardNumber("4242.4242.4242.4242"), std::nullopt);
  EXPECT_EQ(NormalizeCardNumber("42424242424"), std::nullopt);             // 11 digits
  EXPECT_EQ(NormalizeCardNumber("42424242424242424242"), std::nullopt);    // 20 digits
}

TEST(ValidateCardTest, KeepsOnlyTheSummary) {
  absl::StatusOr<ValidatedCard> v = ValidateCard(Card("4242 4242 4242 4242", 3, 2031), kToday);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->number, "4242424242424242");
  EXPECT_EQ(v->summary, (CardSummary{CardBrand::kVisa, "4242", 3, 2031}));
}

TEST(ValidateCardTest, ExpiryIsValidThroughItsMonth) {
  EXPECT_TRUE(ValidateCard(Card("4242424242424242", 11, 2026), kToday).ok());
  absl::Status past = ValidateCard(Card("4242424242424242", 10, 2026), kToday).status();
  EXPECT_TRUE(absl::IsInvalidArgument(past));
  EXPECT_THAT(past.message(), HasSubstr("expired"));
  EXPECT_FALSE(ValidateCard(Card("4242424242424242", 12, 2025), kToday).ok());
  // Two-digit years are 20YY.
  absl::StatusOr<ValidatedCard> two_digits = ValidateCard(Card("4242424242424242", 1, 27), kToday);
  ASSERT_TRUE(two_digits.ok());
  EXPECT_EQ(two_digits->summary.exp_year, 2027);
  EXPECT_FALSE(ValidateCard(Card("4242424242424242", 1, 2047), kToday).ok());  // > 20 years ahead
}

TEST(ValidateCardTest, EachRuleNamesItsField) {
  struct Case {
    CardDetails card;
    const char* field;
  };
  const Case cases[] = {
      {Card("4242"), "numero"},
      {Card("4242424242424241"), "numero"},
      {Card("9999999999999995"), "numero"},
      {Card("4242424242424242", 0), "mois_expiration"},
      {Card("4242424242424242", 13), "mois_expiration"},
      {Card("4242424242424242", 1, 2020), "annee_expiration"},
      {Card("4242424242424242", 12, 2030, "12"), "cvc"},
      {Card("4242424242424242", 12, 2030, "1234"), "cvc"},
      {Card("4242424242424242", 12, 2030, "12a"), "cvc"},
      {Card("378282246310005", 12, 2030, "123"), "cvc"},  // Amex wants 4
  };
  for (const Case& c : cases) {
    absl::Status s = ValidateCard(c.card, kToday).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << c.card.cvc << " " << s;
    EXPECT_THAT(s.message(), HasSubstr(c.field));
  }
  EXPECT_TRUE(ValidateCard(Card("378282246310005", 12, 2030, "1234"), kToday).ok());
  CardDetails long_holder = Card("4242424242424242");
  long_holder.holder = std::string(kMaxHolderLength + 1, 'x');
  EXPECT_THAT(ValidateCard(long_holder, kToday).status().message(), HasSubstr("titulaire"));
}

TEST(ValidateCardTest, MessagesNeverQuoteTheNumberOrCvc) {
  for (const CardDetails& c : {Card("4242424242424241"), Card("4242424242424242", 1, 2020, "987"),
                               Card("4242424242424242", 12, 2030, "98")}) {
    absl::Status s = ValidateCard(c, kToday).status();
    ASSERT_FALSE(s.ok());
    EXPECT_THAT(std::string(s.message()), Not(HasSubstr("42424242")));
    EXPECT_THAT(std::string(s.message()), Not(HasSubstr("987")));
  }
}

}  // namespace
}  // namespace parfumerie::payment

#include "catalog/rest/price.h"

#include <gtest/gtest.h>

namespace parfumerie::catalog::rest {
namespace {

TEST(ParseEurosTest, ParsesDecimalEuros) {
  EXPECT_EQ(ParseEuros("49.90"), 4990);
  EXPECT_EQ(ParseEuros("49.9"), 4990);
  EXPECT_EQ(ParseEuros("49"), 4900);
  EXPECT_EQ(ParseEuros("0.05"), 5);
  EXPECT_EQ(ParseEuros("0"), 0);
  EXPECT_EQ(ParseEuros("100000.00"), 10'000'000);
  // A value binary floating point cannot hold exactly stays exact.
  EXPECT_EQ(ParseEuros("0.29"), 29);
  EXPECT_EQ(ParseEuros("1234567890.99"), 123456789099);
}

TEST(ParseEurosTest, RejectsAnythingElse) {
  for (const char* bad : {"", ".", "49.", ".5", "49.901", "-1", "+1", "1e3", " 1", "1 ", "1,50",
                          "abc", "0x10", "12345678901234", "4 9", "49.9a", "NaN", "inf"}) {
    EXPECT_FALSE(ParseEuros(bad)) << bad;
  }
}

TEST(FormatEurosTest, TwoDecimals) {
  EXPECT_EQ(FormatEuros(4990), "49.90");
  EXPECT_EQ(FormatEuros(5), "0.05");
  EXPECT_EQ(FormatEuros(0), "0.00");
  EXPECT_EQ(FormatEuros(100), "1.00");
  EXPECT_EQ(FormatEuros(-5), "-0.05");
  EXPECT_EQ(FormatEuros(INT64_MIN), "-92233720368547758.08");
}

TEST(CentsFromJsonDoubleTest, RecoversTheDecimalTheClientWrote) {
  EXPECT_EQ(CentsFromJsonDouble(49.9), 4990);
  EXPECT_EQ(CentsFromJsonDouble(0.29), 29);   // 0.29 * 100 would be 28.999999999999996
  EXPECT_EQ(CentsFromJsonDouble(1.15), 115);  // 1.15 * 100 would be 114.99999999999999
  EXPECT_EQ(CentsFromJsonDouble(99999.99), 9999999);
  EXPECT_EQ(CentsFromJsonDouble(12.0), 1200);
}

TEST(CentsFromJsonDoubleTest, RejectsWhatIsNotAPrice) {
  EXPECT_FALSE(CentsFromJsonDouble(49.999));
  EXPECT_FALSE(CentsFromJsonDouble(-1.0));
  EXPECT_FALSE(CentsFromJsonDouble(1e20));
  EXPECT_FALSE(CentsFromJsonDouble(1e-7));
  EXPECT_FALSE(CentsFromJsonDouble(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(CentsFromJsonDouble(std::numeric_limits<double>::quiet_NaN()));
}

}  // namespace
}  // namespace parfumerie::catalog::rest

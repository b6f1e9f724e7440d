// Numbers and names as the Prometheus text format wants them.
#include "metrics/text_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace parfumerie::metrics::internal {
namespace {

std::string Number(double v) {
  std::string out;
  AppendNumber(&out, v);
  return out;
}

TEST(TextFormatTest, WritesNumbersInTheirShortestExactForm) {
  EXPECT_EQ(Number(0), "0");
  EXPECT_EQ(Number(42), "42");
  EXPECT_EQ(Number(-3), "-3");
  EXPECT_EQ(Number(0.0005), "0.0005");
  EXPECT_EQ(Number(2.5), "2.5");
  EXPECT_EQ(Number(0.1 + 0.2), "0.30000000000000004");  // reads back exactly
  EXPECT_EQ(Number(1234567890123.0), "1234567890123");
  EXPECT_EQ(Number(1e300), "1e+300");
  EXPECT_EQ(Number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(Number(std::nan("")), "NaN");
}

TEST(TextFormatTest, ChecksNames) {
  EXPECT_TRUE(IsValidMetricName("http_server_requests_total"));
  EXPECT_TRUE(IsValidMetricName("_x"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_FALSE(IsValidMetricName("9lives"));
  EXPECT_FALSE(IsValidMetricName("camelCase"));
  EXPECT_FALSE(IsValidMetricName("with-dash"));
  EXPECT_TRUE(IsValidLabelName("grpc_code"));
  EXPECT_TRUE(IsValidLabelName("Method"));
  EXPECT_FALSE(IsValidLabelName("__name__"));
  EXPECT_FALSE(IsValidLabelName("1a"));
  EXPECT_FALSE(IsValidLabelName("a.b"));
}

TEST(TextFormatTest, FindsNonBaseUnitsAsWholeWords) {
  EXPECT_EQ(NonBaseUnit("request_milliseconds"), "milliseconds");
  EXPECT_EQ(NonBaseUnit("payload_kilobytes_total"), "kilobytes");
  EXPECT_EQ(NonBaseUnit("request_duration_seconds"), "");
  EXPECT_EQ(NonBaseUnit("orbits_total"), "");  // "bits" inside a word is no unit
}

TEST(TextFormatTest, EscapesPerTheFormat) {
  std::string help, label;
  AppendEscapedHelp(&help, "a\\b\n\"c\"");
  AppendEscapedLabelValue(&label, "a\\b\n\"c\"");
  EXPECT_EQ(help, "a\\\\b\\n\"c\"");
  EXPECT_EQ(label, "a\\\\b\\n\\\"c\\\"");
}

}  // namespace
}  // namespace parfumerie::metrics::internal

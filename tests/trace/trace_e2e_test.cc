// One order in the all-in-one mode, followed by its trace id: through the
// gateway, catalogue, payment and delivery log lines, and through the spans
// exported to an OTLP receiver that the test runs.
#include <cstdlib>
#include <iostream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/shop.h"
#include "trace_scenario.h"

namespace parfumerie::trace::testing {
namespace {

using namespace std::chrono_literals;
using parfumerie::testing::Shop;
using parfumerie::testing::TempDir;
using ::testing::IsSupersetOf;

TEST(TraceE2eTest, OneOrderIsOneTraceAcrossLogsAndExportedSpans) {
  OtlpReceiver receiver;
  TempDir dir;
  Shop shop(dir.path(), {"--otlp-endpoint=" + receiver.endpoint(), "--delivery-simulator=true",
                         "--delivery-simulator-interval-ms=100", "--payment-latency-ms=0"});
  ASSERT_TRUE(shop.ok());
  const std::string traceparent = std::string("00-") + kTraceId + "-" + kCallerSpanId + "-01";

  PlacedOrder order = PlaceTracedOrder(shop.gateway_port(), traceparent, 60s);
  ASSERT_EQ(order.statut, "LIVREE") << order.id;

  std::vector<std::string> missing;
  const bool complete = receiver.WaitFor(
      [&](const std::vector<ReceivedSpan>& spans) {
        missing = MissingFromTrace(SpansOf(spans, kTraceId), "sqlite.transaction");
        return missing.empty();
      },
      30s);
  EXPECT_TRUE(complete) << ::testing::PrintToString(missing) << "\n"
                        << DescribeTrace(SpansOf(receiver.Spans(), kTraceId));
  if (std::getenv("PARFUMERIE_PRINT_TRACE") != nullptr) std::cerr << DescribeTrace(SpansOf(receiver.Spans(), kTraceId));
  for (const ReceivedSpan& s : SpansOf(receiver.Spans(), kTraceId)) EXPECT_EQ(s.service_name, "parfumerie") << s.name;

  // Loggers: the gateway's access log (gateway-http), the catalogue's orders, payment and delivery.
  EXPECT_THAT(LoggersWithTrace(shop.process().Output(), kTraceId),
              IsSupersetOf({"gateway-http", "orders", "payment", "delivery"}))
      << shop.process().Output();
  EXPECT_EQ(shop.Stop(), 0);
}

TEST(TraceE2eTest, WithoutAnEndpointLogsStillCarryTheTrace) {
  TempDir dir;
  Shop shop(dir.path(), {"--delivery-simulator=true", "--delivery-simulator-interval-ms=100"});
  ASSERT_TRUE(shop.ok());
  PlacedOrder order = PlaceTracedOrder(shop.gateway_port(), std::string("00-") + kTraceId + "-" + kCallerSpanId + "-01", 60s);
  ASSERT_EQ(order.statut, "LIVREE");
  EXPECT_THAT(LoggersWithTrace(shop.process().Output(), kTraceId),
              IsSupersetOf({"gateway-http", "orders", "payment", "delivery"}));
}

}  // namespace
}  // namespace parfumerie::trace::testing

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

// A caller that does not sample its trace (flags 00) is obeyed all the way
// down: no process exports a span of it, yet every log line carries its id.
TEST(TraceE2eTest, AnUnsampledCallersTraceIsLoggedButNotExported) {
  OtlpReceiver receiver;
  TempDir dir;
  Shop shop(dir.path(), {"--otlp-endpoint=" + receiver.endpoint(), "--delivery-simulator=true",
                         "--delivery-simulator-interval-ms=100", "--payment-latency-ms=0"});
  ASSERT_TRUE(shop.ok());
  PlacedOrder quiet = PlaceTracedOrder(shop.gateway_port(), std::string("00-") + kTraceId + "-" + kCallerSpanId + "-00", 60s);
  ASSERT_EQ(quiet.statut, "LIVREE") << quiet.id;
  // A sampled order afterwards: once its whole trace has arrived, anything the
  // first one exported (earlier, from the same queues) has arrived too.
  const std::string sampled_trace = "5bf92f3577b34da6a3ce929d0e0e4736";
  PlacedOrder loud = PlaceTracedOrder(shop.gateway_port(), "00-" + sampled_trace + "-" + kCallerSpanId + "-01", 60s);
  ASSERT_EQ(loud.statut, "LIVREE") << loud.id;
  std::vector<std::string> missing;
  EXPECT_TRUE(receiver.WaitFor(
      [&](const std::vector<ReceivedSpan>& spans) {
        missing = MissingFromTrace(SpansOf(spans, sampled_trace), "sqlite.transaction");
        return missing.empty();
      },
      30s))
      << ::testing::PrintToString(missing);
  EXPECT_EQ(SpansOf(receiver.Spans(), kTraceId).size(), 0u) << DescribeTrace(SpansOf(receiver.Spans(), kTraceId));
  EXPECT_THAT(LoggersWithTrace(shop.process().Output(), kTraceId),
              IsSupersetOf({"gateway-http", "orders", "payment", "delivery"}));
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

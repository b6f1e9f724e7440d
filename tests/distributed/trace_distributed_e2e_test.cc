// One order in the distributed mode (gateway, catalogue, payment and
// delivery each its own `parfumerie serve` process, over Kafka and
// FerretDB), followed by its trace id through the four processes' log lines
// and through the spans each of them exports to the test's OTLP receiver.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

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
using ::testing::Contains;
using ::testing::IsSupersetOf;

std::string ReadFirstLine(const char* env) {
  const char* path = std::getenv(env);
  if (path == nullptr) return "";
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

TEST(TraceDistributedE2eTest, OneOrderIsOneTraceAcrossFourProcesses) {
  const std::string bootstrap = ReadFirstLine("PARFUMERIE_KAFKA_BOOTSTRAP_FILE");
  std::string uri = ReadFirstLine("PARFUMERIE_MONGO_URI_FILE");
  ASSERT_FALSE(bootstrap.empty()) << "no Kafka broker: the kafka fixture did not start";
  ASSERT_FALSE(uri.empty()) << "no FerretDB: the mongo fixture did not start";
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  const std::string store = uri + "/trace" + std::to_string(::getpid());

  OtlpReceiver receiver;
  TempDir dir;
  auto start = [&](const std::string& target, std::vector<std::string> extra) {
    std::vector<std::string> args{"serve", "--target=" + target, "--store=" + store, "--bus=kafka://" + bootstrap,
                                  "--otlp-endpoint=" + receiver.endpoint(), "--consumer-initial-backoff-ms=50"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<Shop>(dir.path() + "/" + target, args);
  };
  auto catalog = start("catalog", {"--demo-data=true"});
  auto payment = start("payment", {});
  auto delivery = start("delivery", {"--delivery-simulator=true", "--delivery-simulator-interval-ms=100"});
  ASSERT_TRUE(catalog->ok() && payment->ok() && delivery->ok());
  auto gateway = start("gateway", {"--catalog-addr=" + catalog->CatalogAddress(),
                                   "--payment-addr=" + payment->PaymentAddress(),
                                   "--delivery-addr=" + delivery->DeliveryAddress(), "--jwt-secret=" + std::string(48, 's')});
  ASSERT_TRUE(gateway->ok());

  const std::string traceparent = std::string("00-") + kTraceId + "-" + kCallerSpanId + "-01";
  PlacedOrder order = PlaceTracedOrder(gateway->gateway_port(), traceparent, 120s);
  ASSERT_EQ(order.statut, "LIVREE") << order.id;

  // Every process exported its part, with its own service name.
  const std::set<std::string> services{"parfumerie-gateway", "parfumerie-catalog", "parfumerie-payment",
                                       "parfumerie-delivery"};
  std::vector<std::string> missing;
  const bool complete = receiver.WaitFor(
      [&](const std::vector<ReceivedSpan>& all) {
        const std::vector<ReceivedSpan> spans = SpansOf(all, kTraceId);
        missing = MissingFromTrace(spans, "mongo.");
        std::set<std::string> seen;
        for (const ReceivedSpan& s : spans) seen.insert(s.service_name);
        for (const std::string& service : services) {
          if (!seen.contains(service)) missing.push_back("spans from " + service);
        }
        return missing.empty();
      },
      60s);
  EXPECT_TRUE(complete) << ::testing::PrintToString(missing) << "\n"
                        << DescribeTrace(SpansOf(receiver.Spans(), kTraceId));
  if (std::getenv("PARFUMERIE_PRINT_TRACE") != nullptr) std::cerr << DescribeTrace(SpansOf(receiver.Spans(), kTraceId));
  // The gRPC hop crosses processes: client in the gateway, server in the catalogue.
  for (const ReceivedSpan& s : SpansOf(receiver.Spans(), kTraceId)) {
    if (s.name == "parfumerie.v1.OrderService/PlaceOrder") {
      EXPECT_EQ(s.service_name, s.kind == 3 ? "parfumerie-gateway" : "parfumerie-catalog");
    }
  }

  EXPECT_THAT(LoggersWithTrace(gateway->process().Output(), kTraceId), Contains("gateway-http"));
  EXPECT_THAT(LoggersWithTrace(catalog->process().Output(), kTraceId), Contains("orders"));
  EXPECT_THAT(LoggersWithTrace(payment->process().Output(), kTraceId), Contains("payment"));
  EXPECT_THAT(LoggersWithTrace(delivery->process().Output(), kTraceId), Contains("delivery"));
}

}  // namespace
}  // namespace parfumerie::trace::testing

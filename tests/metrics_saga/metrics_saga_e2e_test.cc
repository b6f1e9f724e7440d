// Every /metrics of the all-in-one binary (the gateway's and the catalogue's
// HTTP ports), scraped before and during a saga: the business series move as the
// orders go through it, the saga's plumbing drains back to zero, and promtool
// accepts each scrape.
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "scrape.h"
#include "support/process.h"
#include "support/shop.h"

namespace parfumerie::testing {
namespace {

using metrics::testing::SampleValue;
using namespace std::chrono_literals;

// Runs `promtool check metrics` on `text`; {exit code, output}.
std::pair<int, std::string> Promtool(const std::string& text, const std::string& dir) {
  const std::string file = dir + "/scrape.prom";
  std::ofstream(file) << text;
  return RunToCompletion({"/bin/sh", "-c",
                          "command -v promtool >/dev/null || { echo 'promtool not found: run scripts/setup.sh'; "
                          "exit 127; }; promtool check metrics < \"$0\"",
                          file});
}

std::string Scrape(int port) {
  std::optional<HttpResponse> r = HttpRequest(port, "GET", "/metrics");
  if (!r || r->status != 200) {
    ADD_FAILURE() << "GET /metrics on port " << port << " failed";
    return "";
  }
  return r->body;
}

double Value(const std::string& text, const std::string& series) {
  return SampleValue(text, series).value_or(0);
}

// Every sample of family `name`: {series as exposed, value}.
std::map<std::string, double> Family(const std::string& text, const std::string& name) {
  std::map<std::string, double> out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with(name) || (line[name.size()] != '{' && line[name.size()] != ' ')) continue;
    const size_t space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

class MetricsSagaTest : public ::testing::Test {
 protected:
  // Scrapes until `ok(text)` holds (or 20 s pass); returns the last scrape.
  std::string ScrapeUntil(int port, const std::function<bool(const std::string&)>& ok) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    std::string text = Scrape(port);
    while (!ok(text) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);  // the next scrape, not a wait for an event
      text = Scrape(port);
    }
    return text;
  }

  void ExpectPromtoolAccepts(const std::string& text) {
    auto [code, out] = Promtool(text, dir_.path());
    EXPECT_EQ(code, 0) << "promtool check metrics:\n" << out;
  }

  TempDir dir_;
};

TEST_F(MetricsSagaTest, BusinessSeriesMoveThroughASagaOnEveryTarget) {
  // All-in-one: one registry, served on the gateway's and the catalogue's
  // HTTP ports (payment and delivery speak only gRPC here; an admin port
  // needs a fixed metrics-port, which a test on free ports cannot choose).
  Shop shop(dir_.path(), {"--delivery-simulator=false"});
  ASSERT_TRUE(shop.ok());
  const std::vector<int> ports{shop.gateway_port(), shop.http_port()};

  std::vector<std::string> before;
  for (int port : ports) {
    before.push_back(Scrape(port));
    ExpectPromtoolAccepts(before.back());
  }
  const std::string& b = before[0];
  // The families with fixed label values exist from the start.
  for (const char* series : {"orders_placed_total", "stock_outs_total", R"(orders{status="EN_ATTENTE"})",
                             R"(orders{status="ANNULEE"})", R"(outbox_backlog_messages{outbox="catalog-outbox"})",
                             R"(outbox_oldest_message_age_seconds{outbox="payment-outbox"})",
                             R"(bus_consumer_lag_messages{topic="commandes",group="payment"})"}) {
    EXPECT_TRUE(SampleValue(b, series).has_value()) << series << " missing in:\n" << b;
  }

  // One order paid (taking its perfume's last bottle), one declined.
  const v1::Parfum last = shop.CreateParfum("Dernier Flacon", 1);
  const v1::Parfum other = shop.CreateParfum("Flacon Refusé", 5);
  v1::Commande good, bad;
  ASSERT_TRUE(shop.Place("metrics-good", shop.Tokenize(kCardOk), {{last.id(), 1}}, &good).ok());
  ASSERT_TRUE(shop.Place("metrics-bad", shop.Tokenize(kCardDeclined), {{other.id(), 2}}, &bad).ok());
  const v1::Parfum rare = shop.CreateParfum("Flacon Rare", 1);
  v1::Commande refused;
  EXPECT_FALSE(shop.Place("metrics-short", shop.Tokenize(kCardOk), {{rare.id(), 2}}, &refused).ok());

  // During the saga: the paid order waits for its delivery.
  const std::string paid = ScrapeUntil(ports[0], [&](const std::string& t) {
    return Value(t, R"(orders{status="PAYEE"})") >= Value(b, R"(orders{status="PAYEE"})") + 1 &&
           Value(t, R"(orders{status="ANNULEE"})") >= Value(b, R"(orders{status="ANNULEE"})") + 1;
  });
  EXPECT_EQ(Value(paid, R"(orders{status="PAYEE"})"), Value(b, R"(orders{status="PAYEE"})") + 1) << paid;
  EXPECT_EQ(Value(paid, R"(orders{status="ANNULEE"})"), Value(b, R"(orders{status="ANNULEE"})") + 1);
  EXPECT_EQ(Value(paid, "orders_placed_total"), Value(b, "orders_placed_total") + 2);
  EXPECT_EQ(Value(paid, R"(orders_refused_total{reason="insufficient_stock"})"),
            Value(b, R"(orders_refused_total{reason="insufficient_stock"})") + 1);
  EXPECT_EQ(Value(paid, "stock_outs_total"), Value(b, "stock_outs_total") + 1);
  EXPECT_EQ(Value(paid, R"(payments_total{outcome="succeeded"})"), Value(b, R"(payments_total{outcome="succeeded"})") + 1);
  EXPECT_EQ(Value(paid, R"(payments_total{outcome="declined"})"), Value(b, R"(payments_total{outcome="declined"})") + 1);
  EXPECT_EQ(Value(paid, R"(orders_cancelled_total{reason="payment_declined"})"),
            Value(b, R"(orders_cancelled_total{reason="payment_declined"})") + 1);
  EXPECT_EQ(Value(paid, R"(saga_stage_duration_seconds_count{stage="placed_to_paid"})"),
            Value(b, R"(saga_stage_duration_seconds_count{stage="placed_to_paid"})") + 1);
  EXPECT_EQ(Value(paid, R"(saga_stage_duration_seconds_count{stage="placed_to_cancelled"})"),
            Value(b, R"(saga_stage_duration_seconds_count{stage="placed_to_cancelled"})") + 1);
  ExpectPromtoolAccepts(paid);

  // The operator moves the delivery to LIVREE, one step at a time.
  grpc::ClientContext get_ctx;
  v1::GetDeliveryForOrderRequest get;
  get.set_commande_id(good.id());
  v1::Livraison livraison;
  for (auto deadline = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < deadline;) {
    grpc::ClientContext ctx;
    if (shop.deliveries().GetDeliveryForOrder(&ctx, get, &livraison).ok()) break;
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_FALSE(livraison.id().empty());
  for (int step = 0; step < 3; ++step) {
    grpc::ClientContext ctx;
    v1::AdvanceDeliveryRequest req;
    req.set_id(livraison.id());
    req.set_lieu("Entrepôt");
    ASSERT_TRUE(shop.deliveries().AdvanceDelivery(&ctx, req, &livraison).ok());
  }
  const v1::Commande done =
      shop.WaitOrder(good.id(), [](const v1::Commande& c) { return c.statut() == v1::STATUT_COMMANDE_LIVREE; });
  ASSERT_EQ(done.statut(), v1::STATUT_COMMANDE_LIVREE) << done.DebugString();

  // Every target shows the same registry; the saga's plumbing drains to zero.
  for (int port : ports) {
    const std::string after = ScrapeUntil(port, [&](const std::string& t) {
      bool drained = Value(t, R"(orders{status="LIVREE"})") >= Value(b, R"(orders{status="LIVREE"})") + 1;
      for (const auto& [series, v] : Family(t, "outbox_backlog_messages")) drained = drained && v == 0;
      for (const auto& [series, v] : Family(t, "bus_consumer_lag_messages")) drained = drained && v == 0;
      return drained;
    });
    EXPECT_EQ(Value(after, R"(orders{status="LIVREE"})"), Value(b, R"(orders{status="LIVREE"})") + 1) << after;
    EXPECT_EQ(Value(after, R"(orders{status="PAYEE"})"), Value(b, R"(orders{status="PAYEE"})"));
    EXPECT_EQ(Value(after, R"(deliveries_finished_total{outcome="delivered"})"),
              Value(b, R"(deliveries_finished_total{outcome="delivered"})") + 1);
    EXPECT_EQ(Value(after, R"(saga_stage_duration_seconds_count{stage="paid_to_delivered"})"),
              Value(b, R"(saga_stage_duration_seconds_count{stage="paid_to_delivered"})") + 1);
    const std::map<std::string, double> backlog = Family(after, "outbox_backlog_messages");
    EXPECT_EQ(backlog.size(), 3u) << after;  // catalog, payment, delivery
    for (const auto& [series, v] : backlog) EXPECT_EQ(v, 0) << series;
    for (const auto& [series, v] : Family(after, "outbox_oldest_message_age_seconds")) EXPECT_EQ(v, 0) << series;
    const std::map<std::string, double> lag = Family(after, "bus_consumer_lag_messages");
    EXPECT_GE(lag.size(), 4u) << after;
    for (const auto& [series, v] : lag) EXPECT_EQ(v, 0) << series;
    EXPECT_EQ(Value(after, "orders_placed_total"), Value(b, "orders_placed_total") + 2);
    EXPECT_GT(Value(after, R"(outbox_published_total{outbox="catalog-outbox"})"), 0);
    ExpectPromtoolAccepts(after);
  }
  EXPECT_EQ(shop.Stop(), 0);
}

}  // namespace
}  // namespace parfumerie::testing

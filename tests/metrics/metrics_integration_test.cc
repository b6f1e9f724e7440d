// Metrics end to end over real sockets: an HttpServer and an rpc::Server
// record into one registry, /metrics is scraped over HTTP, the series that
// the requests should have moved have moved, and promtool (Prometheus' own
// checker) accepts the scraped text.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "grpc/health/v1/health.grpc.pb.h"
#include "http_test_client.h"
#include "metrics/http_endpoint.h"
#include "metrics/registry.h"
#include "net/http_server.h"
#include "rpc/server.h"
#include "scrape.h"
#include "support/process.h"

namespace parfumerie::metrics {
namespace {

using namespace std::chrono_literals;
using net::testing::Fetch;
using net::testing::Reply;

boost::asio::awaitable<net::Response> Parfum(net::Request) {
  co_return net::Response::Json(200, R"({"nom":"Lilas"})");
}

// Runs `promtool check metrics` on `text`: {exit code, its output}. A missing
// promtool fails the test: scripts/setup.sh installs it (Debian `prometheus`).
std::pair<int, std::string> Promtool(const std::string& text) {
  parfumerie::testing::TempDir dir;
  const std::string file = dir.path() + "/scrape.txt";
  std::ofstream(file) << text;
  return parfumerie::testing::RunToCompletion(
      {"/bin/sh", "-c",
       "command -v promtool >/dev/null || { echo 'promtool not found: run scripts/setup.sh'; "
       "exit 127; }; promtool check metrics < \"$0\"",
       file});
}

// Every histogram series in `text`: buckets never decrease, and the +Inf
// bucket equals _count. Returns the number of series checked.
int CheckHistograms(const std::string& text) {
  std::map<std::string, double> last_bucket;  // series labels (without le) -> running value
  std::map<std::string, double> inf_bucket;
  std::map<std::string, double> counts;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("#")) continue;
    const size_t space = line.rfind(' ');
    const std::string series = line.substr(0, space);
    const double value = std::stod(line.substr(space + 1));
    if (size_t at = series.find("_bucket{"); at != std::string::npos) {
      const size_t le = series.find("le=\"");
      std::string key = series.substr(0, at) + series.substr(at + 7, le - at - 7);
      EXPECT_GE(value, last_bucket[key]) << line;
      last_bucket[key] = value;
      if (series.find("le=\"+Inf\"") != std::string::npos) inf_bucket[key] = value;
    } else if (size_t c = series.find("_count"); c != std::string::npos) {
      std::string labels = c + 6 < series.size() ? series.substr(c + 7, series.size() - c - 8) : "";
      counts[series.substr(0, c) + "{" + labels + (labels.empty() ? "" : ",")] = value;
    }
  }
  for (const auto& [key, inf] : inf_bucket) {
    EXPECT_TRUE(counts.contains(key)) << key;
    EXPECT_EQ(counts[key], inf) << key;
  }
  return static_cast<int>(inf_bucket.size());
}

class MetricsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_.AddProcessMetrics();
    net::Router router;
    router.Add("GET", "/parfums/{id}", Parfum);
    AddMetricsRoute(router, registry_);
    net::HttpServerOptions http;
    http.name = "catalog";
    http.address = "127.0.0.1";
    http.metrics = &registry_;
    http_ = std::make_unique<net::HttpServer>(http, std::move(router));
    ASSERT_TRUE(http_->Start().ok());

    auto grpc_server = rpc::Server::Start({.host = "127.0.0.1", .port = 0, .metrics = &registry_}, {});
    ASSERT_TRUE(grpc_server.ok()) << grpc_server.status();
    grpc_ = std::move(*grpc_server);
  }
  void TearDown() override {
    if (http_) http_->Shutdown(1s);
    if (grpc_) grpc_->Shutdown(1s);
  }

  grpc::StatusCode HealthCheck(const std::string& service) {
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(grpc_->port()), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 10s);
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    return stub->Check(&ctx, req, &resp).error_code();
  }

  // Scrapes over HTTP until `series` has `value` (the server records a request
  // after writing its response), for up to a few seconds; the last scrape.
  std::string ScrapeUntil(const std::string& series, double value) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    std::string text;
    do {
      Reply r = Fetch(http_->port(), "GET", kMetricsPath);
      EXPECT_EQ(r.status, 200);
      text = r.body;
      if (testing::SampleValue(text, series) == value) break;
    } while (std::chrono::steady_clock::now() < deadline);
    return text;
  }

  Registry registry_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<rpc::Server> grpc_;
};

TEST_F(MetricsIntegrationTest, RequestsMoveTheirSeriesAndPromtoolAcceptsTheScrape) {
  int backlog = 3;
  CallbackHandle callback = registry_.AddGaugeCallback(
      {.name = "outbox_backlog_messages", .help = "Messages written but not yet published.",
       .labels = {"store"}},
      {"catalog"}, [&backlog] { return backlog; });
  for (const char* id : {"prf_1", "prf_2", "prf_3"}) {
    ASSERT_EQ(Fetch(http_->port(), "GET", std::string("/parfums/") + id).status, 200);
  }
  ASSERT_EQ(Fetch(http_->port(), "GET", "/parfums").status, 404);
  ASSERT_EQ(HealthCheck(""), grpc::StatusCode::OK);
  ASSERT_EQ(HealthCheck("no.such.Service"), grpc::StatusCode::NOT_FOUND);
  backlog = 5;

  Reply first = Fetch(http_->port(), "GET", kMetricsPath);
  EXPECT_EQ(first.Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string parfums =
      "http_server_requests_total{server=\"catalog\",method=\"GET\",route=\"/parfums/{id}\","
      "status=\"200\"}";
  const std::string text = ScrapeUntil(parfums, 3);
  EXPECT_EQ(testing::SampleValue(text, parfums), 3) << text;
  EXPECT_EQ(testing::SampleValue(text, "http_server_requests_total{server=\"catalog\","
                                       "method=\"GET\",route=\"unmatched\",status=\"404\"}"),
            1);
  EXPECT_EQ(testing::SampleValue(text, "http_server_request_duration_seconds_count{server=\""
                                       "catalog\",method=\"GET\",route=\"/parfums/{id}\"}"),
            3);
  // The first scrape was itself a request: recorded once answered.
  EXPECT_GE(testing::SampleValue(text, "http_server_requests_total{server=\"catalog\","
                                       "method=\"GET\",route=\"/metrics\",status=\"200\"}")
                .value_or(0),
            1);
  EXPECT_EQ(testing::SampleValue(
                text, "grpc_server_handled_total{grpc_service=\"grpc.health.v1.Health\","
                      "grpc_method=\"Check\",grpc_code=\"OK\"}"),
            1);
  EXPECT_EQ(testing::SampleValue(
                text, "grpc_server_handled_total{grpc_service=\"grpc.health.v1.Health\","
                      "grpc_method=\"Check\",grpc_code=\"NotFound\"}"),
            1);
  EXPECT_EQ(testing::SampleValue(text, "grpc_server_handling_seconds_count{grpc_service=\""
                                       "grpc.health.v1.Health\",grpc_method=\"Check\"}"),
            2);
  EXPECT_EQ(testing::SampleValue(text, "outbox_backlog_messages{store=\"catalog\"}"), 5);
  EXPECT_EQ(testing::SampleValue(text, "http_server_websocket_sessions{server=\"catalog\"}"), 0);
  EXPECT_GT(testing::SampleValue(text, "process_resident_memory_bytes").value_or(0), 0);
  EXPECT_GE(CheckHistograms(text), 3);  // /parfums/{id}, /metrics, health Check

  auto [code, output] = Promtool(text);
  EXPECT_EQ(code, 0) << "promtool check metrics:\n" << output << "\non:\n" << text;
}

TEST_F(MetricsIntegrationTest, AdminServerServesOnlyMetricsAndHealth) {
  auto admin = StartAdminServer({.name = "admin", .address = "127.0.0.1"}, registry_);
  ASSERT_TRUE(admin.ok()) << admin.status();
  const uint16_t port = (*admin)->port();
  EXPECT_EQ(Fetch(port, "GET", "/healthz").status, 200);
  EXPECT_EQ(Fetch(port, "GET", "/parfums/prf_1").status, 404);
  const std::string healthz =
      "http_server_requests_total{server=\"admin\",method=\"GET\",route=\"/healthz\","
      "status=\"200\"}";
  std::optional<double> last;
  EXPECT_TRUE(testing::WaitForSample(registry_, healthz, 1, 5s, &last)) << last.value_or(-1);
  Reply r = Fetch(port, "GET", kMetricsPath);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(testing::SampleValue(r.body, healthz), 1);
  auto [code, output] = Promtool(r.body);
  EXPECT_EQ(code, 0) << output;
  (*admin)->Shutdown(1s);
}

TEST(PromtoolTest, RejectsWhatItShould) {
  // The check the tests above rely on can fail: a counter without _total.
  auto [code, output] = Promtool("# HELP requests Requests.\n# TYPE requests counter\nrequests 1\n");
  EXPECT_NE(code, 0) << output;
  EXPECT_NE(code, 127) << output;
}

}  // namespace
}  // namespace parfumerie::metrics

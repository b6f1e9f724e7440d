// A small GraphQL server over WebSocket for graphql_ws_test.mjs: a Query, a
// Mutation and a Subscription `countdown` fed from a thread, served by
// RegisterGraphqlWs on 127.0.0.1, port 0. Prints "port <n>" once listening
// and shuts down when its standard input closes.
//
//   graphql_ws_test_server [init-timeout-ms]
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "gateway/ws/graphql_ws.h"
#include "graphql/schema.h"
#include "graphql/service.h"
#include "metrics/http_endpoint.h"
#include "net/http_server.h"

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using parfumerie::graphql::EventSink;
using parfumerie::graphql::FieldValue;
using parfumerie::graphql::ResolveInfo;

constexpr const char* kSdl = R"(
  type Query {
    hello(name: String): String!
    whoami: String!
    onStrand: Boolean!
    activeCountdowns: Int!
  }
  type Mutation { add(a: Int!, b: Int!): Int! }
  type Subscription { countdown(from: Int!, intervalMs: Int = 0): Int! }
)";

// Each operation's context: the caller's token and the strand it runs on.
struct TestContext {
  std::string token;
  asio::any_io_executor executor;
};

// The countdown threads; joined before exit.
struct Countdowns {
  std::mutex mu;
  std::vector<std::thread> threads;
  std::atomic<int> active{0};

  void Start(EventSink sink, int from, int interval_ms) {
    std::lock_guard lock(mu);
    ++active;
    threads.emplace_back([this, sink, from, interval_ms] {
      for (int n = from; n >= 0; --n) {
        if (!sink.Push(json::object{{"countdown", n}})) break;  // cancelled
        // Paces the producer; nothing waits on it.
        if (interval_ms > 0 && n > 0) std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
      }
      sink.Close();
      --active;
    });
  }
  void JoinAll() {
    std::lock_guard lock(mu);
    for (auto& t : threads) t.join();
  }
};

const TestContext& Context(const ResolveInfo& info) { return *static_cast<const TestContext*>(info.context()); }

}  // namespace

int main(int argc, char** argv) {
  namespace gw = parfumerie::gateway;
  int init_timeout_ms = argc > 1 ? std::stoi(argv[1]) : 3000;
  auto built = parfumerie::graphql::BuildSchema(kSdl);
  if (!built.ok()) {
    std::cerr << built.status() << "\n";
    return 1;
  }
  auto& schema = **built;
  Countdowns countdowns;
  bool ok = schema.SetResolver("Query", "hello", [](const ResolveInfo& info) {
    const json::value* name = info.arguments().if_contains("name");
    std::string who = name && name->is_string() ? std::string(name->as_string()) : "world";
    return FieldValue::Owned(json::string("hello " + who));
  }).ok();
  ok &= schema.SetResolver("Query", "whoami", [](const ResolveInfo& info) {
    return FieldValue::Owned(json::string(Context(info).token));
  }).ok();
  ok &= schema.SetResolver("Query", "onStrand", [](const ResolveInfo& info) {
    auto* strand = Context(info).executor.target<asio::strand<asio::io_context::executor_type>>();
    return FieldValue::Owned(strand != nullptr && strand->running_in_this_thread());
  }).ok();
  ok &= schema.SetResolver("Query", "activeCountdowns", [&countdowns](const ResolveInfo&) {
    return FieldValue::Owned(countdowns.active.load());
  }).ok();
  ok &= schema.SetResolver("Mutation", "add", [](const ResolveInfo& info) {
    return FieldValue::Owned(info.arguments().at("a").as_int64() + info.arguments().at("b").as_int64());
  }).ok();
  ok &= schema.SetSubscriber("countdown", [&countdowns](const ResolveInfo& info, EventSink sink) {
    int from = static_cast<int>(info.arguments().at("from").as_int64());
    if (from < 0) return absl::InvalidArgumentError("from must not be negative");
    int interval = static_cast<int>(info.arguments().at("intervalMs").as_int64());
    countdowns.Start(sink, from, interval);
    return absl::OkStatus();
  }).ok();
  if (!ok) {
    std::cerr << "resolver wiring failed\n";
    return 1;
  }

  parfumerie::graphql::Service service(schema);
  gw::ws::GraphqlWsOptions options;
  options.connection_init_timeout = std::chrono::milliseconds(init_timeout_ms);
  options.max_operations = 5;
  gw::OperationContextFactory factory = [](const gw::Caller& caller, asio::any_io_executor executor)
      -> absl::StatusOr<std::shared_ptr<void>> {
    if (caller.bearer_token == "forbidden") return absl::UnauthenticatedError("token expired");
    if (caller.bearer_token == "unavailable") return absl::UnavailableError("accounts store down");
    return std::make_shared<TestContext>(TestContext{caller.bearer_token, executor});
  };
  gw::OperationMetrics operation_metrics;  // the process's registry, on /metrics
  options.metrics = &operation_metrics;
  parfumerie::net::Router router;
  parfumerie::metrics::AddMetricsRoute(router);
  gw::ws::RegisterGraphqlWs(router, "/graphql", options, schema, service, factory);
  parfumerie::net::HttpServerOptions http;
  http.name = "graphql-ws-test";
  http.address = "127.0.0.1";
  http.port = 0;
  http.io_threads = 2;
  parfumerie::net::HttpServer server(http, std::move(router));
  if (auto s = server.Start(); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  std::cout << "port " << server.port() << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  server.Shutdown(std::chrono::seconds(5));
  countdowns.JoinAll();
  return 0;
}

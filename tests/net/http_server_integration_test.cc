// The HTTP server over real sockets on port 0.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "http_test_client.h"
#include "metrics/registry.h"
#include "net/blocking_pool.h"
#include "net/http_server.h"
#include "scrape.h"

namespace parfumerie::net {
namespace {

namespace json = boost::json;
using testing::Fetch;
using testing::Reply;
using testing::TestClient;
using namespace std::chrono_literals;

// A latch the blocking handler waits on, so a test controls when an
// in-flight request finishes.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  bool open = false;

  void WaitEntered() {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, 10s, [this] { return entered; }));
  }
  void Open() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
  bool Pass() {
    std::unique_lock lock(mu);
    entered = true;
    cv.notify_all();
    return cv.wait_for(lock, 10s, [this] { return open; });
  }
};

boost::asio::awaitable<Response> Echo(Request req) {
  json::object o;
  o["method"] = req.method;
  o["path"] = req.path;
  o["id"] = std::string(req.PathParam("id"));
  json::array q;
  for (auto& [k, v] : req.query) q.push_back(json::array{json::string(k), json::string(v)});
  o["query"] = q;
  o["body"] = req.body;
  o["traceId"] = req.context.trace_id;
  o["requestId"] = req.context.request_id;
  co_return Response::Json(200, json::serialize(o));
}

boost::asio::awaitable<Response> Throws(Request) {
  throw std::runtime_error("secret internal detail");
  co_return Response{};
}

boost::asio::awaitable<Response> Slow(BlockingPool* pool, Gate* gate, Request req) {
  std::thread::id io_thread = std::this_thread::get_id();
  auto work = [gate] {
    gate->Pass();
    return std::this_thread::get_id();
  };
  std::thread::id pool_thread = co_await RunBlocking(*pool, req.context, std::move(work));
  bool resumed_on_io = std::this_thread::get_id() != pool_thread;
  co_return Response::Json(200, json::serialize(json::object{{"offPool", pool_thread != io_thread},
                                                             {"resumedOnIo", resumed_on_io}}));
}

// Blocking work that throws: the exception must reach the awaiting coroutine.
boost::asio::awaitable<Response> BlockingThrows(BlockingPool* pool, Request req) {
  auto work = []() -> absl::Status { throw std::runtime_error("disk on fire"); };
  bool caught = false;
  try {
    co_await RunBlocking(*pool, req.context, std::move(work));
  } catch (const std::runtime_error& e) {
    caught = std::string(e.what()) == "disk on fire";
  }
  co_return Response::Json(200, caught ? R"({"caught":true})" : R"({"caught":false})");
}

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}) {
    Router router;
    router.Add("GET", "/echo/{id}", Echo);
    router.Add("POST", "/echo/{id}", Echo);
    router.Add("GET", "/throws", Throws);
    router.Add("GET", "/slow", [this](Request r) { return Slow(&pool_, &gate_, std::move(r)); });
    router.Add("GET", "/blocking-throws",
               [this](Request r) { return BlockingThrows(&pool_, std::move(r)); });
    options.address = "127.0.0.1";
    options.io_threads = 2;
    server_ = std::make_unique<HttpServer>(options, std::move(router));
    server_->SetReadinessCheck([this] {
      return ready_ ? absl::OkStatus() : absl::UnavailableError("catalogue store not open");
    });
    ASSERT_TRUE(server_->Start().ok());
    port_ = server_->port();
    ASSERT_NE(port_, 0);
  }

  void TearDown() override {
    gate_.Open();
    if (server_) server_->Shutdown(1s);
  }

  Gate gate_;
  std::atomic<bool> ready_{true};
  // Declared before the server so that it is destroyed after it.
  BlockingPool pool_{"test-pool", 2};
  std::unique_ptr<HttpServer> server_;
  uint16_t port_ = 0;
};

json::object Problem(const Reply& r) {
  EXPECT_EQ(r.Header("content-type"), "application/problem+json");
  return json::parse(r.body).as_object();
}

TEST_F(HttpServerTest, HealthzAndRequestIds) {
  Start();
  Reply r = Fetch(port_, "GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"status":"ok"})"));
  EXPECT_EQ(r.Header("x-request-id").size(), 32u);

  r = Fetch(port_, "GET", "/healthz", "", {{"X-Request-Id", "abc-42"}});
  EXPECT_EQ(r.Header("x-request-id"), "abc-42");
}

TEST_F(HttpServerTest, ReadyzFollowsTheCheck) {
  Start();
  EXPECT_EQ(Fetch(port_, "GET", "/readyz").status, 200);
  ready_ = false;
  Reply r = Fetch(port_, "GET", "/readyz");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(Problem(r).at("detail"), "catalogue store not open");
}

TEST_F(HttpServerTest, RoutesWithParamsQueryAndTraceContext) {
  Start();
  Reply r = Fetch(port_, "POST", "/echo/a%2Fb?x=1&y=%C3%A9", "hello",
                  {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
  ASSERT_EQ(r.status, 200) << r.body;
  json::object o = json::parse(r.body).as_object();
  EXPECT_EQ(o.at("id"), "a/b");
  EXPECT_EQ(o.at("body"), "hello");
  EXPECT_EQ(o.at("query"), json::parse(R"([["x","1"],["y","é"]])"));
  EXPECT_EQ(o.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(o.at("requestId").as_string(), r.Header("x-request-id"));
}

TEST_F(HttpServerTest, UnknownPathIs404ProblemAndWrongMethod405WithAllow) {
  Start();
  Reply r = Fetch(port_, "GET", "/nothing");
  EXPECT_EQ(r.status, 404);
  json::object p = Problem(r);
  EXPECT_EQ(p.at("status"), 404);
  EXPECT_EQ(p.at("code"), "NOT_FOUND");
  EXPECT_EQ(p.at("instance"), "/nothing");
  EXPECT_EQ(p.at("requestId").as_string(), r.Header("x-request-id"));

  r = Fetch(port_, "DELETE", "/echo/1");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.Header("allow"), "GET, HEAD, POST");
  EXPECT_EQ(Problem(r).at("status"), 405);
}

TEST_F(HttpServerTest, MetricsLabelRequestsByRoutePatternNeverByRawPath) {
  metrics::Registry registry;
  HttpServerOptions options;
  options.name = "shop";
  options.metrics = &registry;
  Start(options);
  for (const char* id : {"a", "b", "c%20d"}) {
    ASSERT_EQ(Fetch(port_, "GET", std::string("/echo/") + id).status, 200);
  }
  {
    // Raw: a HEAD response announces a body it does not send (see below).
    TestClient client(port_);
    client.SendRaw("HEAD /echo/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    std::string head;
    char c;
    while (head.size() < 4096 && client.ReadByte(c)) head.push_back(c);
    EXPECT_TRUE(head.starts_with("HTTP/1.1 200")) << head;
  }
  EXPECT_EQ(Fetch(port_, "GET", "/no/such/path").status, 404);
  EXPECT_EQ(Fetch(port_, "DELETE", "/echo/a").status, 405);
  EXPECT_EQ(Fetch(port_, "BREW", "/echo/a").status, 405);
  EXPECT_EQ(Fetch(port_, "GET", "/throws").status, 500);

  // Recorded once the response is written, so possibly after the client read it.
  const std::string requests = "http_server_requests_total{server=\"shop\",";
  std::optional<double> last;
  EXPECT_TRUE(metrics::testing::WaitForSample(
      registry, requests + "method=\"GET\",route=\"/echo/{id}\",status=\"200\"}", 3, 5s, &last))
      << "last seen: " << last.value_or(-1);
  for (const char* series : {"method=\"HEAD\",route=\"/echo/{id}\",status=\"200\"}",
                             "method=\"GET\",route=\"unmatched\",status=\"404\"}",
                             "method=\"DELETE\",route=\"unmatched\",status=\"405\"}",
                             "method=\"other\",route=\"unmatched\",status=\"405\"}",
                             "method=\"GET\",route=\"/throws\",status=\"500\"}"}) {
    EXPECT_TRUE(metrics::testing::WaitForSample(registry, requests + series, 1)) << series;
  }
  const std::string text = registry.Exposition();
  EXPECT_EQ(metrics::testing::SampleValue(
                text, "http_server_request_duration_seconds_count{server=\"shop\",method=\"GET\","
                      "route=\"/echo/{id}\"}"),
            3);
  // Raw paths and client-chosen methods never become label values.
  EXPECT_EQ(text.find("/echo/a"), std::string::npos);
  EXPECT_EQ(text.find("/no/such"), std::string::npos);
  EXPECT_EQ(text.find("BREW"), std::string::npos);
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithoutDetails) {
  Start();
  Reply r = Fetch(port_, "GET", "/throws");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
  EXPECT_EQ(Problem(r).at("code"), "INTERNAL");
}

TEST_F(HttpServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  Start();
  TestClient client(port_);
  for (int i = 0; i < 5; ++i) {
    Reply r = client.Send("GET", "/echo/" + std::to_string(i));
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.keep_alive);
  }
  // Pipelined: two requests in one write, two replies in order.
  client.SendRaw("GET /echo/a HTTP/1.1\r\nHost: x\r\n\r\nGET /echo/b HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(json::parse(client.ReadReply().body).at("id"), "a");
  EXPECT_EQ(json::parse(client.ReadReply().body).at("id"), "b");
  // Connection: close is honoured.
  Reply last = client.Send("GET", "/echo/z", "", {{"Connection", "close"}});
  EXPECT_FALSE(last.keep_alive);
  EXPECT_TRUE(client.ClosedByPeer(2s));
}

TEST_F(HttpServerTest, HeadAnswersLikeGetWithoutBody) {
  Start();
  TestClient client(port_);
  std::string get_body = client.Send("GET", "/healthz").body;
  client.SendRaw("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  // Read the raw answer: a HEAD response's Content-Length describes a body
  // that is not sent, which a generic response parser would wait for.
  std::string raw;
  char c;
  while (!raw.ends_with("\r\n\r\n") && client.ReadByte(c)) raw.push_back(c);
  EXPECT_TRUE(raw.starts_with("HTTP/1.1 200")) << raw;
  EXPECT_NE(raw.find("Content-Length: " + std::to_string(get_body.size())), std::string::npos)
      << raw;
  // The connection is still in step: nothing was sent after the header.
  EXPECT_EQ(client.Send("GET", "/echo/2").status, 200);
}

TEST_F(HttpServerTest, ExpectContinueGetsAGoAhead) {
  Start();
  TestClient client(port_);
  client.SendRaw(
      "POST /echo/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  Reply go_ahead = client.ReadReply();
  EXPECT_EQ(go_ahead.status, 100);
  client.SendRaw("hello");
  Reply r = client.ReadReply();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("body"), "hello");

  TestClient refused(port_);
  refused.SendRaw(
      "POST /echo/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nExpect: "
      "100-continue\r\n\r\n");
  EXPECT_EQ(refused.ReadReply().status, 413);  // no go-ahead for a body over the limit
}

TEST_F(HttpServerTest, OversizedBodyIs413AndCloses) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  Start(options);
  // Announced length over the limit: refused before the body is read.
  TestClient client(port_);
  client.SendRaw("POST /echo/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  Reply r = client.ReadReply();
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Problem(r).at("status"), 413);
  EXPECT_FALSE(r.keep_alive);
  EXPECT_TRUE(client.ClosedByPeer(3s));

  // Chunked body growing over the limit.
  TestClient chunked(port_);
  std::string chunk(600, 'a');
  chunked.SendRaw("POST /echo/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" +
                  chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.ReadReply().status, 413);

  // At the limit is fine.
  EXPECT_EQ(Fetch(port_, "POST", "/echo/1", std::string(1000, 'b')).status, 200);
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  HttpServerOptions options;
  options.max_connections = 2;
  Start(options);
  auto a = std::make_unique<TestClient>(port_);
  TestClient b(port_);
  EXPECT_EQ(a->Send("GET", "/healthz").status, 200);
  EXPECT_EQ(b.Send("GET", "/healthz").status, 200);
  TestClient c(port_);
  EXPECT_TRUE(c.ClosedByPeer(3s));
  // A freed slot is usable again. The server lingers on a closed connection
  // until the client hangs up too (or kLingerTime passes): hang up.
  a->Send("GET", "/healthz", "", {{"Connection", "close"}});
  EXPECT_TRUE(a->ClosedByPeer(3s));
  a.reset();
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    try {
      served = Fetch(port_, "GET", "/healthz").status == 200;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(20ms);  // the server may not have unregistered `a` yet
    }
  }
  EXPECT_TRUE(served);
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  HttpServerOptions options;
  options.max_header_bytes = 1024;
  Start(options);
  Reply r = Fetch(port_, "GET", "/echo/1", "", {{"X-Big", std::string(2000, 'x')}});
  EXPECT_EQ(r.status, 431);
  EXPECT_EQ(Problem(r).at("status"), 431);
}

TEST_F(HttpServerTest, MalformedRequestIs400) {
  Start();
  TestClient client(port_);
  client.SendRaw("GET /echo/1 HTTP/1.1\r\nHost x\r\n\r\n");
  Reply r = client.ReadReply();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Problem(r).at("code"), "INVALID_ARGUMENT");
}

TEST_F(HttpServerTest, IncompleteRequestIsClosedAfterReadTimeout) {
  HttpServerOptions options;
  options.read_timeout = 300ms;
  Start(options);
  TestClient client(port_);
  client.SendRaw("GET /echo/1 HTTP/1.1\r\nHost: x\r\n");
  auto begin = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.ClosedByPeer(3s));
  EXPECT_GE(std::chrono::steady_clock::now() - begin, 250ms);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerOptions options;
  options.idle_timeout = 300ms;
  Start(options);
  TestClient client(port_);
  EXPECT_EQ(client.Send("GET", "/healthz").status, 200);
  EXPECT_TRUE(client.ClosedByPeer(3s));
}

TEST_F(HttpServerTest, BlockingWorkRunsOffTheIoThread) {
  Start();
  gate_.Open();
  Reply r = Fetch(port_, "GET", "/slow");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"offPool":true,"resumedOnIo":true})"));
}

TEST_F(HttpServerTest, BlockingWorkExceptionsReachTheHandler) {
  Start();
  Reply r = Fetch(port_, "GET", "/blocking-throws");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), json::parse(R"({"caught":true})"));
}

TEST_F(HttpServerTest, GracefulShutdownFinishesInFlightAndClosesIdle) {
  Start();
  TestClient idle(port_);
  EXPECT_EQ(idle.Send("GET", "/healthz").status, 200);

  auto in_flight =
      std::async(std::launch::async, [port = port_] { return Fetch(port, "GET", "/slow"); });
  gate_.WaitEntered();

  auto shutdown = std::async(std::launch::async, [this] { server_->Shutdown(10s); });
  // The idle connection is closed at once; new connections are refused.
  EXPECT_TRUE(idle.ClosedByPeer(5s));
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) {
    try {
      TestClient late(port_, 500ms);
      late.Send("GET", "/healthz");
      std::this_thread::sleep_for(10ms);
    } catch (const std::exception&) {
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_EQ(shutdown.wait_for(100ms), std::future_status::timeout);  // still draining

  gate_.Open();
  Reply r = in_flight.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.keep_alive);
  EXPECT_EQ(shutdown.wait_for(10s), std::future_status::ready);
}

TEST_F(HttpServerTest, ShutdownCutsOffRequestsPastTheDeadline) {
  Start();
  auto in_flight = std::async(std::launch::async, [port = port_] {
    try {
      return Fetch(port, "GET", "/slow").status;
    } catch (const std::exception&) {
      return 0;
    }
  });
  gate_.WaitEntered();
  auto begin = std::chrono::steady_clock::now();
  auto shutdown = std::async(std::launch::async, [this] { server_->Shutdown(200ms); });
  ASSERT_EQ(in_flight.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(in_flight.get(), 0);  // connection closed without a reply
  gate_.Open();
  shutdown.get();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 5s);
}

TEST_F(HttpServerTest, DestroyingTheServerLetsCutOffWorkUnwind) {
  Start();
  auto in_flight = std::async(std::launch::async, [port = port_] {
    try {
      return Fetch(port, "GET", "/slow").status;
    } catch (const std::exception&) {
      return 0;
    }
  });
  gate_.WaitEntered();
  server_->Shutdown(0ms);  // cuts the request off; its blocking work still runs
  auto destroy = std::async(std::launch::async, [this] { server_.reset(); });
  EXPECT_EQ(destroy.wait_for(200ms), std::future_status::timeout);  // waiting for the work
  gate_.Open();
  EXPECT_EQ(destroy.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(in_flight.get(), 0);
}

TEST(HttpServerGivenIoTest, RunsOnACallerIoContext) {
  boost::asio::io_context io;
  HttpServerOptions options;
  options.address = "127.0.0.1";
  HttpServer server(options, Router{}, io);
  ASSERT_TRUE(server.Start().ok());
  std::thread runner([&io] { io.run(); });
  EXPECT_EQ(Fetch(server.port(), "GET", "/healthz").status, 200);
  server.Shutdown(1s);
  io.stop();
  runner.join();
}

TEST(HttpServerPortTest, BusyPortIsUnavailable) {
  HttpServerOptions options;
  options.address = "127.0.0.1";
  HttpServer first(options, Router{});
  ASSERT_TRUE(first.Start().ok());
  options.port = first.port();
  HttpServer second(options, Router{});
  absl::Status s = second.Start();
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
}

}  // namespace
}  // namespace parfumerie::net

// WebSocket endpoints of the HTTP server, over real sockets on port 0, driven
// by a blocking Beast client.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_test_client.h"
#include "metrics/registry.h"
#include "net/http_server.h"
#include "net/websocket.h"
#include "scrape.h"

namespace parfumerie::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Threads an endpoint starts to send from outside the connection's strand.
struct Senders {
  std::mutex mu;
  std::vector<std::thread> threads;
  ~Senders() { JoinAll(); }
  // The threads' WebSocket handles must go before the server that owns
  // their sessions' executor: the fixture joins them first.
  void JoinAll() {
    std::lock_guard lock(mu);
    for (auto& t : threads) t.join();
    threads.clear();
  }
  void Start(WebSocket ws, int count, size_t size) {
    std::lock_guard lock(mu);
    threads.emplace_back([ws, count, size]() mutable {
      for (int i = 0; i < count; ++i) ws.Send(std::to_string(i) + std::string(size, '.'));
    });
  }
};

// Echoes text messages. "close <code>" closes with that code; "burst <n>
// <size>" sends n messages from another thread. Without an agreed
// subprotocol it closes with 4406, as graphql-ws does.
asio::awaitable<void> EchoEndpoint(Senders* senders, WebSocket ws) {
  if (ws.subprotocol().empty()) ws.Close(4406, "Subprotocol not acceptable");
  for (;;) {
    WebSocketMessage m = co_await ws.Read();
    if (m.closed) co_return;
    if (m.text.starts_with("close ")) {
      ws.Close(static_cast<uint16_t>(std::stoi(m.text.substr(6))), "as asked");
    } else if (m.text.starts_with("burst ")) {
      int n = 0;
      size_t size = 0;
      std::sscanf(m.text.c_str(), "burst %d %zu", &n, &size);
      senders->Start(ws, n, size);
    } else if (m.text == "who") {
      ws.Send(ws.request().path + " " + std::string(ws.request().PathParam("room")) + " " +
              ws.log_context().request_id);
    } else {
      ws.Send(m.text);
    }
  }
}

asio::awaitable<Response> Plain(Request) { co_return Response::Json(200, R"({"plain":true})"); }

// A blocking client; every operation gives up after a few seconds.
class Client {
 public:
  Client(uint16_t port, const std::string& target, const std::string& protocols = "")
      : ws_(io_) {
    tcp::resolver resolver(io_);
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws_.set_option(websocket::stream_base::decorator([protocols](websocket::request_type& req) {
      if (!protocols.empty()) req.set(beast::http::field::sec_websocket_protocol, protocols);
      req.set("X-Request-Id", "ws-test-1");
    }));
    websocket::response_type res;
    ws_.handshake(res, "127.0.0.1", target);
    auto it = res.find(beast::http::field::sec_websocket_protocol);
    if (it != res.end()) subprotocol_ = std::string(it->value());
    SetReadTimeout(10s);
  }

  const std::string& subprotocol() const { return subprotocol_; }
  void Write(const std::string& text) { ws_.write(asio::buffer(text)); }
  void WriteBinary(const std::string& bytes) {
    ws_.binary(true);
    ws_.write(asio::buffer(bytes));
    ws_.text(true);
  }

  // The next message, or nullopt once the server closed (see close_code()).
  std::optional<std::string> Read() {
    beast::flat_buffer buffer;
    beast::error_code ec;
    ws_.read(buffer, ec);
    if (ec) return std::nullopt;
    return beast::buffers_to_string(buffer.data());
  }
  int close_code() const { return static_cast<int>(ws_.reason().code); }
  std::string close_reason() const { return std::string(ws_.reason().reason.c_str()); }

  // Reads (and counts) messages until the server closes.
  size_t ReadUntilClosed() {
    size_t n = 0;
    while (Read()) ++n;
    return n;
  }

 private:
  void SetReadTimeout(std::chrono::milliseconds t) {
    timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
    setsockopt(beast::get_lowest_layer(ws_).native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  asio::io_context io_;
  websocket::stream<tcp::socket> ws_;
  std::string subprotocol_;
};

class WebSocketServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options = {}, WebSocketOptions ws = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    if (ws.subprotocols.empty()) ws.subprotocols = {"a", "b"};
    Router router;
    Senders* senders = &senders_;
    auto endpoint = [senders](WebSocket s) { return EchoEndpoint(senders, std::move(s)); };
    router.AddWebSocket("/ws", ws, endpoint);
    router.AddWebSocket("/rooms/{room}", ws, endpoint);
    router.Add("GET", "/ws", Plain);
    server_ = std::make_unique<HttpServer>(options, std::move(router));
    ASSERT_TRUE(server_->Start().ok());
  }
  uint16_t port() const { return server_->port(); }
  void TearDown() override {
    senders_.JoinAll();
    server_.reset();
  }

  Senders senders_;  // joined before the server goes (TearDown)
  std::unique_ptr<HttpServer> server_;
};

TEST_F(WebSocketServerTest, EchoesAndPicksTheServersPreferredSubprotocol) {
  Start();
  Client c(port(), "/ws", "x, b, a");
  EXPECT_EQ(c.subprotocol(), "a");
  c.Write("hello");
  EXPECT_EQ(c.Read(), "hello");
  c.Write("who");
  EXPECT_EQ(c.Read(), "/ws  ws-test-1");
}

TEST_F(WebSocketServerTest, PathCapturesReachTheEndpoint) {
  Start();
  Client c(port(), "/rooms/lilas", "b");
  EXPECT_EQ(c.subprotocol(), "b");
  c.Write("who");
  EXPECT_EQ(c.Read(), "/rooms/lilas lilas ws-test-1");
}

TEST_F(WebSocketServerTest, HandshakeCompletesWithoutAnAgreedSubprotocol) {
  Start();
  Client c(port(), "/ws", "graphql-ws");
  EXPECT_EQ(c.subprotocol(), "");
  EXPECT_EQ(c.Read(), std::nullopt);
  EXPECT_EQ(c.close_code(), 4406);
  EXPECT_EQ(c.close_reason(), "Subprotocol not acceptable");
}

TEST_F(WebSocketServerTest, EndpointChoosesTheCloseCode) {
  Start();
  Client c(port(), "/ws", "a");
  c.Write("first");
  c.Write("close 4409");
  EXPECT_EQ(c.Read(), "first");
  EXPECT_EQ(c.Read(), std::nullopt);
  EXPECT_EQ(c.close_code(), 4409);
  EXPECT_EQ(c.close_reason(), "as asked");
}

TEST_F(WebSocketServerTest, MessageOverTheLimitClosesWith1009) {
  WebSocketOptions ws;
  ws.max_message_bytes = 1024;
  Start({}, ws);
  Client c(port(), "/ws", "a");
  c.Write(std::string(1024, 'x'));
  EXPECT_EQ(c.Read()->size(), 1024u);
  c.Write(std::string(1025, 'x'));
  EXPECT_EQ(c.Read(), std::nullopt);
  EXPECT_EQ(c.close_code(), 1009);
}

TEST_F(WebSocketServerTest, BinaryMessageClosesWith1003) {
  Start();
  Client c(port(), "/ws", "a");
  c.WriteBinary("\x01\x02");
  EXPECT_EQ(c.Read(), std::nullopt);
  EXPECT_EQ(c.close_code(), 1003);
}

TEST_F(WebSocketServerTest, SendsFromAnotherThreadArriveInOrder) {
  Start();
  Client c(port(), "/ws", "a");
  c.Write("burst 500 10");
  for (int i = 0; i < 500; ++i) {
    ASSERT_EQ(c.Read(), std::to_string(i) + std::string(10, '.'));
  }
}

TEST_F(WebSocketServerTest, ClientThatDoesNotReadIsClosedWith1008) {
  WebSocketOptions ws;
  ws.max_queued_messages = 4;
  Start({}, ws);
  Client c(port(), "/ws", "a");
  // 1000 messages queued at once by another thread: the writer cannot drain
  // 32 MB into the socket before the queue passes 4.
  c.Write("burst 1000 32768");
  size_t received = c.ReadUntilClosed();
  EXPECT_LT(received, 1000u);
  EXPECT_EQ(c.close_code(), 1008);
}

TEST_F(WebSocketServerTest, PlainGetAndUpgradeShareAPath) {
  Start();
  auto reply = testing::Fetch(port(), "GET", "/ws");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"plain":true})");
  Client c(port(), "/ws", "a");
  c.Write("ping");
  EXPECT_EQ(c.Read(), "ping");
  // A path with only a WebSocket endpoint asks for the upgrade.
  auto ws_only = testing::Fetch(port(), "GET", "/rooms/lilas");
  EXPECT_EQ(ws_only.status, 426);
  EXPECT_EQ(ws_only.Header("upgrade"), "websocket");
}

TEST_F(WebSocketServerTest, SessionsGaugeCountsOpenSessions) {
  metrics::Registry registry;
  HttpServerOptions options;
  options.name = "ws";
  options.metrics = &registry;
  Start(options);
  const std::string sessions = "http_server_websocket_sessions{server=\"ws\"}";
  EXPECT_EQ(metrics::testing::SampleValue(registry.Exposition(), sessions), 0);
  {
    Client a(port(), "/ws", "a");
    Client b(port(), "/rooms/lilas", "a");
    a.Write("hi");
    ASSERT_EQ(a.Read(), "hi");  // both sessions run: each counted before its handshake
    b.Write("hi");
    ASSERT_EQ(b.Read(), "hi");
    EXPECT_EQ(metrics::testing::SampleValue(registry.Exposition(), sessions), 2);
    a.Write("close 1000");
    EXPECT_EQ(a.Read(), std::nullopt);
    EXPECT_TRUE(metrics::testing::WaitForSample(registry, sessions, 1));
  }
  EXPECT_TRUE(metrics::testing::WaitForSample(registry, sessions, 0));  // b hung up
}

TEST_F(WebSocketServerTest, ShutdownClosesSessionsWith1001) {
  Start();
  Client c(port(), "/ws", "a");
  c.Write("hello");
  ASSERT_EQ(c.Read(), "hello");
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([this] { server_->Shutdown(10s); });
  EXPECT_EQ(c.Read(), std::nullopt);  // answers the close frame
  stopper.join();
  EXPECT_EQ(c.close_code(), 1001);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);  // not cut off at the deadline
}

TEST_F(WebSocketServerTest, SessionsCountTowardsMaxConnections) {
  HttpServerOptions options;
  options.max_connections = 1;
  Start(options);
  Client c(port(), "/ws", "a");
  c.Write("hello");
  ASSERT_EQ(c.Read(), "hello");
  EXPECT_THROW(Client(port(), "/ws", "a"), beast::system_error);
}

TEST_F(WebSocketServerTest, ClientThatNeverAnswersPingsIsDropped) {
  WebSocketOptions ws;
  ws.idle_timeout = 300ms;
  Start({}, ws);
  // A raw TCP client: it reads the server's pings but never answers them.
  testing::TestClient raw(port(), 5s);
  raw.SendRaw(
      "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Protocol: a\r\n\r\n");
  EXPECT_EQ(raw.ReadReply().status, 101);
  const auto start = std::chrono::steady_clock::now();
  char c;
  int bytes = 0;
  while (bytes < 10000 && raw.ReadByte(c)) ++bytes;
  EXPECT_LT(bytes, 10000);
  EXPECT_GT(bytes, 0);  // at least one ping
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

}  // namespace
}  // namespace parfumerie::net

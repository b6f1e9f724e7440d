#include "net/websocket.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string_view>

#include "net/websocket_internal.h"

namespace parfumerie::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// A close frame's payload is at most 125 bytes, two of which hold the code.
constexpr size_t kMaxCloseReason = 123;

// The first of `accepted` that the client offers (comma-separated tokens).
std::string ChooseSubprotocol(const std::vector<std::string>& accepted, std::string_view offered) {
  std::vector<std::string_view> tokens;
  while (!offered.empty()) {
    size_t comma = offered.find(',');
    std::string_view token = offered.substr(0, comma);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (!token.empty()) tokens.push_back(token);
    if (comma == std::string_view::npos) break;
    offered.remove_prefix(comma + 1);
  }
  for (const auto& candidate : accepted) {
    for (std::string_view token : tokens) {
      if (token == candidate) return candidate;
    }
  }
  return "";
}

}  // namespace

struct WebSocket::Impl {
  Impl(beast::tcp_stream stream, Request req, WebSocketOptions opts)
      : executor(stream.get_executor()),
        ws(std::in_place, std::move(stream)),
        wake(executor),
        request(std::move(req)),
        options(std::move(opts)) {}

  // Wakes the writer; any thread.
  void Wake(const std::shared_ptr<Impl>& self) {
    asio::post(executor, [self] { self->wake.cancel(); });
  }

  const asio::any_io_executor executor;  // the connection's strand
  // Strand only. Reset when the session ends, so that a handle kept
  // elsewhere holds no socket.
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  asio::steady_timer wake;  // strand only: the writer waits on it
  beast::flat_buffer read_buffer;  // the reader's
  const Request request;
  const WebSocketOptions options;
  std::string subprotocol;  // set before the handler runs

  std::mutex mu;
  std::deque<std::string> queue;                 // guarded by mu
  std::optional<websocket::close_reason> close;  // guarded by mu: requested close
  bool writer_done = false;                      // guarded by mu: nothing more is written
};

struct internal::WebSocketAccess {
  static WebSocket::Impl& Get(const WebSocket& ws) { return *ws.impl_; }
  static const std::shared_ptr<WebSocket::Impl>& Ptr(const WebSocket& ws) { return ws.impl_; }
};

asio::awaitable<WebSocketMessage> WebSocket::Read() {
  auto self = impl_;
  WebSocketMessage out;
  out.closed = true;
  out.close_code = 1006;
  while (self->ws) {
    self->read_buffer.clear();
    auto [ec, n] = co_await self->ws->async_read(self->read_buffer, kUseTuple);
    if (ec == websocket::error::closed) {
      const auto& reason = self->ws->reason();
      out.close_code = reason.code == websocket::close_code::none ? 1005 : static_cast<uint16_t>(reason.code);
      out.close_reason = std::string(reason.reason.data(), reason.reason.size());
      co_return out;
    }
    if (ec) co_return out;
    if (!self->ws->got_text()) {
      // Keep reading: the close handshake completes through Read().
      Close(kCloseUnsupportedData, "binary messages are not supported");
      continue;
    }
    out.closed = false;
    out.close_code = 0;
    out.text = beast::buffers_to_string(self->read_buffer.data());
    co_return out;
  }
  co_return out;
}

void WebSocket::Send(std::string text) {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->close || impl_->writer_done) return;
    if (impl_->queue.size() >= impl_->options.max_queued_messages) {
      // The client reads slower than we write: do not buffer without bound.
      impl_->queue.clear();
      impl_->close.emplace(websocket::close_code::policy_error, "client too slow: outgoing queue full");
    } else {
      impl_->queue.push_back(std::move(text));
    }
  }
  impl_->Wake(impl_);
}

void WebSocket::Close(uint16_t code, std::string reason) {
  if (reason.size() > kMaxCloseReason) reason.resize(kMaxCloseReason);
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->close || impl_->writer_done) return;
    impl_->close.emplace(static_cast<websocket::close_code>(code), reason);
  }
  impl_->Wake(impl_);
}

asio::any_io_executor WebSocket::executor() const { return impl_->executor; }
const Request& WebSocket::request() const { return impl_->request; }
const std::string& WebSocket::subprotocol() const { return impl_->subprotocol; }
const log::Context& WebSocket::log_context() const { return impl_->request.context; }

namespace internal {
namespace {

// Writes the queue in order, then the close frame; returns once the close
// frame is out or a write failed.
asio::awaitable<void> Writer(std::shared_ptr<WebSocket::Impl> self) {
  for (;;) {
    std::optional<std::string> message;
    std::optional<websocket::close_reason> close;
    {
      std::lock_guard lock(self->mu);
      if (!self->queue.empty()) {
        message = std::move(self->queue.front());
        self->queue.pop_front();
      } else if (self->close) {
        close = self->close;
        self->writer_done = true;
      }
    }
    if (message) {
      auto [ec, n] = co_await self->ws->async_write(asio::buffer(*message), kUseTuple);
      if (ec) break;
    } else if (close) {
      // Also reads until the peer's close frame unless a Read() is pending,
      // and closes the socket; bounded by the handshake timeout.
      co_await self->ws->async_close(*close, kUseTuple);
      co_return;
    } else {
      self->wake.expires_at(asio::steady_timer::time_point::max());
      co_await self->wake.async_wait(kUseTuple);
    }
  }
  {
    std::lock_guard lock(self->mu);
    self->writer_done = true;
    self->queue.clear();
  }
  // A broken connection: make a pending Read() return.
  beast::error_code ignored;
  beast::get_lowest_layer(*self->ws).socket().close(ignored);
}

asio::awaitable<void> HandlerThenClose(WebSocket ws, WebSocketHandler handler,
                                       std::shared_ptr<spdlog::logger> logger) {
  try {
    co_await handler(ws);
  } catch (const std::exception& e) {
    log::ScopedContext scope(ws.log_context());
    logger->error("websocket handler threw: {}", e.what());
    ws.Close(kCloseInternalError, "internal error");
  } catch (...) {
    log::ScopedContext scope(ws.log_context());
    logger->error("websocket handler threw");
    ws.Close(kCloseInternalError, "internal error");
  }
  ws.Close(kCloseNormal, "");
}

}  // namespace

bool IsWebSocketUpgrade(const UpgradeRequest& req) { return websocket::is_upgrade(req); }

WebSocket MakeWebSocket(beast::tcp_stream stream, Request request, WebSocketOptions options) {
  return WebSocket(std::make_shared<WebSocket::Impl>(std::move(stream), std::move(request), std::move(options)));
}

asio::awaitable<void> RunWebSocket(WebSocket ws, UpgradeRequest upgrade, WebSocketHandler handler,
                                   std::string peer, std::shared_ptr<spdlog::logger> logger) {
  using namespace asio::experimental::awaitable_operators;
  auto self = WebSocketAccess::Ptr(ws);
  const auto start = std::chrono::steady_clock::now();
  auto offered = upgrade.find(beast::http::field::sec_websocket_protocol);
  if (offered != upgrade.end()) {
    self->subprotocol = ChooseSubprotocol(self->options.subprotocols,
                                          std::string_view(offered->value().data(), offered->value().size()));
  }
  auto& stream = *self->ws;
  beast::get_lowest_layer(stream).expires_never();  // the websocket timeouts take over
  websocket::stream_base::timeout timeouts;
  timeouts.handshake_timeout = self->options.handshake_timeout;
  timeouts.idle_timeout = self->options.idle_timeout;
  timeouts.keep_alive_pings = true;
  stream.set_option(timeouts);
  stream.set_option(websocket::stream_base::decorator([sub = self->subprotocol](websocket::response_type& res) {
    if (!sub.empty()) res.set(beast::http::field::sec_websocket_protocol, sub);
  }));
  stream.read_message_max(self->options.max_message_bytes);
  stream.text(true);

  auto [ec] = co_await stream.async_accept(upgrade, kUseTuple);
  {
    log::ScopedContext scope(ws.log_context());
    logger->info("{} GET {} {}{}{}", peer, self->request.target, ec ? 400 : 101,
                 self->subprotocol.empty() ? "" : " " + self->subprotocol,
                 ec ? " (handshake failed: " + ec.message() + ")" : "");
  }
  if (!ec) {
    co_await (HandlerThenClose(ws, std::move(handler), logger) && Writer(self));
    log::ScopedContext scope(ws.log_context());
    const auto& reason = self->ws->reason();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    logger->info("{} websocket {} closed ({} {}) after {:.1f}s", peer, self->request.target,
                 static_cast<int>(reason.code), std::string_view(reason.reason.data(), reason.reason.size()),
                 seconds);
  }
  {
    std::lock_guard lock(self->mu);
    self->writer_done = true;
    self->queue.clear();
  }
  self->ws.reset();
}

void GoingAway(const WebSocket& ws) {
  WebSocket copy = ws;
  copy.Close(kCloseGoingAway, "server shutting down");
}

void Abort(const WebSocket& ws) {
  auto self = WebSocketAccess::Ptr(ws);
  asio::post(self->executor, [self] {
    if (!self->ws) return;
    beast::error_code ignored;
    beast::get_lowest_layer(*self->ws).socket().close(ignored);
  });
}

}  // namespace internal
}  // namespace parfumerie::net

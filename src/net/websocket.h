// WebSocket endpoints of the HTTP server (RFC 6455), registered with
// Router::AddWebSocket(). A `GET` with `Upgrade: websocket` to such a path is
// upgraded; the endpoint's handler then owns the connection until it returns.
//
// Subprotocols: the server picks the first of WebSocketOptions::subprotocols
// that the client offers in `Sec-WebSocket-Protocol`. When the client offers
// none of them the handshake still completes, without a subprotocol, so that
// the handler can close with its own code (graphql-ws closes with 4406).
//
// Limits: a message larger than max_message_bytes closes the connection with
// 1009; a binary message with 1003; a client that lets more than
// max_queued_messages outgoing messages pile up with 1008. Beast pings an idle
// connection at half of idle_timeout and drops it when nothing at all arrived
// for idle_timeout. HttpServer::Shutdown() closes every session with 1001 and
// waits for it within its drain deadline. A session counts as a connection
// towards HttpServerOptions::max_connections.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/log.h"
#include "net/http_message.h"

namespace parfumerie::net {

namespace internal {
struct WebSocketAccess;
}  // namespace internal

struct WebSocketOptions {
  // Subprotocols the endpoint speaks, in order of preference.
  std::vector<std::string> subprotocols;
  size_t max_message_bytes = 64 * 1024;
  // Outgoing messages waiting to be written before the client is deemed too
  // slow and closed with 1008.
  size_t max_queued_messages = 1024;
  // Nothing received for this long (pings unanswered included): dropped.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // For the 101 response, and for the peer's answer to a close frame.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(15)};
};

// What WebSocket::Read() returns: one whole text message, or the end.
struct WebSocketMessage {
  bool closed = false;  // no more messages: the connection is closing or gone
  std::string text;     // !closed: the message
  // closed: the peer's close code (1005 when its close frame had none, 1006
  // when the connection broke without a close frame) and reason.
  uint16_t close_code = 0;
  std::string close_reason;
};

// Close codes of RFC 6455 section 7.4.1 that endpoints use.
inline constexpr uint16_t kCloseNormal = 1000;
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kCloseUnsupportedData = 1003;
inline constexpr uint16_t kClosePolicyViolation = 1008;
inline constexpr uint16_t kCloseTooBig = 1009;
inline constexpr uint16_t kCloseInternalError = 1011;

// One accepted WebSocket connection. A cheap handle: copies share the
// connection. Send() and Close() may be called from any thread; Read() only
// from the handler's coroutine (one Read at a time). Every handle must be
// released before the HttpServer is destroyed.
class WebSocket {
 public:
  struct Impl;
  explicit WebSocket(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

  // The next text message, or `closed` once the connection is over (after a
  // close from either side, a protocol error, a limit or a timeout).
  boost::asio::awaitable<WebSocketMessage> Read();

  // Queues `text` as one text message; messages go out in the order of the
  // Send() calls. Dropped silently once Close() was called or the connection
  // is gone. Closes the connection with 1008 when the queue is full.
  void Send(std::string text);

  // Sends what is queued, then a close frame with `code` and `reason`
  // (truncated to the 123 bytes a close frame holds). Later calls, and later
  // Send() calls, do nothing. Read() returns `closed` once the peer answered.
  void Close(uint16_t code, std::string reason);

  // The connection's strand: everything of the session runs on it.
  boost::asio::any_io_executor executor() const;
  // The upgrade request (method, target, path, query, headers, path params).
  const Request& request() const;
  // The negotiated subprotocol; empty when none was agreed.
  const std::string& subprotocol() const;
  // The request's correlation ids, for log lines about this connection.
  const log::Context& log_context() const;

 private:
  friend struct internal::WebSocketAccess;
  std::shared_ptr<Impl> impl_;
};

// Serves one connection: runs on the connection's strand; the connection is
// closed (1000) when the handler returns without having closed it. Throwing
// closes it with 1011.
using WebSocketHandler = std::function<boost::asio::awaitable<void>(WebSocket)>;

}  // namespace parfumerie::net

// Private to src/net: how the HTTP server hands an upgraded connection to a
// WebSocket session. Includes Beast, so no header outside src/net includes it.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>
#include <string>

#include "net/websocket.h"
#include "spdlog/spdlog.h"

namespace parfumerie::net::internal {

using UpgradeRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Whether `req` is a WebSocket upgrade request (a GET with `Upgrade: websocket`).
bool IsWebSocketUpgrade(const UpgradeRequest& req);

// Takes over `stream`, whose request `request` asked for an upgrade to an
// endpoint with `options`; RunWebSocket() then serves it.
WebSocket MakeWebSocket(boost::beast::tcp_stream stream, Request request, WebSocketOptions options);

// Answers `upgrade` with 101 (or Beast's 400 when it is not a valid
// handshake), runs `handler` and closes. Runs on the connection's strand and
// returns once the connection is closed. `peer` and `logger` are for the
// access log.
boost::asio::awaitable<void> RunWebSocket(WebSocket ws, UpgradeRequest upgrade, WebSocketHandler handler,
                                          std::string peer, std::shared_ptr<spdlog::logger> logger);

// From the server's shutdown, any thread: close with 1001 after the queued
// messages; or, past the drain deadline, drop the TCP connection.
void GoingAway(const WebSocket& ws);
void Abort(const WebSocket& ws);

}  // namespace parfumerie::net::internal

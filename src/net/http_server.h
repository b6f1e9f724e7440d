// An HTTP/1.1 server: keep-alive, header and body size limits, read, write
// and idle timeouts, a Router, `/healthz` and `/readyz`, request ids and W3C
// trace context, one access-log line per request, and graceful shutdown.
//
// Every server answers:
//   GET /healthz  200 {"status":"ok"} while the process serves requests.
//   GET /readyz   200 {"status":"ready"} when the readiness check passes,
//                 503 problem+json otherwise and while shutting down.
// HEAD is answered by the GET route, without the body; `Expect:
// 100-continue` is honoured. Unknown paths are 404 and known paths with
// another method 405 (with `Allow`), both application/problem+json; so are 400 (unparsable
// request), 413 (body over max_body_bytes) and 431 (header over max_header_bytes), after which the
// connection is closed. A request not wholly received within read_timeout, or a keep-alive
// connection idle for idle_timeout, is closed without a response.
//
// Metrics (see docs/observability.md): http_server_requests_total and
// http_server_request_duration_seconds by server, method and route — the
// matched route *pattern*, or "unmatched" — and http_server_websocket_sessions.
//
// Threading: handlers run as coroutines on the I/O threads, each connection on
// its own strand. Start() and Shutdown() are called by the owner, from one
// thread, never from an I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "net/router.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace parfumerie::metrics {
class Registry;
}  // namespace parfumerie::metrics

namespace parfumerie::net {

struct HttpServerOptions {
  std::string name = "http";        // logger name; also tells servers apart in logs
  std::string address = "0.0.0.0";  // IPv4 or IPv6 literal to bind
  uint16_t port = 0;                // 0 picks a free port: see HttpServer::port()
  int io_threads = 1;               // when the server owns its io_context
  size_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  // Connections open at once; more are closed as soon as accepted, so a
  // flood of idle clients cannot exhaust file descriptors.
  size_t max_connections = 1024;
  // From a request's first byte until it is wholly received.
  std::chrono::milliseconds read_timeout{std::chrono::seconds(15)};
  std::chrono::milliseconds write_timeout{std::chrono::seconds(15)};
  // How long a keep-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  // Where the request metrics go (null: metrics::Registry::Default()); must
  // outlive the server. Series are labelled with `name` as `server`.
  metrics::Registry* metrics = nullptr;
};

// OK when the host can serve traffic; otherwise a status whose message says
// what is missing. Called on an I/O thread for each /readyz: must not block.
using ReadinessCheck = std::function<absl::Status()>;

class HttpServer {
 public:
  // The server owns an io_context run by options.io_threads threads.
  HttpServer(HttpServerOptions options, Router router);
  // The server runs on `io`, which the caller runs (and keeps running until
  // Shutdown() returns) and which must outlive the server.
  HttpServer(HttpServerOptions options, Router router, boost::asio::io_context& io);
  // Shuts down with a zero drain deadline if still running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Replaces the readiness check (default: always ready). Call before Start().
  void SetReadinessCheck(ReadinessCheck check);

  // Binds, listens and starts accepting. UNAVAILABLE when the address cannot
  // be bound (port in use), FAILED_PRECONDITION when called twice.
  absl::Status Start();

  // The bound port (the real one when options.port was 0); 0 before Start().
  uint16_t port() const;

  // Graceful shutdown: stops accepting, closes idle keep-alive connections,
  // lets in-flight requests finish and closes their connections afterwards;
  // whatever is still running after `drain` is cut off. Blocks until every
  // connection is closed (and, if owned, the I/O threads are joined).
  // Idempotent.
  void Shutdown(std::chrono::milliseconds drain = std::chrono::seconds(10));

 private:
  struct Core;
  struct OwnedIo;
  // Shared with the running coroutines. The destructor releases it before
  // owned_io_, whose sockets and strands it holds.
  std::shared_ptr<Core> core_;
  std::unique_ptr<OwnedIo> owned_io_;
};

}  // namespace parfumerie::net

// Serving a registry over HTTP: the `/metrics` route Prometheus scrapes.
//
//   metrics::AddMetricsRoute(router);                   // a target with an HTTP port
//   auto admin = metrics::StartAdminServer({.name = "admin", .port = 9464});  // gRPC-only
//
// The exposition is built on the I/O thread that serves the scrape: it reads
// atomics and runs the registry's callbacks, which must not block.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "metrics/registry.h"
#include "net/http_server.h"
#include "net/router.h"

namespace parfumerie::metrics {

inline constexpr char kMetricsPath[] = "/metrics";

// Adds `GET /metrics` (and so HEAD) answering registry.Exposition() with
// kExpositionContentType. `registry` must outlive the router's server.
void AddMetricsRoute(net::Router& router, Registry& registry = Registry::Default());

// Starts an HTTP server that answers only /metrics, /healthz and /readyz: the
// admin port of a target that serves no HTTP of its own. The server's own
// request metrics go to `registry` unless options.metrics says otherwise.
// Errors: those of HttpServer::Start (UNAVAILABLE when the port is taken).
absl::StatusOr<std::unique_ptr<net::HttpServer>> StartAdminServer(
    net::HttpServerOptions options, Registry& registry = Registry::Default());

}  // namespace parfumerie::metrics

#include "metrics/http_endpoint.h"

#include <boost/asio/awaitable.hpp>

namespace parfumerie::metrics {
namespace {

boost::asio::awaitable<net::Response> Scrape(Registry* registry, net::Request) {
  co_return net::Response::WithBody(200, kExpositionContentType, registry->Exposition());
}

}  // namespace

void AddMetricsRoute(net::Router& router, Registry& registry) {
  Registry* r = &registry;
  router.Add("GET", kMetricsPath, [r](net::Request req) { return Scrape(r, std::move(req)); });
}

absl::StatusOr<std::unique_ptr<net::HttpServer>> StartAdminServer(net::HttpServerOptions options,
                                                                   Registry& registry) {
  if (options.metrics == nullptr) options.metrics = &registry;
  net::Router router;
  AddMetricsRoute(router, registry);
  auto server = std::make_unique<net::HttpServer>(std::move(options), std::move(router));
  if (absl::Status started = server->Start(); !started.ok()) return started;
  return server;
}

}  // namespace parfumerie::metrics

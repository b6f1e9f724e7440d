// Cross-origin resource sharing (Fetch standard, "CORS protocol") for the
// GraphQL endpoint: which browser origins may call it, and the answer to a
// preflight. Immutable once built: thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "net/http_message.h"

namespace parfumerie::gateway::http {

struct CorsOptions {
  // Origins allowed to call from a browser, exactly as browsers send them
  // ("https://shop.example", "http://localhost:3000"); "*" allows every
  // origin. Empty (the default): no CORS header is ever sent, so browsers
  // allow same-origin calls only.
  std::vector<std::string> allowed_origins;
  // Request headers a cross-origin call may send (lowercase).
  std::vector<std::string> allowed_headers = {"authorization", "content-type"};
  // How long a browser may cache a preflight answer.
  std::chrono::seconds max_age{600};
};

class CorsPolicy {
 public:
  // `methods`: the methods the resource serves, e.g. {"GET", "POST"}.
  CorsPolicy(CorsOptions options, std::vector<std::string> methods);

  bool enabled() const { return !options_.allowed_origins.empty(); }

  // Adds Access-Control-Allow-Origin to `response` when the request's
  // Origin is allowed, and `Vary: Origin` whenever CORS is enabled (the
  // answer depends on Origin, so caches must key on it).
  void Apply(const net::Request& request, net::Response& response) const;

  // The answer to OPTIONS: 204 with `Allow`, plus, for an allowed origin's
  // preflight (Origin and Access-Control-Request-Method present), the
  // allowed methods, headers and max age. A disallowed origin gets no CORS
  // header, which makes the browser refuse the call.
  net::Response Options(const net::Request& request) const;

 private:
  bool OriginAllowed(std::string_view origin) const;

  CorsOptions options_;
  std::string methods_;  // "GET, POST"
  std::string headers_;  // "authorization, content-type"
};

// Appends `token` to the response's Vary header (creating it when absent).
void AddVary(net::Response& response, std::string_view token);

}  // namespace parfumerie::gateway::http

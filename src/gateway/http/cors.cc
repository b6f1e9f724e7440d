#include "gateway/http/cors.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_join.h"

namespace parfumerie::gateway::http {

CorsPolicy::CorsPolicy(CorsOptions options, std::vector<std::string> methods)
    : options_(std::move(options)),
      methods_(absl::StrJoin(methods, ", ")),
      headers_(absl::StrJoin(options_.allowed_headers, ", ")) {}

bool CorsPolicy::OriginAllowed(std::string_view origin) const {
  if (origin.empty()) return false;
  return std::any_of(options_.allowed_origins.begin(), options_.allowed_origins.end(),
                     [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void CorsPolicy::Apply(const net::Request& request, net::Response& response) const {
  if (!enabled()) return;
  AddVary(response, "Origin");
  auto origin = request.headers.Get("Origin");
  if (!origin || !OriginAllowed(*origin)) return;
  const bool any = std::find(options_.allowed_origins.begin(), options_.allowed_origins.end(),
                             "*") != options_.allowed_origins.end();
  // Credentials travel in the Authorization header, never in cookies, so "*"
  // is safe to send as such.
  response.headers.Set("Access-Control-Allow-Origin", any ? "*" : std::string(*origin));
}

net::Response CorsPolicy::Options(const net::Request& request) const {
  net::Response response;
  response.status = 204;
  response.headers.Set("Allow", methods_ + ", OPTIONS");
  Apply(request, response);
  auto origin = request.headers.Get("Origin");
  if (enabled() && origin && OriginAllowed(*origin) &&
      request.headers.Get("Access-Control-Request-Method")) {
    response.headers.Set("Access-Control-Allow-Methods", methods_);
    response.headers.Set("Access-Control-Allow-Headers", headers_);
    response.headers.Set("Access-Control-Max-Age", std::to_string(options_.max_age.count()));
  }
  return response;
}

void AddVary(net::Response& response, std::string_view token) {
  auto existing = response.headers.Get("Vary");
  if (!existing || existing->empty()) {
    response.headers.Set("Vary", std::string(token));
  } else if (existing->find(token) == std::string_view::npos) {
    response.headers.Set("Vary", std::string(*existing) + ", " + std::string(token));
  }
}

}  // namespace parfumerie::gateway::http

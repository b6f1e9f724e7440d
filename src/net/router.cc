#include "net/router.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace parfumerie::net {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.empty() || path.front() != '/') return parts;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return parts;
}

[[noreturn]] void BadPattern(std::string_view pattern, std::string_view why) {
  // A route table is fixed at start-up: a bad one must stop the process.
  std::fprintf(stderr, "router: bad route pattern '%.*s': %.*s\n", static_cast<int>(pattern.size()),
               pattern.data(), static_cast<int>(why.size()), why.data());
  std::abort();
}

}  // namespace

std::vector<Router::Segment> Router::ParsePattern(std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') BadPattern(pattern, "must start with '/'");
  std::vector<Segment> segments;
  for (std::string_view part : SplitPath(pattern)) {
    Segment seg;
    size_t open = part.find('{');
    if (open == std::string_view::npos) {
      if (part.find('}') != std::string_view::npos) BadPattern(pattern, "unbalanced '}'");
      seg.literal = std::string(part);
    } else {
      size_t close = part.find('}', open);
      if (close == std::string_view::npos || close == open + 1) BadPattern(pattern, "bad capture");
      seg.literal = std::string(part.substr(0, open));
      seg.capture = std::string(part.substr(open + 1, close - open - 1));
      seg.suffix = std::string(part.substr(close + 1));
      if (seg.suffix.find_first_of("{}") != std::string::npos) {
        BadPattern(pattern, "one capture per segment");
      }
    }
    segments.push_back(std::move(seg));
  }
  return segments;
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<Segment> segments = ParsePattern(pattern);
  for (const auto& r : routes_) {
    if (r.method == method && r.pattern == pattern) BadPattern(pattern, "registered twice");
  }
  routes_.push_back(
      Entry{std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

bool Router::MatchSegments(const std::vector<Segment>& pattern,
                           const std::vector<std::string_view>& path,
                           std::map<std::string, std::string, std::less<>>* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const Segment& seg = pattern[i];
    std::string_view part = path[i];
    if (seg.capture.empty()) {
      if (part != seg.literal) return false;
      continue;
    }
    if (part.size() <= seg.literal.size() + seg.suffix.size() || !part.starts_with(seg.literal) ||
        !part.ends_with(seg.suffix)) {
      return false;
    }
    part = part.substr(seg.literal.size(), part.size() - seg.literal.size() - seg.suffix.size());
    auto decoded = PercentDecode(part, /*plus_is_space=*/false);
    if (!decoded || decoded->empty()) return false;
    if (params != nullptr) (*params)[seg.capture] = std::move(*decoded);
  }
  return true;
}

Router::Match Router::Route(std::string_view method, std::string_view path) const {
  Match match;
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return match;
  for (const auto& route : routes_) {
    if (!MatchSegments(route.segments, parts, nullptr)) continue;
    if (route.method == method) {
      match.outcome = Outcome::kFound;
      match.handler = &route.handler;
      match.pattern = &route.pattern;
      MatchSegments(route.segments, parts, &match.params);
      match.allowed.clear();
      return match;
    }
    match.outcome = Outcome::kMethodNotAllowed;
    if (std::find(match.allowed.begin(), match.allowed.end(), route.method) ==
        match.allowed.end()) {
      match.allowed.push_back(route.method);
    }
  }
  std::sort(match.allowed.begin(), match.allowed.end());
  return match;
}

void Router::AddWebSocket(std::string pattern, WebSocketOptions options, WebSocketHandler handler) {
  std::vector<Segment> segments = ParsePattern(pattern);
  for (const auto& w : websockets_) {
    if (w.pattern == pattern) BadPattern(pattern, "registered twice");
  }
  websockets_.push_back(WebSocketEntry{
      std::move(pattern), std::move(segments),
      WebSocketEndpoint{std::move(options), std::move(handler)}});
}

Router::WebSocketMatch Router::RouteWebSocket(std::string_view path) const {
  WebSocketMatch match;
  std::vector<std::string_view> parts = SplitPath(path);
  if (parts.empty()) return match;
  for (const auto& w : websockets_) {
    if (MatchSegments(w.segments, parts, &match.params)) {
      match.endpoint = &w.endpoint;
      return match;
    }
    match.params.clear();
  }
  return match;
}

std::vector<RouteInfo> Router::Routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back(RouteInfo{r.method, r.pattern});
  return out;
}

}  // namespace parfumerie::net

// What the HTTP server parses itself, before any handler: the request target
// (path and query, %-decoding), route matching, and the W3C traceparent and
// request id headers. Invariants: a parsed target's path starts with '/', a
// match's captures are non-empty, and an accepted traceparent has the
// specification's shape.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/http_message.h"
#include "net/request_context.h"
#include "net/router.h"

namespace {

using namespace parfumerie::net;

void Check(bool ok) {
  if (!ok) std::abort();
}

// Never invoked: only matching is fuzzed. Not a coroutine, because clang 14
// cannot compile coroutines under -fsanitize=fuzzer,address.
boost::asio::awaitable<Response> Noop(Request) { return {}; }

const Router& TheRouter() {
  static const Router* router = [] {
    auto* r = new Router;
    r->Add("GET", "/parfums", Noop);
    r->Add("GET", "/parfums/{id}", Noop);
    r->Add("POST", "/parfums/{id}/stock", Noop);
    r->Add("GET", "/images/parfums/{id}.svg", Noop);
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);

  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  if (ParseTarget(input, path, query)) {
    Check(!path.empty() && path.front() == '/');
    Router::Match m = TheRouter().Route("GET", path);
    for (const auto& [name, value] : m.params) Check(!value.empty());
    if (m.outcome == Router::Outcome::kMethodNotAllowed) Check(!m.allowed.empty());
  }

  if (auto tp = parfumerie::trace::ParseTraceParent(input)) {
    Check(tp->valid());
    Check(parfumerie::trace::ParseTraceParent(parfumerie::trace::FormatTraceParent(*tp)) == tp);
  }
  Headers headers;
  headers.Add("traceparent", std::string(input));
  headers.Add("X-Request-Id", std::string(input));
  if (auto caller = CallerSpan(headers)) Check(caller->valid());
  Check(IsAcceptableRequestId(RequestIdOf(headers)));
  return 0;
}

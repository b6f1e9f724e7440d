#include "net/request_context.h"

#include <random>

#include "trace/tracer.h"

namespace parfumerie::net {
namespace {

bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string RandomHex(size_t bytes) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.clear();
    for (size_t i = 0; i < bytes; ++i) {
      auto b = static_cast<unsigned>(rng() & 0xff);
      out.push_back(kDigits[b >> 4]);
      out.push_back(kDigits[b & 0xf]);
    }
  } while (AllZero(out));
  return out;
}

std::string RequestIdOf(const Headers& headers) {
  auto rid = headers.Get("X-Request-Id");
  return (rid && IsAcceptableRequestId(*rid)) ? std::string(*rid) : RandomHex(16);
}

std::optional<trace::SpanContext> CallerSpan(const Headers& headers) {
  auto tp = headers.Get("traceparent");
  return tp ? trace::ParseTraceParent(*tp) : std::nullopt;
}

}  // namespace parfumerie::net

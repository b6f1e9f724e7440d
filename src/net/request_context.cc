#include "net/request_context.h"

#include <random>

namespace parfumerie::net {
namespace {

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

}  // namespace

std::optional<TraceParent> ParseTraceParent(std::string_view v) {
  // version "-" trace-id "-" parent-id "-" flags: 2+1+32+1+16+1+2 = 55 chars.
  if (v.size() < 55) return std::nullopt;
  if (v[2] != '-' || v[35] != '-' || v[52] != '-') return std::nullopt;
  std::string_view version = v.substr(0, 2), trace = v.substr(3, 32), parent = v.substr(36, 16),
                   flags = v.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff") return std::nullopt;
  if (version == "00" && v.size() != 55) return std::nullopt;
  if (version != "00" && v.size() > 55 && v[55] != '-') return std::nullopt;
  if (!IsLowerHex(trace) || AllZero(trace)) return std::nullopt;
  if (!IsLowerHex(parent) || AllZero(parent)) return std::nullopt;
  if (!IsLowerHex(flags)) return std::nullopt;
  TraceParent tp;
  tp.trace_id = std::string(trace);
  tp.parent_id = std::string(parent);
  tp.flags = static_cast<uint8_t>(std::stoi(std::string(flags), nullptr, 16));
  return tp;
}

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

log::Context MakeRequestContext(const Headers& headers) {
  log::Context ctx;
  auto tp = headers.Get("traceparent");
  std::optional<TraceParent> parsed = tp ? ParseTraceParent(*tp) : std::nullopt;
  ctx.trace_id = parsed ? parsed->trace_id : RandomHex(16);
  ctx.span_id = RandomHex(8);
  auto rid = headers.Get("X-Request-Id");
  ctx.request_id = (rid && IsAcceptableRequestId(*rid)) ? std::string(*rid) : RandomHex(16);
  return ctx;
}

}  // namespace parfumerie::net

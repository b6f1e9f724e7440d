#include "trace/span.h"

#include <chrono>
#include <random>

namespace parfumerie::trace {
namespace {

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

std::string RandomHex(size_t bytes) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes * 2, '0');
  do {
    for (size_t i = 0; i < out.size(); i += 16) {
      uint64_t r = rng();
      for (size_t j = i; j < out.size() && j < i + 16; ++j, r >>= 4) out[j] = kDigits[r & 0xf];
    }
  } while (AllZero(out));
  return out;
}

}  // namespace

std::optional<SpanContext> ParseTraceParent(std::string_view v) {
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
  SpanContext ctx;
  ctx.trace_id = std::string(trace);
  ctx.span_id = std::string(parent);
  ctx.sampled = (HexValue(flags[1]) & 1) != 0;
  return ctx;
}

std::string FormatTraceParent(const SpanContext& context) {
  std::string out;
  out.reserve(55);
  out += "00-";
  out += context.trace_id;
  out += '-';
  out += context.span_id;
  out += context.sampled ? "-01" : "-00";
  return out;
}

std::string NewTraceId() { return RandomHex(16); }
std::string NewSpanId() { return RandomHex(8); }

int64_t NowUnixNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace parfumerie::trace

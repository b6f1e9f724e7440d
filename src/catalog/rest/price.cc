#include "catalog/rest/price.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace parfumerie::catalog::rest {
namespace {

// 15 integer digits keep every intermediate value far from int64 overflow.
constexpr size_t kMaxIntegerDigits = 13;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<int64_t> ParseEuros(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || whole.size() > kMaxIntegerDigits) return std::nullopt;
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2)) return std::nullopt;
  int64_t cents = 0;
  for (char c : whole) {
    if (!IsDigit(c)) return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  for (size_t i = 0; i < 2; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (!IsDigit(c)) return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  return cents;
}

std::string FormatEuros(int64_t cents) {
  // Negate as unsigned so INT64_MIN does not overflow.
  uint64_t magnitude =
      cents < 0 ? uint64_t{0} - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", cents < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return buf;
}

std::optional<int64_t> CentsFromJsonDouble(double value) {
  if (!std::isfinite(value) || value < 0) return std::nullopt;
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);  // shortest round-trip form
  if (ec != std::errc()) return std::nullopt;
  std::string_view text(buf, static_cast<size_t>(end - buf));
  // Large or tiny values come back in scientific form ("1e+20", "1e-07"):
  // never a valid price with at most two decimals.
  if (text.find_first_of("eE") != std::string_view::npos) return std::nullopt;
  return ParseEuros(text);
}

}  // namespace parfumerie::catalog::rest

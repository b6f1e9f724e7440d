#include "metrics/text_format.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace parfumerie::metrics::internal {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidMetricName(std::string_view name) {
  if (name.empty() || IsDigit(name.front())) return false;
  for (char c : name) {
    if (!IsLower(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

bool IsValidLabelName(std::string_view name) {
  if (name.empty() || IsDigit(name.front()) || name.starts_with("__")) return false;
  for (char c : name) {
    if (!IsLower(c) && !IsUpper(c) && !IsDigit(c) && c != '_') return false;
  }
  return true;
}

std::string_view NonBaseUnit(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kUnits = {
      "nanoseconds", "microseconds", "milliseconds", "minutes",   "hours",     "days",
      "kilobytes",   "megabytes",    "gigabytes",    "kibibytes", "mebibytes", "bits"};
  for (std::string_view unit : kUnits) {
    size_t at = name.find(unit);
    while (at != std::string_view::npos) {
      bool starts = at == 0 || name[at - 1] == '_';
      bool ends = at + unit.size() == name.size() || name[at + unit.size()] == '_';
      if (starts && ends) return unit;
      at = name.find(unit, at + 1);
    }
  }
  return {};
}

void AppendNumber(std::string* out, double value) {
  if (std::isnan(value)) {
    out->append("NaN");
    return;
  }
  if (std::isinf(value)) {
    out->append(value > 0 ? "+Inf" : "-Inf");
    return;
  }
  std::array<char, 64> buf;  // the longest fixed form below 1e21 is ~45 chars
  std::to_chars_result r;
  // Below 2^53 an integral double is exact as an integer: counts read best so.
  if (value == std::trunc(value) && std::fabs(value) < 9007199254740992.0) {
    r = std::to_chars(buf.data(), buf.data() + buf.size(), static_cast<int64_t>(value));
  } else {
    // Shortest round-trip digits; plain notation unless the exponent is far
    // out (as printf's %g and Go's 'g' do), so 0.0005 reads as 0.0005.
    const double magnitude = std::fabs(value);
    const bool plain = magnitude >= 1e-4 && magnitude < 1e21;
    r = std::to_chars(buf.data(), buf.data() + buf.size(), value,
                      plain ? std::chars_format::fixed : std::chars_format::scientific);
  }
  out->append(buf.data(), r.ptr);
}

void AppendEscapedHelp(std::string* out, std::string_view help) {
  for (char c : help) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
}

void AppendEscapedLabelValue(std::string* out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '"') {
      out->append("\\\"");
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace parfumerie::metrics::internal

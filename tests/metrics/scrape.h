// Reading an exposition in tests: one sample's value, and waiting for a value
// that the server records only after the client has its response.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "metrics/registry.h"

namespace parfumerie::metrics::testing {

// The value of the sample whose name and labels are exactly `series`
// (`name{a="x",b="y"}` as exposed), or nullopt when absent.
inline std::optional<double> SampleValue(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > series.size() && line.starts_with(series) && line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return std::nullopt;
}

// Scrapes `registry` until `series` has `value`, for up to `deadline`.
// True when it did; the last value seen goes to `last`, if given.
inline bool WaitForSample(const Registry& registry, const std::string& series, double value,
                          std::chrono::milliseconds deadline = std::chrono::seconds(5),
                          std::optional<double>* last = nullptr) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    std::optional<double> seen = SampleValue(registry.Exposition(), series);
    if (last != nullptr) *last = seen;
    if (seen == value) return true;
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the next scrape
  }
}

}  // namespace parfumerie::metrics::testing

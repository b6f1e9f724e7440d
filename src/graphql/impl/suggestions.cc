#include "graphql/impl/suggestions.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace parfumerie::graphql::impl {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Optimal string alignment distance, abandoned once above `threshold`.
std::optional<size_t> Distance(std::string_view input, std::string_view option, size_t threshold) {
  if (input == option) return 0;
  std::string a = Lower(option);
  std::string b = Lower(input);
  if (a == b) return 1;
  if (a.size() < b.size()) std::swap(a, b);
  if (a.size() - b.size() > threshold) return std::nullopt;
  std::vector<size_t> rows[3];
  for (auto& r : rows) r.assign(b.size() + 1, 0);
  for (size_t j = 0; j <= b.size(); ++j) rows[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    auto& up = rows[(i - 1) % 3];
    auto& current = rows[i % 3];
    size_t smallest = current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      size_t cell = std::min({up[j] + 1, current[j - 1] + 1, up[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cell = std::min(cell, rows[(i - 2) % 3][j - 2] + 1);
      }
      smallest = std::min(smallest, cell);
      current[j] = cell;
    }
    if (smallest > threshold) return std::nullopt;
  }
  size_t d = rows[a.size() % 3][b.size()];
  if (d > threshold) return std::nullopt;
  return d;
}

}  // namespace

std::vector<std::string> SuggestionList(std::string_view input, const std::vector<std::string>& options) {
  size_t threshold = input.size() * 4 / 10 + 1;
  std::vector<std::pair<size_t, std::string>> found;
  for (const auto& option : options) {
    if (auto d = Distance(input, option, threshold)) found.emplace_back(*d, option);
  }
  std::stable_sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [d, name] : found) out.push_back(std::move(name));
  return out;
}

std::string DidYouMean(const std::vector<std::string>& suggestions, std::string_view what) {
  if (suggestions.empty()) return "";
  std::string message = " Did you mean ";
  if (!what.empty()) {
    message += what;
    message += " ";
  }
  size_t n = std::min<size_t>(suggestions.size(), 5);
  auto quoted = [&](size_t i) { return "\"" + suggestions[i] + "\""; };
  if (n == 1) return message + quoted(0) + "?";
  if (n == 2) return message + quoted(0) + " or " + quoted(1) + "?";
  for (size_t i = 0; i + 1 < n; ++i) message += quoted(i) + ", ";
  return message + "or " + quoted(n - 1) + "?";
}

}  // namespace parfumerie::graphql::impl

#include "gateway/http/media_type.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace parfumerie::gateway::http {
namespace {

struct MediaRange {
  std::string type;     // lowercase, e.g. "application"
  std::string subtype;  // lowercase, e.g. "json" or "*"
  double quality = 1.0;
  std::optional<std::string> charset;  // lowercase, unquoted
};

std::string Lower(absl::string_view s) { return absl::AsciiStrToLower(absl::StripAsciiWhitespace(s)); }

// One element of a comma-separated Accept list, or Content-Type. Malformed
// elements (no '/') give nullopt and are ignored.
std::optional<MediaRange> ParseRange(absl::string_view text) {
  // A null view (an empty header) splits into no part at all.
  std::vector<absl::string_view> parts = absl::StrSplit(text, ';');
  if (parts.empty()) return std::nullopt;
  std::string essence = Lower(parts[0]);
  size_t slash = essence.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == essence.size()) return std::nullopt;
  MediaRange range;
  range.type = essence.substr(0, slash);
  range.subtype = essence.substr(slash + 1);
  for (size_t i = 1; i < parts.size(); ++i) {
    absl::string_view param = parts[i];
    size_t eq = param.find('=');
    if (eq == absl::string_view::npos) continue;
    std::string name = Lower(param.substr(0, eq));
    absl::string_view value = absl::StripAsciiWhitespace(param.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (name == "q") {
      double q = 0;
      range.quality = absl::SimpleAtod(value, &q) && q >= 0 && q <= 1 ? q : 0;
    } else if (name == "charset") {
      range.charset = Lower(value);
    }
  }
  return range;
}

std::vector<MediaRange> ParseList(std::string_view header) {
  std::vector<MediaRange> out;
  for (absl::string_view element : absl::StrSplit(absl::string_view(header.data(), header.size()), ',')) {
    if (auto range = ParseRange(element)) out.push_back(std::move(*range));
  }
  return out;
}

bool IsUtf8(const std::optional<std::string>& charset) {
  return !charset || *charset == "utf-8" || *charset == "utf8";
}

// How well `ranges` admit type/subtype: {quality, specificity (2 exact,
// 1 type/*, 0 */*)}; specificity -1 when nothing matches. The most specific
// matching range decides, as RFC 9110 section 12.5.1 says.
std::pair<double, int> Match(const std::vector<MediaRange>& ranges, std::string_view type,
                             std::string_view subtype) {
  std::pair<double, int> best{0.0, -1};
  for (const auto& r : ranges) {
    int specificity = -1;
    if (r.type == type && r.subtype == subtype) {
      // A JSON response is always UTF-8: a range asking for another charset does not match.
      if (IsUtf8(r.charset)) specificity = 2;
    } else if (r.type == type && r.subtype == "*") {
      specificity = 1;
    } else if (r.type == "*" && r.subtype == "*") {
      specificity = 0;
    }
    if (specificity > best.second) best = {r.quality, specificity};
  }
  return best;
}

}  // namespace

std::string_view ContentTypeOf(ResponseMediaType type) {
  return type == ResponseMediaType::kGraphqlResponseJson
             ? "application/graphql-response+json; charset=utf-8"
             : "application/json; charset=utf-8";
}

std::optional<ResponseMediaType> NegotiateResponse(std::optional<std::string_view> accept) {
  if (!accept || absl::StripAsciiWhitespace(absl::string_view(accept->data(), accept->size())).empty()) {
    return ResponseMediaType::kJson;
  }
  auto ranges = ParseList(*accept);
  auto graphql = Match(ranges, "application", "graphql-response+json");
  auto json = Match(ranges, "application", "json");
  bool graphql_ok = graphql.second >= 0 && graphql.first > 0;
  bool json_ok = json.second >= 0 && json.first > 0;
  if (!graphql_ok && !json_ok) return std::nullopt;
  if (!graphql_ok) return ResponseMediaType::kJson;
  if (!json_ok) return ResponseMediaType::kGraphqlResponseJson;
  if (graphql.first != json.first) {
    return graphql.first > json.first ? ResponseMediaType::kGraphqlResponseJson
                                      : ResponseMediaType::kJson;
  }
  if (graphql.second != json.second) {
    return graphql.second > json.second ? ResponseMediaType::kGraphqlResponseJson
                                        : ResponseMediaType::kJson;
  }
  // Equal: both named (the newer type wins) or both wildcards (legacy clients).
  return graphql.second == 2 ? ResponseMediaType::kGraphqlResponseJson : ResponseMediaType::kJson;
}

bool AcceptsHtml(std::optional<std::string_view> accept) {
  if (!accept) return false;
  for (const auto& r : ParseList(*accept)) {
    if (r.type == "text" && r.subtype == "html" && r.quality > 0) return true;
  }
  return false;
}

RequestBodyType ClassifyContentType(std::optional<std::string_view> content_type) {
  if (!content_type) return RequestBodyType::kUnsupported;
  auto range = ParseRange(absl::string_view(content_type->data(), content_type->size()));
  if (!range || range->type != "application" || range->subtype != "json") {
    return RequestBodyType::kUnsupported;
  }
  return IsUtf8(range->charset) ? RequestBodyType::kJson : RequestBodyType::kUnsupportedCharset;
}

}  // namespace parfumerie::gateway::http

#include "gateway/core/connection.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace parfumerie::gateway {
namespace {

// "n:<token>" continues at a page token; "s:<skip>:<token>" skips into a page.
std::string EncodeCursor(const std::string& token, int skip) {
  std::string raw = skip == 0 ? absl::StrCat("n:", token) : absl::StrCat("s:", skip, ":", token);
  std::string out;
  absl::WebSafeBase64Escape(raw, &out);
  return out;
}

}  // namespace

absl::StatusOr<PageQuery> ReadPageArguments(const boost::json::object& arguments) {
  PageQuery q;
  if (const auto* first = arguments.if_contains("first"); first != nullptr && !first->is_null()) {
    const int64_t n = first->to_number<int64_t>();
    if (n < 0 || n > kMaxFirst) {
      return absl::InvalidArgumentError(absl::StrCat("first: must be between 0 and ", kMaxFirst));
    }
    q.first = static_cast<int>(n);
  }
  if (const auto* after = arguments.if_contains("after"); after != nullptr && after->is_string()) {
    q.after_given = true;
    std::string raw;
    const auto bad = absl::InvalidArgumentError("after: not a cursor given by this list");
    if (!absl::WebSafeBase64Unescape(std::string(after->get_string()), &raw)) return bad;
    std::string_view rest(raw);
    if (rest.starts_with("n:")) {
      q.page_token = std::string(rest.substr(2));
    } else if (rest.starts_with("s:")) {
      rest.remove_prefix(2);
      const size_t colon = rest.find(':');
      int skip = 0;
      if (colon == std::string_view::npos || !absl::SimpleAtoi(absl::string_view(rest.data(), colon), &skip) || skip <= 0 ||
          skip > kMaxFirst) {
        return bad;
      }
      q.skip = skip;
      q.page_token = std::string(rest.substr(colon + 1));
    } else {
      return bad;
    }
  }
  q.page_size = std::min(kMaxFirst, q.skip + std::max(q.first, 1));
  return q;
}

boost::json::object MakeConnection(const PageQuery& query, boost::json::array nodes,
                                   const std::string& next_page_token, int64_t total) {
  const int fetched = static_cast<int>(nodes.size());
  const int begin = std::min(query.skip, fetched);
  const int end = std::min(fetched, begin + query.first);
  boost::json::array edges;
  edges.reserve(end - begin);
  for (int i = begin; i < end; ++i) {
    const bool last_of_page = i + 1 == fetched && !next_page_token.empty();
    edges.emplace_back(boost::json::object{
        {"cursor", last_of_page ? EncodeCursor(next_page_token, 0) : EncodeCursor(query.page_token, i + 1)},
        {"node", std::move(nodes[i])}});
  }
  boost::json::value start_cursor = nullptr, end_cursor = nullptr;
  if (!edges.empty()) {
    start_cursor = edges.front().as_object().at("cursor");
    end_cursor = edges.back().as_object().at("cursor");
  }
  const bool has_next = end < fetched || !next_page_token.empty();
  return boost::json::object{
      {"edges", std::move(edges)},
      {"pageInfo", boost::json::object{{"hasNextPage", has_next},
                                       {"hasPreviousPage", query.after_given},
                                       {"startCursor", std::move(start_cursor)},
                                       {"endCursor", std::move(end_cursor)}}},
      {"totalCount", total},
  };
}

}  // namespace parfumerie::gateway

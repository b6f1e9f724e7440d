#include "delivery/list_cursor.h"

#include <charconv>
#include <cstdint>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"

namespace parfumerie::delivery {
namespace {

constexpr std::string_view kVersion = "l1";

std::string FilterName(std::optional<Statut> filter) {
  return filter ? std::string(StatutName(*filter)) : std::string("*");
}

absl::Status Malformed(std::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("page_token: ", std::string(why), "; pass the next_page_token of a previous response unchanged"));
}

}  // namespace

std::string EncodePageToken(std::optional<Statut> filter, const ListPosition& last) {
  const int64_t ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(last.cree_le.time_since_epoch()).count();
  return absl::WebSafeBase64Escape(absl::StrCat(std::string(kVersion), "|", FilterName(filter), "|", ms, "|", last.id));
}

absl::StatusOr<ListPosition> DecodePageToken(std::optional<Statut> filter, std::string_view token) {
  if (token.size() > kMaxPageTokenLength) return Malformed("too long");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(std::string(token), &raw)) return Malformed("not base64url");
  std::vector<std::string> parts = absl::StrSplit(raw, '|');
  if (parts.size() != 4 || parts[0] != kVersion) return Malformed("unknown format");
  if (parts[1] != FilterName(filter)) return Malformed("issued for another statut filter");
  int64_t ms = 0;
  const std::string& n = parts[2];
  auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), ms);
  if (ec != std::errc() || end != n.data() + n.size()) return Malformed("bad position");
  if (!IsWellFormedId(parts[3])) return Malformed("bad position");
  return ListPosition{Timestamp(std::chrono::milliseconds(ms)), parts[3]};
}

}  // namespace parfumerie::delivery

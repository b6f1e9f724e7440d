#include "payment/list_cursor.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"

namespace parfumerie::payment {
namespace {

constexpr char kTag[] = "p1";

std::string FilterName(const PaymentQuery& query) {
  return query.status ? std::string(PaymentStatusName(*query.status)) : std::string("*");
}

absl::Status Malformed() {
  return absl::InvalidArgumentError("cursor: malformed page token; start again without one");
}

}  // namespace

std::string EncodeCursor(const PaymentQuery& query, const ListPosition& last) {
  return absl::WebSafeBase64Escape(absl::StrCat(kTag, "|", FilterName(query), "|", last.created_ms, "|", last.id));
}

absl::StatusOr<ListPosition> DecodeCursor(const PaymentQuery& query) {
  if (query.cursor.size() > kMaxCursorLength) return Malformed();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(query.cursor, &raw)) return Malformed();
  std::vector<std::string> parts = absl::StrSplit(raw, '|');
  if (parts.size() != 4 || parts[0] != kTag) return Malformed();
  if (parts[1] != FilterName(query)) {
    return absl::InvalidArgumentError("cursor: the page token belongs to a listing with another statut filter");
  }
  ListPosition pos;
  if (!absl::SimpleAtoi(parts[2], &pos.created_ms) || !IsWellFormedId(parts[3])) return Malformed();
  pos.id = parts[3];
  return pos;
}

}  // namespace parfumerie::payment

#include "catalog/orders/order_cursor.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace parfumerie::catalog {
namespace {

constexpr size_t kMaxOrderCursorLength = 512;

std::string Filters(const OrderQuery& q) {
  return absl::StrCat(q.client_id, "|", q.statut ? std::string(OrderStatusName(*q.statut)) : std::string());
}

}  // namespace

std::string EncodeOrderCursor(const OrderQuery& query, const OrderCursor& last) {
  // Ids and statut names hold no '|', so the fields split back unambiguously.
  return absl::WebSafeBase64Escape(absl::StrCat("o1|", Filters(query), "|", last.placed_at_ms, "|", last.id));
}

absl::StatusOr<OrderCursor> DecodeOrderCursor(const OrderQuery& query) {
  const auto malformed = absl::InvalidArgumentError("cursor: malformed; pass next_page_token unchanged");
  if (query.cursor.size() > kMaxOrderCursorLength) return malformed;
  std::string raw;
  if (!absl::WebSafeBase64Unescape(query.cursor, &raw)) return malformed;
  std::vector<std::string> parts = absl::StrSplit(raw, '|');
  if (parts.size() != 5 || parts[0] != "o1") return malformed;
  if (absl::StrCat(parts[1], "|", parts[2]) != Filters(query)) {
    return absl::InvalidArgumentError("cursor: belongs to a query with other filters");
  }
  OrderCursor c;
  if (!absl::SimpleAtoi(parts[3], &c.placed_at_ms) || parts[4].empty()) return malformed;
  c.id = parts[4];
  return c;
}

}  // namespace parfumerie::catalog

// Opaque pagination cursors of order lists (newest first): base64url of a
// format version, the filters, and the (date_commande, id) of the last order
// of the page. The next page starts strictly after that pair, so pages never
// skip or repeat an order. A cursor is refused by a query with other filters.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"

namespace parfumerie::catalog {

struct OrderCursor {
  int64_t placed_at_ms = 0;
  std::string id;
  friend bool operator==(const OrderCursor&, const OrderCursor&) = default;
};

std::string EncodeOrderCursor(const OrderQuery& query, const OrderCursor& last);
// INVALID_ARGUMENT "cursor: ..." when malformed or from another query.
absl::StatusOr<OrderCursor> DecodeOrderCursor(const OrderQuery& query);

}  // namespace parfumerie::catalog

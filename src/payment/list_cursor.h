// Opaque cursors of the payment listing, shared by every store adapter.
//
// A cursor is base64url of a format tag, the status filter and the position
// (created_at in Unix milliseconds, id) of the last payment of the page; the
// next page starts strictly after it in (created_at, id) descending order, so
// pages neither skip nor repeat. A cursor from a query with another status
// filter is refused: its position means nothing there.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "payment/payment.h"

namespace parfumerie::payment {

struct ListPosition {
  int64_t created_ms = 0;
  std::string id;
  friend bool operator==(const ListPosition&, const ListPosition&) = default;
};

inline constexpr size_t kMaxCursorLength = 512;

std::string EncodeCursor(const PaymentQuery& query, const ListPosition& last);

// Decodes `query.cursor` (non-empty): INVALID_ARGUMENT "cursor: ..." when it
// is malformed or belongs to another filter.
absl::StatusOr<ListPosition> DecodeCursor(const PaymentQuery& query);

}  // namespace parfumerie::payment

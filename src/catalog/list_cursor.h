// Opaque pagination cursors for ListQuery.
//
// A cursor is base64url (no padding) of: a format version, a fingerprint of
// the query's filters and sort, the sort value and id of the last item of the
// page. The next page starts strictly after (sort value, id), so it neither
// skips nor repeats items even when many share a sort value. A cursor from one
// query is refused by another (different filters or sort), because its
// position means nothing there. The page size is not part of the fingerprint:
// a client may change `limit` between pages.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/parfum.h"
#include "catalog/store_support.h"

namespace parfumerie::catalog {

struct CursorPosition {
  SortValue sort_value;
  std::string id;
  friend bool operator==(const CursorPosition&, const CursorPosition&) = default;
};

inline constexpr size_t kMaxCursorLength = 1024;

// Stable 64-bit fingerprint of everything in `query` but cursor and limit.
// Equivalent searches ("Boisé" and " boise ") have the same fingerprint.
uint64_t QueryFingerprint(const ListQuery& query);

// The cursor that continues `query` after `last`.
std::string EncodeCursor(const ListQuery& query, const CursorPosition& last);

// Decodes `query.cursor` (non-empty). INVALID_ARGUMENT "cursor: ..." when it is
// malformed or belongs to another query.
absl::StatusOr<CursorPosition> DecodeCursor(const ListQuery& query);

}  // namespace parfumerie::catalog

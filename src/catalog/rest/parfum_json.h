// The catalogue's JSON representation at the REST edge: perfumes, pages and
// request bodies, with French field names as in the seed (nom, prix, ...).
//
// Reading is strict, so that a client learns about its mistake instead of
// having it ignored: malformed JSON names the line and column, an unknown or
// read-only field is named (no mass assignment of id, version or stock), a
// value of the wrong type names the field and the expected type. Validation
// of values (lengths, ranges) stays in the service.
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/parfum.h"
#include "net/json_writer.h"

namespace parfumerie::catalog::rest {

// RFC 3339 in UTC with milliseconds: "2026-11-29T07:07:10.123Z".
std::string FormatTimestamp(Timestamp t);

void WriteParfum(net::JsonWriter& w, const Parfum& p);
std::string ParfumJson(const Parfum& p);
// {"items": [...], "nextCursor": "..." or null, "total": n}
std::string PageJson(const ParfumPage& page);

// The body of POST /parfums. Required: nom, marque, famille, genre,
// contenanceMl, and prix (euros) or prixCentimes. Optional: description,
// notes, image, stock.
absl::StatusOr<ParfumDraft> ParseDraft(std::string_view body);

// The body of PATCH /parfums/{id}: any of nom, description, marque, famille,
// notes, contenanceMl, genre, prix or prixCentimes, image.
absl::StatusOr<ParfumPatch> ParsePatch(std::string_view body);

// The body of POST /parfums/{id}/stock.
struct StockChange {
  int32_t delta = 0;
  std::optional<int64_t> version;
};
absl::StatusOr<StockChange> ParseStockChange(std::string_view body);

}  // namespace parfumerie::catalog::rest

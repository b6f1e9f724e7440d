// Pagination cursors come from clients: decoding must never crash, and any
// cursor it accepts must describe a position that re-encodes to itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "catalog/list_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parfumerie::catalog;
  if (size == 0) return 0;
  ListQuery query;
  query.sort = static_cast<SortKey>(data[0] % 4);
  query.descending = (data[0] & 0x10) != 0;
  query.cursor.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  absl::StatusOr<CursorPosition> pos = DecodeCursor(query);
  if (!pos.ok()) {
    if (pos.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  ListQuery again = query;
  again.cursor = EncodeCursor(query, *pos);
  absl::StatusOr<CursorPosition> round_trip = DecodeCursor(again);
  if (!round_trip.ok() || !(*round_trip == *pos)) std::abort();
  return 0;
}

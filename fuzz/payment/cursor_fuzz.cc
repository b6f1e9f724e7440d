// Payment listing cursors come from operators' clients: decoding must never
// crash, and any cursor it accepts must re-encode to the same position.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "payment/list_cursor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parfumerie::payment;
  if (size == 0 || size > 4096) return 0;
  PaymentQuery query;
  if (data[0] % 4 != 3) query.status = static_cast<PaymentStatus>(data[0] % 4);
  query.cursor.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  absl::StatusOr<ListPosition> pos = DecodeCursor(query);
  if (!pos.ok()) {
    if (pos.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  PaymentQuery again = query;
  again.cursor = EncodeCursor(query, *pos);
  absl::StatusOr<ListPosition> round_trip = DecodeCursor(again);
  if (!round_trip.ok() || !(*round_trip == *pos)) std::abort();
  return 0;
}

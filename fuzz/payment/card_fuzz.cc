// Card details come from clients: validation must never crash, refuse only
// with INVALID_ARGUMENT, and whatever it accepts must be a Luhn-valid number
// of a known brand whose summary is its last four digits.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "payment/card.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parfumerie::payment;
  using namespace std::chrono;
  if (size < 3 || size > 256) return 0;
  CardDetails card;
  card.exp_month = data[0] % 14;
  card.exp_year = 2020 + data[1] % 30;
  const std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const size_t split = rest.find('|');
  card.number = rest.substr(0, split);
  if (split != std::string::npos) card.cvc = rest.substr(split + 1);
  absl::StatusOr<ValidatedCard> v = ValidateCard(card, year_month_day{year{2026}, month{11}, day{29}});
  if (!v.ok()) {
    if (v.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (!LuhnValid(v->number) || DetectBrand(v->number) != v->summary.brand) std::abort();
  if (v->summary.last4 != v->number.substr(v->number.size() - 4)) std::abort();
  return 0;
}

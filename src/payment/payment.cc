#include "payment/payment.h"

namespace parfumerie::payment {

std::string_view PaymentStatusName(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::kAccepted:
      return "ACCEPTE";
    case PaymentStatus::kRefused:
      return "REFUSE";
    case PaymentStatus::kRefunded:
      return "REMBOURSE";
  }
  return "INCONNU";
}

std::optional<PaymentStatus> ParsePaymentStatus(std::string_view name) {
  for (PaymentStatus s : {PaymentStatus::kAccepted, PaymentStatus::kRefused, PaymentStatus::kRefunded}) {
    if (PaymentStatusName(s) == name) return s;
  }
  return std::nullopt;
}

bool CanTransition(PaymentStatus from, PaymentStatus to) {
  return from == PaymentStatus::kAccepted && to == PaymentStatus::kRefunded;
}

int64_t ToUnixMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Timestamp FromUnixMillis(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }

}  // namespace parfumerie::payment

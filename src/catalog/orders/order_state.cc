#include "catalog/orders/order_state.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace parfumerie::catalog {

bool IsLegalTransition(OrderStatus from, OrderStatus to) {
  using S = OrderStatus;
  switch (from) {
    case S::kEnAttente:
      return to == S::kPayee || to == S::kAnnulee;
    case S::kPayee:
      return to == S::kExpediee || to == S::kAnnulee;
    case S::kExpediee:
      return to == S::kLivree;
    case S::kLivree:
    case S::kAnnulee:
      return false;
  }
  return false;
}

absl::Status CheckTransition(OrderStatus from, OrderStatus to) {
  if (IsLegalTransition(from, to)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("statut: an order ", std::string(OrderStatusName(from)),
                                                    " cannot become ", std::string(OrderStatusName(to))));
}

bool IsFinal(OrderStatus s) { return s == OrderStatus::kLivree || s == OrderStatus::kAnnulee; }

bool IsPaid(OrderStatus s) {
  return s == OrderStatus::kPayee || s == OrderStatus::kExpediee || s == OrderStatus::kLivree;
}

}  // namespace parfumerie::catalog

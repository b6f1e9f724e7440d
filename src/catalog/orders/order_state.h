// The order state machine:
//
//   EN_ATTENTE ──▶ PAYEE ──▶ EXPEDIEE ──▶ LIVREE
//        │           │
//        └──▶ ANNULEE ◀┘      (with a reason)
//
// Everything else is illegal, including staying in the same status. LIVREE
// and ANNULEE are final. Pure functions, thread-safe.
#pragma once

#include "absl/status/status.h"
#include "catalog/orders/commande.h"

namespace parfumerie::catalog {

bool IsLegalTransition(OrderStatus from, OrderStatus to);

// OK, or FAILED_PRECONDITION "statut: an order PAYEE cannot become EN_ATTENTE".
absl::Status CheckTransition(OrderStatus from, OrderStatus to);

bool IsFinal(OrderStatus s);

// The statuses that hold stock: every one but ANNULEE.
inline bool HoldsStock(OrderStatus s) { return s != OrderStatus::kAnnulee; }

// PAYEE, EXPEDIEE, LIVREE: an accepted payment backs the order.
bool IsPaid(OrderStatus s);

}  // namespace parfumerie::catalog

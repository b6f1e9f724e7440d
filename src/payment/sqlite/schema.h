// Private to the SQLite adapter: the payment database's migrations and row
// mapping.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payment/payment.h"
#include "sqlite/connection.h"

namespace parfumerie::payment::sqlite_internal {

absl::Status Migrate(sqlite::Connection& conn);

// Columns of `payments` in the order ReadPayment expects.
inline constexpr const char* kPaymentColumns =
    "id, commande_id, montant_cents, statut, token, marque, derniers_chiffres, charge_id, "
    "code_refus, message_refus, cree_le_ms, rembourse_le_ms";

absl::StatusOr<Payment> ReadPayment(const sqlite::Statement& row);

}  // namespace parfumerie::payment::sqlite_internal

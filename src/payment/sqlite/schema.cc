#include "payment/sqlite/schema.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "payment/sqlite/sqlite_payment_store.h"
#include "sqlite/migrate.h"
#include "sqlite/outbox.h"

namespace parfumerie::payment::sqlite_internal {
namespace {

// 1: payments, card tokens and cancellations. commande_id is UNIQUE: the
// database itself refuses a second payment for an order, whatever races the
// code above it loses. Card tokens keep brand, last four digits and expiry:
// there is no column a card number could go into.
constexpr const char* kPaymentsSql = R"sql(
  CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    commande_id TEXT NOT NULL UNIQUE,
    montant_cents INTEGER NOT NULL,
    statut TEXT NOT NULL CHECK (statut IN ('ACCEPTE', 'REFUSE', 'REMBOURSE')),
    token TEXT NOT NULL,
    marque TEXT NOT NULL,
    derniers_chiffres TEXT NOT NULL,
    charge_id TEXT NOT NULL,
    code_refus TEXT NOT NULL,
    message_refus TEXT NOT NULL,
    cree_le_ms INTEGER NOT NULL,
    rembourse_le_ms INTEGER
  ) STRICT;
  CREATE INDEX payments_by_created ON payments (cree_le_ms, id);
  CREATE INDEX payments_by_statut ON payments (statut, cree_le_ms, id);
  CREATE TABLE card_tokens (
    token TEXT PRIMARY KEY,
    marque TEXT NOT NULL,
    derniers_chiffres TEXT NOT NULL CHECK (length(derniers_chiffres) = 4),
    mois_expiration INTEGER NOT NULL,
    annee_expiration INTEGER NOT NULL,
    cree_le_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE annulations (
    commande_id TEXT PRIMARY KEY,
    raison TEXT NOT NULL,
    annulee_le_ms INTEGER NOT NULL
  ) STRICT;
)sql";

}  // namespace

absl::Status Migrate(sqlite::Connection& conn) {
  // Built at call time: the outbox fragments are defined in another
  // translation unit. Migration N takes the schema from N-1 to N; never edit
  // a released one.
  const char* const migrations[] = {kPaymentsSql, sqlite::kOutboxTableSql, sqlite::kInboxTableSql};
  static_assert(std::size(migrations) == kSqlitePaymentSchemaVersion);
  return sqlite::Migrate(conn, "the payment database", migrations);
}

absl::StatusOr<Payment> ReadPayment(const sqlite::Statement& row) {
  Payment p;
  p.id = row.Text(0);
  p.order_id = row.Text(1);
  p.amount_cents = row.Int(2);
  std::optional<PaymentStatus> status = ParsePaymentStatus(row.Text(3));
  if (!status) return absl::InternalError(absl::StrCat("payments: unknown statut in row ", p.id));
  p.status = *status;
  p.token = row.Text(4);
  p.card_brand = row.Text(5);
  p.card_last4 = row.Text(6);
  p.charge_id = row.Text(7);
  p.decline_code = row.Text(8);
  p.decline_message = row.Text(9);
  p.created_at = FromUnixMillis(row.Int(10));
  if (!row.IsNull(11)) p.refunded_at = FromUnixMillis(row.Int(11));
  return p;
}

}  // namespace parfumerie::payment::sqlite_internal

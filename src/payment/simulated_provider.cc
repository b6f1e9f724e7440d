// The simulated provider: a ledger in its own SQLite file, the test cards'
// behaviours, latency and fault injection. Every Charge/Refund runs in one
// IMMEDIATE transaction that first looks up the idempotency key, so two
// concurrent requests with one key (two consumers, a retry racing the
// original) record one charge and both see it.
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/log.h"
#include "payment/payment.h"
#include "payment/provider.h"
#include "sqlite/connection.h"
#include "sqlite/group_commit.h"
#include "sqlite/migrate.h"

namespace parfumerie::payment {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kMigrations[] = {
    R"sql(
      CREATE TABLE payment_methods (
        token TEXT PRIMARY KEY,
        brand TEXT NOT NULL,
        last4 TEXT NOT NULL,
        exp_month INTEGER NOT NULL,
        exp_year INTEGER NOT NULL,
        scenario TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE charges (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        token TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        succeeded INTEGER NOT NULL,
        decline_code TEXT NOT NULL,
        decline_message TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE refunds (
        id TEXT PRIMARY KEY,
        charge_id TEXT NOT NULL UNIQUE REFERENCES charges (id),
        idempotency_key TEXT NOT NULL UNIQUE,
        amount_cents INTEGER NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE transient_attempts (
        idempotency_key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL
      ) STRICT;
    )sql",
};

constexpr size_t kMaxKeyLength = 255;  // Stripe's limit

// What a test card does when charged. The scenario, not the number, is what
// the ledger keeps about a card.
struct Scenario {
  std::string_view number;
  std::string_view name;
  std::string_view decline_code;
  std::string_view decline_message;
};

constexpr std::string_view kSucceeds = "succeeds";
constexpr std::string_view kProcessingError = "processing_error";

constexpr Scenario kScenarios[] = {
    {kCardDeclined, kDeclineCardDeclined, kDeclineCardDeclined,
     "Votre carte a été refusée. Contactez votre banque ou utilisez une autre carte."},
    {kCardInsufficientFunds, kDeclineInsufficientFunds, kDeclineInsufficientFunds,
     "Fonds insuffisants : le paiement a été refusé."},
    {kCardStolen, kDeclineStolenCard, kDeclineStolenCard,
     "Paiement refusé : la carte a été déclarée perdue ou volée."},
    {kCardExpired, kDeclineExpiredCard, kDeclineExpiredCard, "Paiement refusé : la carte a expiré."},
    {kCardIncorrectCvc, kDeclineIncorrectCvc, kDeclineIncorrectCvc,
     "Paiement refusé : le code de sécurité (CVC) est incorrect."},
    {kCardProcessingError, kProcessingError, "", ""},
};

const Scenario* FindScenario(std::string_view name) {
  for (const Scenario& s : kScenarios) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string_view ScenarioOf(std::string_view number) {
  for (const Scenario& s : kScenarios) {
    if (s.number == number) return s.name;
  }
  return kSucceeds;
}

int64_t NowMs() { return ToUnixMillis(std::chrono::system_clock::now()); }

absl::Status CheckKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) {
    return absl::InvalidArgumentError("idempotency_key: 1 to 255 characters required");
  }
  return absl::OkStatus();
}

Charge ReadCharge(const Statement& s) {
  Charge c;
  c.id = s.Text(0);
  c.idempotency_key = s.Text(1);
  c.token = s.Text(2);
  c.amount_cents = s.Int(3);
  c.succeeded = s.Int(4) != 0;
  c.decline_code = s.Text(5);
  c.decline_message = s.Text(6);
  return c;
}

constexpr const char* kChargeColumns =
    "id, idempotency_key, token, amount_cents, succeeded, decline_code, decline_message";

class SqliteSimulatedProvider final : public SimulatedProvider {
 public:
  SqliteSimulatedProvider(std::unique_ptr<Connection> conn, SimulatedProviderOptions options)
      : conn_(std::move(conn)),
        charges_(*conn_, mu_),
        options_(options),
        rng_(options.seed != 0 ? options.seed : std::random_device{}()),
        log_(log::Get("payment-provider")) {}

  absl::StatusOr<std::string> CreatePaymentMethod(const ValidatedCard& card) override;
  absl::StatusOr<Charge> CreateCharge(const ChargeRequest& request) override;
  absl::StatusOr<Refund> CreateRefund(const RefundRequest& request) override;
  absl::StatusOr<std::vector<LedgerEntry>> Ledger() override;

 private:
  // The simulated round trip of every call.
  void Latency();
  // The latency, then the faults that happen before the provider records
  // anything (charges and refunds only).
  absl::Status Arrive(std::string_view what);
  bool Chance(double p);
  absl::StatusOr<Charge> ChargeLocked(const ChargeRequest& request);
  absl::StatusOr<Refund> RefundLocked(const RefundRequest& request);
  absl::StatusOr<std::optional<Charge>> FindCharge(const char* where, const std::string& value);

  std::recursive_mutex mu_;  // guards conn_ and rng_
  std::unique_ptr<Connection> conn_;
  // Concurrent charges share the ledger's commits, as a real provider's
  // would not make callers queue behind each other's disk writes.
  sqlite::GroupCommit charges_;
  const SimulatedProviderOptions options_;
  std::mt19937_64 rng_;
  std::shared_ptr<spdlog::logger> log_;
};

bool SqliteSimulatedProvider::Chance(double p) {
  if (p <= 0) return false;
  std::lock_guard lock(mu_);
  return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
}

void SqliteSimulatedProvider::Latency() {
  if (options_.max_latency.count() > 0) {
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(mu_);
      const int64_t lo = options_.min_latency.count();
      const int64_t hi = std::max(lo, static_cast<int64_t>(options_.max_latency.count()));
      wait = std::chrono::milliseconds(std::uniform_int_distribution<int64_t>(lo, hi)(rng_));
    }
    std::this_thread::sleep_for(wait);  // the simulated network, not a wait for a condition
  }
}

absl::Status SqliteSimulatedProvider::Arrive(std::string_view what) {
  Latency();
  if (Chance(options_.transient_failure_rate)) {
    return absl::UnavailableError(absl::StrCat("provider: ", std::string(what), " failed (simulated network error)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SqliteSimulatedProvider::CreatePaymentMethod(const ValidatedCard& card) {
  Latency();
  std::string token = NewRandomId("pm_");
  std::lock_guard lock(mu_);
  absl::StatusOr<Statement> stmt = conn_->Prepare(
      "INSERT INTO payment_methods (token, brand, last4, exp_month, exp_year, scenario, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, token);
  stmt->Bind(2, std::string(CardBrandName(card.summary.brand)));
  stmt->Bind(3, card.summary.last4);
  stmt->Bind(4, int64_t{card.summary.exp_month});
  stmt->Bind(5, int64_t{card.summary.exp_year});
  stmt->Bind(6, std::string(ScenarioOf(card.number)));
  stmt->Bind(7, NowMs());
  if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  return token;
}

absl::StatusOr<std::optional<Charge>> SqliteSimulatedProvider::FindCharge(const char* where,
                                                                          const std::string& value) {
  absl::StatusOr<Statement> stmt = conn_->Prepare(absl::StrCat("SELECT ", kChargeColumns, " FROM charges WHERE ", where));
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, value);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Charge>();
  return std::optional<Charge>(ReadCharge(*stmt));
}

absl::StatusOr<Charge> SqliteSimulatedProvider::CreateCharge(const ChargeRequest& request) {
  if (absl::Status s = CheckKey(request.idempotency_key); !s.ok()) return s;
  if (absl::Status s = Arrive("charge"); !s.ok()) return s;
  absl::StatusOr<Charge> charge = absl::InternalError("provider: charge not run");
  absl::Status s = charges_.Run([&] {
    charge = ChargeLocked(request);
    return charge.status();
  });
  if (!s.ok()) charge = s;
  if (charge.ok() && Chance(options_.lost_response_rate)) {
    return absl::UnavailableError("provider: charge response lost (simulated network error)");
  }
  return charge;
}

absl::StatusOr<Charge> SqliteSimulatedProvider::ChargeLocked(const ChargeRequest& request) {
  absl::StatusOr<Transaction> tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<std::optional<Charge>> existing = FindCharge("idempotency_key = ?1", request.idempotency_key);
  if (!existing.ok()) return existing.status();
  if (*existing) {
    if ((*existing)->token != request.token || (*existing)->amount_cents != request.amount_cents) {
      return absl::FailedPreconditionError(
          "idempotency_key: already used with other parameters (token or amount); use a new key");
    }
    return **existing;  // replay: the first result, whatever it was
  }
  if (request.amount_cents <= 0) return absl::InvalidArgumentError("amount: must be positive");

  std::string scenario;
  {
    absl::StatusOr<Statement> stmt = conn_->Prepare("SELECT scenario FROM payment_methods WHERE token = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, request.token);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::NotFoundError("token: no such payment method");
    scenario = stmt->Text(0);
  }

  if (scenario == kProcessingError) {
    // The failures are counted per key so that a retry eventually succeeds,
    // as a real provider's processing hiccup clears up.
    absl::StatusOr<Statement> stmt = conn_->Prepare(
        "INSERT INTO transient_attempts (idempotency_key, failures) VALUES (?1, 1) "
        "ON CONFLICT (idempotency_key) DO UPDATE SET failures = failures + 1 RETURNING failures");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, request.idempotency_key);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    const int64_t failures = stmt->Int(0);
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
    if (failures <= options_.transient_failures_per_key) {
      if (absl::Status s = tx->Commit(); !s.ok()) return s;
      return absl::UnavailableError("provider: processing_error, retry the charge with the same key");
    }
  }

  Charge c;
  c.id = NewRandomId("ch_");
  c.idempotency_key = request.idempotency_key;
  c.token = request.token;
  c.amount_cents = request.amount_cents;
  const Scenario* declined = FindScenario(scenario);
  c.succeeded = declined == nullptr || declined->decline_code.empty();
  if (!c.succeeded) {
    c.decline_code = declined->decline_code;
    c.decline_message = declined->decline_message;
  }
  {
    absl::StatusOr<Statement> stmt = conn_->Prepare(
        "INSERT INTO charges (id, idempotency_key, token, amount_cents, succeeded, decline_code, "
        "decline_message, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, c.id);
    stmt->Bind(2, c.idempotency_key);
    stmt->Bind(3, c.token);
    stmt->Bind(4, c.amount_cents);
    stmt->Bind(5, int64_t{c.succeeded ? 1 : 0});
    stmt->Bind(6, c.decline_code);
    stmt->Bind(7, c.decline_message);
    stmt->Bind(8, NowMs());
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  log_->info("charge {} key={} amount_cents={} outcome={}", c.id, c.idempotency_key, c.amount_cents,
             c.succeeded ? "succeeded" : c.decline_code);
  return c;
}

absl::StatusOr<Refund> SqliteSimulatedProvider::CreateRefund(const RefundRequest& request) {
  if (absl::Status s = CheckKey(request.idempotency_key); !s.ok()) return s;
  if (absl::Status s = Arrive("refund"); !s.ok()) return s;
  absl::StatusOr<Refund> refund;
  {
    std::lock_guard lock(mu_);
    refund = RefundLocked(request);
  }
  if (refund.ok() && Chance(options_.lost_response_rate)) {
    return absl::UnavailableError("provider: refund response lost (simulated network error)");
  }
  return refund;
}

absl::StatusOr<Refund> SqliteSimulatedProvider::RefundLocked(const RefundRequest& request) {
  absl::StatusOr<Transaction> tx = Transaction::Begin(*conn_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  auto find = [&](const char* where, const std::string& value) -> absl::StatusOr<std::optional<Refund>> {
    absl::StatusOr<Statement> stmt =
        conn_->Prepare(absl::StrCat("SELECT id, charge_id, amount_cents FROM refunds WHERE ", where));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, value);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<Refund>();
    return std::optional<Refund>(Refund{stmt->Text(0), stmt->Text(1), stmt->Int(2)});
  };
  absl::StatusOr<std::optional<Refund>> by_key = find("idempotency_key = ?1", request.idempotency_key);
  if (!by_key.ok()) return by_key.status();
  if (*by_key) {
    if ((*by_key)->charge_id != request.charge_id) {
      return absl::FailedPreconditionError("idempotency_key: already used to refund another charge");
    }
    return **by_key;
  }
  absl::StatusOr<std::optional<Charge>> charge = FindCharge("id = ?1", request.charge_id);
  if (!charge.ok()) return charge.status();
  if (!*charge) return absl::NotFoundError("charge_id: no such charge");
  if (!(*charge)->succeeded) return absl::FailedPreconditionError("charge_id: a declined charge cannot be refunded");
  absl::StatusOr<std::optional<Refund>> by_charge = find("charge_id = ?1", request.charge_id);
  if (!by_charge.ok()) return by_charge.status();
  if (*by_charge) return absl::FailedPreconditionError("charge_id: charge_already_refunded");

  Refund r{NewRandomId("re_"), request.charge_id, (*charge)->amount_cents};
  absl::StatusOr<Statement> stmt = conn_->Prepare(
      "INSERT INTO refunds (id, charge_id, idempotency_key, amount_cents, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, r.id);
  stmt->Bind(2, r.charge_id);
  stmt->Bind(3, request.idempotency_key);
  stmt->Bind(4, r.amount_cents);
  stmt->Bind(5, NowMs());
  if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  log_->info("refund {} charge={} amount_cents={}", r.id, r.charge_id, r.amount_cents);
  return r;
}

absl::StatusOr<std::vector<LedgerEntry>> SqliteSimulatedProvider::Ledger() {
  std::lock_guard lock(mu_);
  absl::StatusOr<Statement> stmt = conn_->Prepare(
      "SELECT c.id, c.idempotency_key, c.token, c.amount_cents, c.succeeded, c.decline_code, "
      "c.decline_message, r.id, r.amount_cents FROM charges c LEFT JOIN refunds r ON r.charge_id = c.id "
      "ORDER BY c.seq");
  if (!stmt.ok()) return stmt.status();
  std::vector<LedgerEntry> out;
  for (;;) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    LedgerEntry e{ReadCharge(*stmt), std::nullopt};
    if (!stmt->IsNull(7)) e.refund = Refund{stmt->Text(7), e.charge.id, stmt->Int(8)};
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SimulatedProvider>> OpenSimulatedProvider(const std::string& path,
                                                                         const SimulatedProviderOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(path, std::chrono::seconds(5));
  if (!conn.ok()) return conn.status();
  if (absl::Status s = sqlite::Migrate(**conn, "the simulated payment provider's ledger", kMigrations); !s.ok()) {
    return s;
  }
  return std::make_unique<SqliteSimulatedProvider>(*std::move(conn), options);
}

}  // namespace parfumerie::payment

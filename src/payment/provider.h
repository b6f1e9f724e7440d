// Port to the card payment provider (a Stripe-like external system), and a
// simulated provider that behaves like one for the all-in-one mode and tests.
//
// Contract, for every provider:
// - CreatePaymentMethod registers a validated card and returns the provider's
//   token ("pm_..."); the card number goes no further than the provider.
// - Charge and Refund are idempotent on `idempotency_key`, as Stripe's are: the
//   first completed request's result is stored and replayed for every retry
//   with the same key (even after a crash of either side), so a retry never
//   charges or refunds twice. The same key with other parameters is
//   FAILED_PRECONDITION, and changes nothing.
// - A decline is a result (Charge::succeeded false, with a code and a French
//   message), not an error.
// - Errors: UNAVAILABLE — transient (network, processing error): the request
//   may or may not have been applied; retry with the same key. NOT_FOUND —
//   unknown token or charge. FAILED_PRECONDITION — key reused with other
//   parameters, or refund of a declined charge. INVALID_ARGUMENT — amount ≤ 0.
// - Thread-safe; calls block (network or disk, and simulated latency).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "payment/card.h"

namespace parfumerie::payment {

struct ChargeRequest {
  std::string idempotency_key;  // the order id
  std::string token;
  int64_t amount_cents = 0;
};

struct Charge {
  std::string id;  // "ch_..."
  std::string idempotency_key;
  std::string token;
  int64_t amount_cents = 0;
  bool succeeded = false;
  std::string decline_code;  // e.g. "card_declined", "insufficient_funds"
  std::string decline_message;
  friend bool operator==(const Charge&, const Charge&) = default;
};

struct RefundRequest {
  std::string idempotency_key;  // "refund:" + order id
  std::string charge_id;
};

struct Refund {
  std::string id;  // "re_..."
  std::string charge_id;
  int64_t amount_cents = 0;
  friend bool operator==(const Refund&, const Refund&) = default;
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual absl::StatusOr<std::string> CreatePaymentMethod(const ValidatedCard& card) = 0;
  virtual absl::StatusOr<Charge> CreateCharge(const ChargeRequest& request) = 0;
  // Refunds the whole charge.
  virtual absl::StatusOr<Refund> CreateRefund(const RefundRequest& request) = 0;
};

// --- The simulated provider ----------------------------------------------------

// Decline codes of the simulated provider (Stripe's names).
inline constexpr std::string_view kDeclineCardDeclined = "card_declined";
inline constexpr std::string_view kDeclineInsufficientFunds = "insufficient_funds";
inline constexpr std::string_view kDeclineStolenCard = "stolen_card";
inline constexpr std::string_view kDeclineExpiredCard = "expired_card";
inline constexpr std::string_view kDeclineIncorrectCvc = "incorrect_cvc";

// Test cards (docs/payment.md has the table). Any other valid card succeeds.
inline constexpr std::string_view kCardSucceeds = "4242424242424242";
inline constexpr std::string_view kCardDeclined = "4000000000000002";
inline constexpr std::string_view kCardInsufficientFunds = "4000000000009995";
inline constexpr std::string_view kCardStolen = "4000000000009979";
inline constexpr std::string_view kCardExpired = "4000000000000069";
inline constexpr std::string_view kCardIncorrectCvc = "4000000000000127";
// Fails with UNAVAILABLE (processing error) on the first
// `transient_failures_per_key` attempts of each idempotency key, then succeeds.
inline constexpr std::string_view kCardProcessingError = "4000000000000119";

struct SimulatedProviderOptions {
  // Every call (tokenisation included) waits a uniformly random time in
  // [min_latency, max_latency] before it is processed, as a network round
  // trip would.
  std::chrono::milliseconds min_latency{0};
  std::chrono::milliseconds max_latency{0};
  // Probability that a Charge or Refund fails with UNAVAILABLE before it is
  // processed (nothing recorded).
  double transient_failure_rate = 0;
  // Probability that a Charge or Refund is processed and recorded but its
  // response is lost (UNAVAILABLE): the retry must get the same result back.
  double lost_response_rate = 0;
  // Attempts of kCardProcessingError that fail before one succeeds.
  int transient_failures_per_key = 2;
  uint64_t seed = 0;  // 0: random
};

// A ledger entry of the simulated provider, for tests and fault checks.
struct LedgerEntry {
  Charge charge;
  std::optional<Refund> refund;
};

class SimulatedProvider : public PaymentProvider {
 public:
  // Every charge the provider ever recorded (declined ones included), in order.
  virtual absl::StatusOr<std::vector<LedgerEntry>> Ledger() = 0;
};

// Opens (creating if needed) the simulated provider's own ledger at `path`: it
// stands for an external system, so it is a separate database that outlives
// the shop's. UNAVAILABLE if the file cannot be opened.
absl::StatusOr<std::unique_ptr<SimulatedProvider>> OpenSimulatedProvider(
    const std::string& path, const SimulatedProviderOptions& options = {});

}  // namespace parfumerie::payment

// The payment service's domain: a payment (Paiement) of one order, the card
// tokens the shop knows, and the payment's state machine.
//
// Domain words stay French where the API shows them (statut ACCEPTE, REFUSE,
// REMBOURSE; code_refus, message_refus); money is integer cents.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "payment/card.h"

namespace parfumerie::payment {

using Timestamp = std::chrono::system_clock::time_point;

// ACCEPTE → REMBOURSE is the only transition: a refused payment is final (the
// order is cancelled), a refunded one too. A payment is born ACCEPTE or REFUSE.
enum class PaymentStatus { kAccepted, kRefused, kRefunded };

std::string_view PaymentStatusName(PaymentStatus s);  // "ACCEPTE", "REFUSE", "REMBOURSE"
std::optional<PaymentStatus> ParsePaymentStatus(std::string_view name);
bool CanTransition(PaymentStatus from, PaymentStatus to);

// Decline codes that the service itself decides (the provider's own are
// listed in provider.h).
inline constexpr std::string_view kDeclineUnknownPaymentMethod = "unknown_payment_method";
inline constexpr std::string_view kDeclineInvalidAmount = "invalid_amount";

struct Payment {
  std::string id;        // "pay_..."
  std::string order_id;  // commande_id; one payment per order
  int64_t amount_cents = 0;
  PaymentStatus status = PaymentStatus::kAccepted;
  std::string token;  // payment method ("pm_..."), empty if the order had none
  // Brand and last4 of the card, empty when the token was unknown.
  std::string card_brand;
  std::string card_last4;
  // The provider's charge id ("ch_..."), what a refund refers to; empty when
  // the provider was never asked (refused before charging).
  std::string charge_id;
  std::string decline_code;     // empty unless kRefused
  std::string decline_message;  // French, for humans
  Timestamp created_at;
  std::optional<Timestamp> refunded_at;
  friend bool operator==(const Payment&, const Payment&) = default;
};

// A tokenised card: what TokenizeCard keeps (never the number or the CVC).
struct CardToken {
  std::string token;  // the provider's payment-method id, "pm_..."
  CardSummary card;
  Timestamp created_at;
  friend bool operator==(const CardToken&, const CardToken&) = default;
};

// An order cancelled before its payment was processed: a later OrderPlaced
// (redelivered, or reordered by a defect upstream) must not charge it.
struct Cancellation {
  std::string order_id;
  std::string reason;
  Timestamp at;
  friend bool operator==(const Cancellation&, const Cancellation&) = default;
};

// What the store knows about one order.
struct OrderPaymentState {
  std::optional<Payment> payment;
  std::optional<Cancellation> cancellation;
};

// Listing for operators: newest first (created_at, then id, descending).
inline constexpr int32_t kDefaultPageSize = 20;
inline constexpr int32_t kMaxPageSize = 100;

struct PaymentQuery {
  std::optional<PaymentStatus> status;
  int32_t limit = kDefaultPageSize;  // 1..kMaxPageSize
  std::string cursor;                // from a previous page; empty for the first
};

struct PaymentPage {
  std::vector<Payment> items;
  std::string next_cursor;  // empty on the last page
  int64_t total = 0;        // matching payments, all pages
};

// Millisecond precision is what every store keeps.
int64_t ToUnixMillis(Timestamp t);
Timestamp FromUnixMillis(int64_t ms);

}  // namespace parfumerie::payment

// The payment service's application layer: card tokenisation, queries, and
// the saga's decisions on order events. The gRPC adapter and the event
// handler (payment_events.h) are thin translations to and from this class;
// everything that decides something lives here and is unit-tested without a
// network.
//
// Saga rules (docs/payment.md has the reasoning):
// - OrderPlaced charges the order once: an order that has a payment, or was
//   cancelled, is never charged again; the provider is called with the order
//   id as idempotency key, so a crash between the charge and its record, a
//   redelivery or two consumers racing still make one charge. The payment,
//   its event (PaymentSucceeded / PaymentFailed, key = order id) and the
//   inbox record commit in one transaction.
// - Unknown token or amount ≤ 0: a REFUSE payment and PaymentFailed with a
//   reason; the provider is not called. The payment deadline is the
//   catalogue's: an order it cancels arrives as OrderCancelled and is refunded.
// - OrderCancelled refunds an accepted payment once (provider refund with key
//   "refund:<order id>", then REMBOURSE + PaymentRefunded); with no payment
//   yet, it records the cancellation so that the order is never charged.
//
// Handler results: OK when the event is handled (declines and duplicates
// included); UNAVAILABLE (or another transient code) to be retried;
// INVALID_ARGUMENT for an event that can never be handled (poison).
//
// Thread-safe. Blocking (store and provider calls): never on an I/O thread.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "metrics/registry.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "payment/card.h"
#include "payment/payment.h"
#include "payment/payment_store.h"
#include "payment/provider.h"

namespace parfumerie::payment {

// The consumer group and inbox name of the payment service.
inline constexpr std::string_view kPaymentConsumer = "payment";
// ce_source of the events the service publishes.
inline constexpr std::string_view kPaymentEventSource = "/parfumerie/payment";

// The envelope attributes of an incoming event that the service uses.
struct EventEnvelope {
  std::string message_id;   // ce_id: what the inbox deduplicates on
  std::string traceparent;  // carried over to the events published in reply
};

struct OrderPlacedEvent {
  std::string order_id;
  std::string token;
  int64_t total_cents = 0;
};

struct OrderCancelledEvent {
  std::string order_id;
  std::string reason;
  bool refund = false;
};

struct PaymentServiceOptions {
  // Defaults: the system clock (truncated to milliseconds) and "pay_" ids.
  // Both are called from any thread and must be thread-safe.
  std::function<Timestamp()> clock;
  std::function<std::string()> new_id;
  // Where payments_total{outcome} goes (succeeded, declined: a payment
  // recorded; failed: a provider error, retried); null: the process's registry.
  metrics::Registry* metrics = nullptr;
};

class PaymentService {
 public:
  // `store` and `provider` must outlive the service.
  PaymentService(PaymentStore& store, PaymentProvider& provider, PaymentServiceOptions options = {});

  // Validates the card (INVALID_ARGUMENT naming the field), registers it with
  // the provider and keeps its token, brand, last four digits and expiry.
  absl::StatusOr<CardToken> TokenizeCard(const CardDetails& card);

  absl::StatusOr<Payment> Get(std::string_view id);
  absl::StatusOr<Payment> GetForOrder(std::string_view order_id);
  // limit 0 means kDefaultPageSize; above kMaxPageSize is INVALID_ARGUMENT.
  absl::StatusOr<PaymentPage> List(PaymentQuery query);

  absl::Status HandleOrderPlaced(const OrderPlacedEvent& event, const EventEnvelope& envelope);
  // Asks the provider for the charge HandleOrderPlaced will need, ahead of
  // it, so that the charges of several orders can be in flight at once; the
  // provider's idempotency (one charge per order id) then hands
  // HandleOrderPlaced the same charge. Does nothing for an order that has a
  // payment or a cancellation already, or that HandleOrderPlaced would
  // refuse without asking the provider. Results and errors are dropped:
  // HandleOrderPlaced meets them again. Thread-safe.
  void PrepareCharge(const OrderPlacedEvent& event);
  absl::Status HandleOrderCancelled(const OrderCancelledEvent& event, const EventEnvelope& envelope);

 private:
  // The payment of a new order: refused here, or charged at the provider.
  // Transient provider errors are returned as they are (to be retried).
  absl::StatusOr<Payment> Charge(const OrderPlacedEvent& event);
  // Records `payment` with its event; resolves the races RecordPayment reports.
  absl::Status Record(Payment payment, const EventEnvelope& envelope);
  absl::Status Refund(const Payment& payment, const EventEnvelope& envelope);
  // Counts and logs a payment once it is recorded (never on a redelivery).
  void LogRecorded(const Payment& p);
  InboxRecord Inbox(const EventEnvelope& envelope, Timestamp now) const;
  // The provider's answer to `request`: the one PrepareCharge got, taken
  // (so the provider is not asked twice), or a new call.
  absl::StatusOr<payment::Charge> CreateCharge(const ChargeRequest& request);

  PaymentStore& store_;
  PaymentProvider& provider_;
  PaymentServiceOptions options_;
  metrics::CounterFamily& payments_;

  // Charges PrepareCharge obtained, by order id, until Charge() takes them.
  // Bounded: beyond kMaxPrepared, new ones are not kept (Charge() then asks
  // the provider again, which answers the same charge).
  static constexpr size_t kMaxPrepared = 4096;
  std::mutex prepared_mu_;
  std::unordered_map<std::string, payment::Charge> prepared_;  // guarded by prepared_mu_
};

}  // namespace parfumerie::payment

// Store port of the payment service: payments, card tokens, cancellations,
// and the service's outbox and inbox, so that SQLite (embedded) and MongoDB
// (distributed) adapters are interchangeable. Every adapter runs the
// conformance suite in tests/payment/payment_store_conformance.h.
//
// Contract, for every adapter:
// - Each call is atomic. The Record* calls write the effect, the outgoing
//   event (outbox) and the inbox record of the incoming event in ONE
//   transaction: either all three are durable or none is.
// - One payment per order (commande_id is unique); a payment's status only
//   moves ACCEPTE → REMBOURSE.
// - Inbox: a Record* call whose (consumer, message id) was already recorded
//   writes nothing and returns kDuplicate: a redelivered event is a no-op.
// - Thread-safe; calls block (disk or network): never on an I/O thread.
// - Errors: absl::Status with gRPC's canonical codes:
//     NOT_FOUND            unknown id, token or order
//     ALREADY_EXISTS       the order already has a payment; a token exists
//     FAILED_PRECONDITION  the transition is not allowed (see each call)
//     INVALID_ARGUMENT     malformed cursor
//     UNAVAILABLE/INTERNAL storage failures
// - Timestamps are kept with millisecond precision.
// - As a bus::OutboxSource it hands the relay the events the Record* calls
//   queued, in the order they were written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/message.h"
#include "bus/outbox.h"
#include "payment/payment.h"

namespace parfumerie::payment {

// The incoming event a write applies (the consumer's inbox record).
struct InboxRecord {
  std::string consumer;    // the consumer group, "payment"
  std::string message_id;  // the event's CloudEvents id
  Timestamp at;
};

enum class WriteResult {
  kApplied,    // the effect, its event and the inbox record are committed
  kDuplicate,  // the message had been applied before: nothing written
};

class PaymentStore : public bus::OutboxSource {
 public:
  // For the consumer of the saga's events: a scope in which the handler's
  // writes through this store share one durable commit (bus/outbox.h), or
  // null when the store has none (each write commits on its own).
  virtual bus::TransactionScope ConsumerTransaction() { return nullptr; }

  // Stores a new card token. ALREADY_EXISTS if the token exists.
  virtual absl::Status InsertCardToken(const CardToken& token) = 0;
  virtual absl::StatusOr<CardToken> GetCardToken(std::string_view token) = 0;

  virtual absl::StatusOr<Payment> Get(std::string_view id) = 0;
  virtual absl::StatusOr<Payment> GetForOrder(std::string_view order_id) = 0;
  virtual absl::StatusOr<OrderPaymentState> GetOrderState(std::string_view order_id) = 0;
  // Newest first; ties broken by id so that pages never skip or repeat.
  // INVALID_ARGUMENT for a limit outside 1..kMaxPageSize or a bad cursor.
  virtual absl::StatusOr<PaymentPage> List(const PaymentQuery& query) = 0;

  // Stores the payment of an order with `event`. ALREADY_EXISTS if the order
  // has a payment (ids differ or not); FAILED_PRECONDITION if the order was
  // cancelled (RecordCancellation), unless the payment is recorded already
  // refunded (a charge that raced the cancellation and was given back).
  virtual absl::StatusOr<WriteResult> RecordPayment(const Payment& payment, const bus::Message& event,
                                                    const InboxRecord& inbox) = 0;

  // Moves payment `payment_id` from ACCEPTE to REMBOURSE at `refunded_at`
  // with `event`. NOT_FOUND for an unknown id; FAILED_PRECONDITION unless the
  // payment is ACCEPTE (already refunded, or refused).
  virtual absl::StatusOr<WriteResult> RecordRefund(std::string_view payment_id, Timestamp refunded_at,
                                                   const bus::Message& event, const InboxRecord& inbox) = 0;

  // Records that an order with no payment was cancelled, so that it is never
  // charged. ALREADY_EXISTS if the order has a payment. Recording a second
  // cancellation of the same order keeps the first.
  virtual absl::StatusOr<WriteResult> RecordCancellation(const Cancellation& cancellation,
                                                         const InboxRecord& inbox) = 0;

  // Unpublished outbox entries (for tests; the metrics use PendingOutboxStats).
  virtual absl::StatusOr<int64_t> OutboxBacklog() = 0;
};

}  // namespace parfumerie::payment

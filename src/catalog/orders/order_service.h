// The orders' application service: validation, server-assigned fields, the
// saga's decisions (order_saga.h) applied through the OrderStore, and the
// events they publish (via the store's outbox, topic "commandes", key = order
// id). The gRPC adapter and the event handler (order_events.h) are thin
// translations to and from this class.
//
// Thread-safe. Blocking (it calls the store): never on an I/O thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"
#include "catalog/orders/order_metrics.h"
#include "catalog/orders/order_saga.h"
#include "catalog/orders/order_store.h"

namespace parfumerie::catalog {

struct OrderServiceOptions {
  // An order with no payment result by then is cancelled (ExpireOverdue).
  std::chrono::milliseconds payment_timeout = std::chrono::minutes(15);
  // CloudEvents source of the events this service writes.
  std::string event_source = "/parfumerie/catalog";
  // Name under which applied bus messages are recorded in the inbox.
  std::string inbox_consumer = "catalog";
  // Called after every commit that queued events (e.g. OutboxRelay::Notify),
  // so they leave without waiting for the relay's next poll; every change of
  // an order queues events, so it also tells OrderStatusGauge. May be empty.
  std::function<void()> on_outbox_written;
  // Where the business metrics go (order_metrics.h); null: the process's registry.
  metrics::Registry* metrics = nullptr;
};

// Where a saga input comes from: the bus message (its CloudEvents id is the
// deduplication key) and its trace context, passed on to the events it causes.
struct EventOrigin {
  std::string message_id;
  std::string traceparent;
};

class OrderService {
 public:
  using Clock = std::function<Timestamp()>;
  using IdGenerator = std::function<std::string()>;

  // `clock` and `new_id` default to the system clock and random "cmd_" ids.
  // The store must outlive the service.
  explicit OrderService(OrderStore& store, OrderServiceOptions options = {}, Clock clock = {},
                        IdGenerator new_id = {});

  // Validates (INVALID_ARGUMENT naming the field), then places the order in
  // one transaction (see OrderStore::PlaceOrder): NOT_FOUND for an unknown
  // perfume, FAILED_PRECONDITION naming the perfume short of stock.
  absl::StatusOr<Commande> PlaceOrder(PlaceOrderInput input, std::string_view traceparent = {});
  absl::StatusOr<Commande> GetOrder(std::string_view id);
  absl::StatusOr<OrderPage> ListOrders(const OrderQuery& query);
  // EN_ATTENTE or PAYEE → ANNULEE, stock released, refund asked if paid;
  // FAILED_PRECONDITION once shipped; an ANNULEE order is returned unchanged.
  absl::StatusOr<Commande> CancelOrder(std::string_view id, std::string_view raison,
                                       std::string_view traceparent = {});
  // Cancels up to `limit` EN_ATTENTE orders whose deadline is at or before
  // `now` (one transaction each); returns how many were cancelled.
  absl::StatusOr<int> ExpireOverdue(Timestamp now, size_t limit);

  // Saga inputs, each applied at most once per origin.message_id.
  // NOT_FOUND when the order is unknown.
  absl::StatusOr<UpdateResult> OnPaymentSucceeded(const EventOrigin& origin, std::string_view commande_id,
                                                  std::string_view paiement_id);
  absl::StatusOr<UpdateResult> OnPaymentFailed(const EventOrigin& origin, std::string_view commande_id,
                                               std::string_view paiement_id, std::string_view why);
  absl::StatusOr<UpdateResult> OnPaymentRefunded(const EventOrigin& origin, std::string_view commande_id,
                                                 std::string_view paiement_id);
  absl::StatusOr<UpdateResult> OnDeliveryStep(const EventOrigin& origin, std::string_view commande_id,
                                              std::string_view livraison_id, DeliveryStep step,
                                              std::string_view commentaire);

  Timestamp Now() const;

 private:
  using Decision = std::function<absl::StatusOr<OrderDecision>(const Commande&, Timestamp now)>;
  // `cancel_reason`: orders_cancelled_total's reason if the decision cancels.
  absl::StatusOr<UpdateResult> Apply(std::string_view id, const EventOrigin* origin, std::string_view traceparent,
                                     CancelReason cancel_reason, const Decision& decision);
  // The business events of a committed change, logged once each.
  void LogChange(OrderStatus before, const Commande& after, CancelReason cancel_reason) const;
  std::vector<bus::Message> EventsFor(const Commande& before, const OrderDecision& d, Timestamp now,
                                      std::string_view traceparent) const;
  void Notify() const;

  OrderStore& store_;
  const OrderServiceOptions options_;
  Clock clock_;
  IdGenerator new_id_;
  OrderMetrics metrics_;
};

}  // namespace parfumerie::catalog

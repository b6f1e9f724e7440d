// Store port of orders. Orders live in the catalogue's database because
// placing one reserves stock in the same transaction; an adapter implements
// this port over the same storage as its CatalogStore, and also the outbox
// (bus::OutboxSource) the events written here are relayed from.
//
// Contract, for every adapter:
// - Each call is one atomic transaction: order rows, stock, outbox entries
//   and the inbox mark commit together or not at all.
// - Thread-safe; blocking (never call on an I/O thread).
// - Stock never goes negative: a reservation is a conditional decrement.
// - Errors: canonical codes. NOT_FOUND unknown order or perfume (the message
//   names it); FAILED_PRECONDITION not enough stock (names the perfume and
//   what is left); INVALID_ARGUMENT idempotency key reused with other content,
//   order total above the maximum, malformed cursor; UNAVAILABLE/INTERNAL
//   storage failures (nothing was written).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bus/message.h"
#include "bus/outbox.h"
#include "catalog/orders/commande.h"
#include "catalog/orders/order_saga.h"

namespace parfumerie::catalog {

// A validated, normalized order to create (lines merged, server fields set).
struct NewOrder {
  std::string id;
  std::string client_id;
  std::vector<RequestedLine> lignes;
  Adresse adresse_livraison;
  Timestamp placed_at;
  Timestamp payment_deadline;
  std::string idempotency_key;  // empty: none
  std::string fingerprint;      // RequestFingerprint of the request
  int64_t max_total_cents = 0;  // INVALID_ARGUMENT above this
};

struct PlaceOrderResult {
  Commande order;
  bool replayed = false;  // an earlier order with the same key and content
  int stock_outs = 0;     // lines whose reservation took the perfume's stock to 0 (not replayed)
};

// The events to queue for a newly created order (called inside the
// transaction, with the order as it will be committed).
using PlacedEvents = std::function<std::vector<bus::Message>(const Commande&)>;

// Records that `consumer` applied the bus message `message_id`.
struct InboxMark {
  std::string consumer;
  std::string message_id;
};

// What the store must write for a decision: the decision itself (new order
// state, stock release) and the events derived from it.
struct OrderChange {
  OrderDecision decision;
  std::vector<bus::Message> events;
};

// Called inside the write transaction with the order as stored; returns the
// change to apply, or an error that rolls everything back (inbox included).
using Decide = std::function<absl::StatusOr<OrderChange>(const Commande& current)>;

struct UpdateResult {
  Commande order;          // as stored after the call
  bool duplicate = false;  // the inbox already had the message: nothing done
  bool changed = false;    // the order was written
};

class OrderStore {
 public:
  virtual ~OrderStore() = default;

  // For the consumer of the saga's events: a scope in which the handler's
  // writes through this store share one durable commit (bus/outbox.h), or
  // null when the store has none (each write commits on its own).
  virtual bus::TransactionScope ConsumerTransaction() { return nullptr; }

  // One transaction: if `order.idempotency_key` is known, returns that order
  // (replayed) when its fingerprint matches, INVALID_ARGUMENT otherwise.
  // Else reserves every line's stock (live perfumes only), snapshots nom and
  // prix, stores the order EN_ATTENTE with its first history entry, and
  // appends `events(order)` to the outbox.
  virtual absl::StatusOr<PlaceOrderResult> PlaceOrder(const NewOrder& order, const PlacedEvents& events) = 0;

  virtual absl::StatusOr<Commande> GetOrder(std::string_view id) = 0;

  // Newest first (date_commande, then id), filtered; total in the same snapshot.
  virtual absl::StatusOr<OrderPage> ListOrders(const OrderQuery& query) = 0;

  // One transaction: if `inbox` is set and already recorded, does nothing
  // (duplicate). Otherwise records it, reads order `id`, calls `decide`; when
  // the decision changed the order, stores it (version + 1, new history
  // entries), releases its stock if asked (stock += quantite per line, even
  // for archived perfumes) and appends the events. A decision that changes
  // nothing still commits the inbox mark.
  virtual absl::StatusOr<UpdateResult> UpdateOrder(std::string_view id, const std::optional<InboxMark>& inbox,
                                                   Timestamp now, const Decide& decide) = 0;

  // Ids of EN_ATTENTE orders whose payment deadline is at or before `now`,
  // oldest deadline first, at most `limit`.
  virtual absl::StatusOr<std::vector<std::string>> OverdueOrderIds(Timestamp now, size_t limit) = 0;
};

}  // namespace parfumerie::catalog

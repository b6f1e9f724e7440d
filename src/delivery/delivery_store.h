// Store port of the delivery service: everything the service persists goes
// through this interface, so SQLite (embedded) and MongoDB (distributed)
// adapters are interchangeable. Every adapter runs the conformance suite in
// tests/delivery/delivery_store_conformance.h.
//
// Contract, for every adapter:
// - Each write is atomic: the delivery change, the event that describes it
//   (the transactional outbox, relayed by bus::OutboxRelay from this store's
//   bus::OutboxSource side) and the inbox mark of the message that caused it
//   commit together or not at all.
// - At most one delivery per order (commande_id is unique), even when two
//   writers race.
// - Thread-safe: calls may come from any thread concurrently. Calls block
//   (disk or network); never call them on an I/O thread.
// - Errors are absl::Status with gRPC's canonical codes:
//     NOT_FOUND           unknown id or order
//     ALREADY_EXISTS      Create for an order (or id) that has a delivery
//     FAILED_PRECONDITION Create for an order recorded as cancelled
//     ABORTED             expected_version does not match the stored version
//     UNAVAILABLE/INTERNAL storage failures
// - Timestamps are kept with millisecond precision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/message.h"
#include "bus/outbox.h"
#include "delivery/livraison.h"

namespace parfumerie::delivery {

// "Consumer `consumer` applied the message with CloudEvents id `message_id`":
// recorded with the effect, so a redelivered message changes nothing.
struct InboxMark {
  std::string consumer;
  std::string message_id;
};

// Where a page of List starts: strictly after this item in the list order
// (cree_le descending, then id descending: newest first).
struct ListPosition {
  Timestamp cree_le;
  std::string id;
  friend bool operator==(const ListPosition&, const ListPosition&) = default;
};

struct ListFilter {
  std::optional<Statut> statut;  // unset: every delivery
  std::optional<ListPosition> after;
  int limit = 20;  // 1..100
};

struct StoredPage {
  std::vector<Livraison> items;
  bool more = false;  // another item follows the last one
  int64_t total = 0;  // deliveries matching the filter, pages aside
};

class DeliveryStore : public bus::OutboxSource {
 public:
  ~DeliveryStore() override = default;

  // For the consumer of the saga's events: a scope in which the handler's
  // writes through this store share one durable commit (bus/outbox.h), or
  // null when the store has none (each write commits on its own).
  virtual bus::TransactionScope ConsumerTransaction() { return nullptr; }

  // Stores the new delivery `livraison` (with its suivi), queues `event` and
  // records `inbox` if given. Returns false, writing nothing, when `inbox`
  // was already recorded (a redelivered message); ALREADY_EXISTS, writing
  // nothing, when the order or the id already has a delivery;
  // FAILED_PRECONDITION, writing nothing, when RecordCancellation was called
  // for the order.
  virtual absl::StatusOr<bool> Create(const Livraison& livraison, const bus::Message& event,
                                      const std::optional<InboxMark>& inbox) = 0;

  // Remembers that order `commande_id` was cancelled while it had no
  // delivery (a tombstone), so that an OrderPaid coming later — e.g. replayed
  // from the dead-letter topic — creates none. Idempotent.
  virtual absl::Status RecordCancellation(std::string_view commande_id, std::string_view raison) = 0;

  // Stores `updated`, whose suivi is the stored suivi plus one new step and
  // whose version is expected_version + 1, if and only if the stored version
  // equals `expected_version`; queues `event` and records `inbox` if given.
  // Returns false, writing nothing, when `inbox` was already recorded.
  // NOT_FOUND for an unknown id; ABORTED when the version is stale.
  virtual absl::StatusOr<bool> Update(const Livraison& updated, int64_t expected_version,
                                      const bus::Message& event,
                                      const std::optional<InboxMark>& inbox) = 0;

  virtual absl::StatusOr<Livraison> Get(std::string_view id) = 0;
  virtual absl::StatusOr<Livraison> GetForOrder(std::string_view commande_id) = 0;

  // Newest first; ties on cree_le broken by id so pages neither skip nor repeat.
  virtual absl::StatusOr<StoredPage> List(const ListFilter& filter) = 0;

  // From bus::OutboxSource: PendingOutbox(limit), MarkPublished(seqs),
  // PendingOutboxStats().
};

}  // namespace parfumerie::delivery

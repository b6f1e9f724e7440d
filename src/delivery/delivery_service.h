// The delivery service's application logic: operator queries and actions, and
// the saga's reactions to order events, over a DeliveryStore. The gRPC
// adapter, the event handler (delivery_events.h) and the simulator are thin
// callers of this class; everything that decides something lives here and is
// unit-tested without a network.
//
// Every change writes its DeliveryStatusChanged event (topic "livraisons",
// key = order id) to the store's outbox in the same transaction.
//
// Thread-safe. Blocking (it calls the store): never call it on an I/O thread.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "delivery/delivery_store.h"
#include "delivery/livraison.h"
#include "metrics/registry.h"

namespace parfumerie::delivery {

// Limits enforced on operator input.
inline constexpr size_t kMaxLieuBytes = 200;
inline constexpr size_t kMaxCommentaireBytes = 500;
inline constexpr int32_t kDefaultPageSize = 20;
inline constexpr int32_t kMaxPageSize = 100;

// The inbox name under which the service records the events it applied.
inline constexpr std::string_view kInboxConsumer = "delivery";

struct ListQuery {
  std::optional<Statut> statut;
  int32_t page_size = 0;  // 0: kDefaultPageSize
  std::string page_token;
};

struct LivraisonPage {
  std::vector<Livraison> items;
  std::string next_page_token;  // empty on the last page
  int64_t total = 0;
};

// What the saga's handlers need from the consumed message's envelope.
struct EventContext {
  std::string message_id;   // CloudEvents id: the inbox key
  std::string traceparent;  // carried over to the events this one causes
};

// The parts of parfumerie.v1.OrderPaid / OrderCancelled the service uses.
struct OrderPaid {
  std::string commande_id;
  Adresse adresse;
};
struct OrderCancelled {
  std::string commande_id;
  std::string raison;
};

struct DeliveryServiceOptions {
  using Clock = std::function<Timestamp()>;
  using IdGenerator = std::function<std::string()>;
  Clock clock;          // default: the system clock
  IdGenerator new_id;   // default: random "liv_" ids
  // Called after each commit that wrote an event to the outbox (wire it to
  // OutboxRelay::Notify so events leave at once rather than at the next poll).
  std::function<void()> on_outbox_write;
  // How often a change without expected_version is re-read and retried when a
  // concurrent change wins the race.
  int max_conflict_retries = 16;
  // Where deliveries_finished_total{outcome} (delivered, failed) goes; null:
  // the process's registry.
  metrics::Registry* metrics = nullptr;
};

class DeliveryService {
 public:
  // The store must outlive the service. Times are truncated to milliseconds,
  // the precision every store keeps.
  explicit DeliveryService(DeliveryStore& store, DeliveryServiceOptions options = {});

  // NOT_FOUND for an unknown id/order; INVALID_ARGUMENT for a malformed one.
  absl::StatusOr<Livraison> Get(std::string_view id);
  absl::StatusOr<Livraison> GetForOrder(std::string_view commande_id);
  // INVALID_ARGUMENT for a page size outside 0..kMaxPageSize or a bad token.
  absl::StatusOr<LivraisonPage> List(const ListQuery& query);

  // Operator: moves the delivery to its next step (EN_PREPARATION → EXPEDIEE →
  // EN_TRANSIT → LIVREE). Empty lieu/commentaire get the step's defaults.
  // FAILED_PRECONDITION when the delivery is final (message names the state);
  // ABORTED when expected_version is set and stale. Without expected_version
  // the step applies to the latest version (but never skips a step: a
  // delivery advanced concurrently advances once more).
  absl::StatusOr<Livraison> Advance(std::string_view id, std::optional<int64_t> expected_version,
                                    std::string lieu = {}, std::string commentaire = {});

  // Operator: ECHEC from any non-final state. `raison` is required.
  // FAILED_PRECONDITION when already final; ABORTED on a stale expected_version.
  absl::StatusOr<Livraison> Fail(std::string_view id, std::optional<int64_t> expected_version,
                                 std::string raison);

  // Replaces options.on_outbox_write, for wiring where the outbox relay is
  // created after the service. Thread-safe.
  void SetOnOutboxWrite(std::function<void()> on_outbox_write);

  // Saga: creates the order's delivery, once. A redelivered message, or another
  // message for an order that already has its delivery, changes nothing and
  // returns OK. INVALID_ARGUMENT (a poison message) for a missing message id
  // or a malformed order id.
  absl::Status OnOrderPaid(const OrderPaid& event, const EventContext& ctx);

  // Saga: a cancelled order's delivery is stopped: ECHEC from any non-final
  // state (the catalogue only cancels before shipping, but a cancellation may
  // cross a shipment in flight; the parcel then goes back to the sender).
  // Nothing to do, OK, when the order has no delivery or it is final.
  absl::Status OnOrderCancelled(const OrderCancelled& event, const EventContext& ctx);

 private:
  // The step to apply to the delivery as last read.
  using StepFn = std::function<EvenementSuivi(const Livraison&)>;
  // Applies `make_step` to `current` (re-read and retried on a concurrent
  // change unless expected_version is set), with its event and `inbox`.
  absl::StatusOr<Livraison> Change(Livraison current, std::optional<int64_t> expected_version,
                                   const StepFn& make_step, const std::optional<InboxMark>& inbox,
                                   const std::string& traceparent);
  Timestamp Now() const;
  void Notify() const;

  DeliveryStore& store_;
  DeliveryServiceOptions options_;  // on_outbox_write guarded by notify_mu_
  mutable std::mutex notify_mu_;
  metrics::CounterFamily& finished_;
};

}  // namespace parfumerie::delivery

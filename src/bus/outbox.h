// The transactional outbox, producer side: a service writes its events into
// an outbox table in the same transaction as the state change they describe
// (see sqlite/outbox.h for the SQLite helpers), and an OutboxRelay publishes
// them to the EventBus, oldest first, and marks them published only after the
// bus acknowledged them. A crash between publish and mark means a second
// publication of the same event (same CloudEvents id): consumers deduplicate.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "metrics/registry.h"
#include "absl/status/statusor.h"
#include "bus/event_bus.h"
#include "bus/message.h"

namespace parfumerie::bus {

struct OutboxEntry {
  int64_t seq = 0;  // increasing in the order the events were written
  Message message;
};

// Implemented by each producing service's store. Thread-safe; blocking.
class OutboxSource {
 public:
  virtual ~OutboxSource() = default;
  // Unpublished entries in seq order, at most `limit`.
  virtual absl::StatusOr<std::vector<OutboxEntry>> PendingOutbox(size_t limit) = 0;
  virtual absl::Status MarkPublished(std::span<const int64_t> seqs) = 0;
};

struct OutboxRelayOptions {
  std::string name = "outbox";  // for logs (e.g. "catalog-outbox")
  size_t batch_size = 256;
  // How often the relay looks for work when nobody calls Notify().
  std::chrono::milliseconds poll_interval{200};
  // Back-off after a failed publish, doubling up to max_backoff.
  std::chrono::milliseconds initial_backoff{50};
  std::chrono::milliseconds max_backoff{5000};
  // Where outbox_published_total{outbox} and outbox_publish_failures_total{outbox}
  // go (outbox = name); null: the process's registry.
  metrics::Registry* metrics = nullptr;
};

// Runs one background thread publishing `source`'s pending entries to `bus`.
// Never drops an entry: a failed publish is retried (with back-off) forever.
class OutboxRelay {
 public:
  OutboxRelay(OutboxSource& source, EventBus& bus, OutboxRelayOptions options);
  ~OutboxRelay();  // Stop()
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void Start();
  // Wakes the relay now (call after a transaction that wrote to the outbox).
  void Notify();
  // Publishes what is pending (bounded by `drain`), then stops the thread.
  void Stop(std::chrono::milliseconds drain = std::chrono::seconds(5));

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parfumerie::bus

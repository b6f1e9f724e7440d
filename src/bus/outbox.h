// The transactional outbox, producer side: a service writes its events into
// an outbox table in the same transaction as the state change they describe
// (see sqlite/outbox.h for the SQLite helpers), and an OutboxRelay publishes
// them to the EventBus, oldest first, and marks them published only after the
// bus acknowledged them. A crash between publish and mark means a second
// publication of the same event (same CloudEvents id): consumers deduplicate.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "metrics/registry.h"
#include "absl/status/statusor.h"
#include "bus/event_bus.h"
#include "bus/message.h"

namespace parfumerie::bus {

// Given by a consuming service's store: runs `body` inside one transaction of
// the store and commits it; the store's own transactions within `body` become
// parts of it (SQLite: savepoints), durable together when this returns OK.
// Returns the commit's error (or body's): then nothing `body` did may be
// assumed durable. ConsumerRunner uses it to apply a batch of events with
// one durable commit. Called by one thread at a time per store.
using TransactionScope = std::function<absl::Status(const std::function<absl::Status()>& body)>;

struct OutboxEntry {
  int64_t seq = 0;  // increasing in the order the events were written
  Message message;
};

// What waits in an outbox, for outbox_backlog_messages and
// outbox_oldest_message_age_seconds.
struct OutboxStats {
  int64_t backlog = 0;            // unpublished entries
  int64_t oldest_created_ms = 0;  // Unix ms when the oldest of them was written; 0 when none
};

// Implemented by each producing service's store. Thread-safe; blocking.
class OutboxSource {
 public:
  virtual ~OutboxSource() = default;
  // Unpublished entries in seq order, at most `limit`.
  virtual absl::StatusOr<std::vector<OutboxEntry>> PendingOutbox(size_t limit) = 0;
  virtual absl::Status MarkPublished(std::span<const int64_t> seqs) = 0;
  // Counts the unpublished entries and finds when the oldest was written
  // (one read, cheap enough for the relay to call every few seconds). A
  // source that cannot tell returns UNIMPLEMENTED, the default: its relay
  // then reports no backlog beyond what its own rounds see.
  virtual absl::StatusOr<OutboxStats> PendingOutboxStats() {
    return absl::UnimplementedError("outbox: this source keeps no statistics");
  }
  // Deletes the entries published before `before_ms` (Unix ms); returns how
  // many. Never an unpublished one. A source that keeps its published
  // entries elsewhere (or forever) does nothing: the default.
  virtual absl::StatusOr<int64_t> PrunePublished(int64_t /*before_ms*/) { return int64_t{0}; }
};

struct OutboxRelayOptions {
  std::string name = "outbox";  // for logs (e.g. "catalog-outbox")
  size_t batch_size = 256;
  // How often the relay looks for work when nobody calls Notify().
  std::chrono::milliseconds poll_interval{200};
  // Back-off after a failed publish, doubling up to max_backoff.
  std::chrono::milliseconds initial_backoff{50};
  std::chrono::milliseconds max_backoff{5000};
  // Where outbox_published_total{outbox}, outbox_publish_failures_total{outbox},
  // outbox_backlog_messages{outbox} and outbox_oldest_message_age_seconds{outbox}
  // go (outbox = name); null: the process's registry.
  metrics::Registry* metrics = nullptr;
  // The backlog gauges read a copy the relay keeps: an empty round sets it to
  // zero, otherwise it asks OutboxSource::PendingOutboxStats() at most this often (never
  // from the scrape).
  std::chrono::milliseconds stats_interval{1000};
  // Published entries are kept this long (for investigations), then deleted
  // (OutboxSource::PrunePublished) by the relay, at start and every
  // prune_interval. Zero: kept forever.
  std::chrono::milliseconds published_retention = std::chrono::hours(24);
  std::chrono::milliseconds prune_interval = std::chrono::hours(1);
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

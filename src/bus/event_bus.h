// EventBus port: publish messages to topics and consume them as a member of
// a named consumer group, with Kafka's semantics so that the embedded adapter
// (all-in-one) and the Kafka adapter (distributed) are interchangeable. Every
// adapter runs the conformance suite in tests/bus/event_bus_conformance.h.
//
// Contract, for every adapter:
// - A topic has a fixed number of partitions; a message goes to the partition
//   chosen by its key (same key, same partition), and a partition is an
//   ordered log: offsets increase by one per message in that partition.
// - Publish() returns OK only once every message is durably stored (embedded:
//   committed to disk; Kafka: acknowledged by all in-sync replicas, idempotent
//   producer). Messages of one Publish() with the same key keep their order.
//   On error some of the messages may have been stored: the caller publishes
//   them again, and consumers deduplicate by the CloudEvents id.
// - Each partition of a topic is consumed by at most one member of a group at
//   a time; every group sees every message (groups are independent).
// - Where a group starts in a partition: at its committed position when it
//   has one, whatever SubscribeOptions say (committed positions always win).
//   A group that has committed nothing in a partition starts at the
//   partition's beginning (StartPosition::kBeginning, the default), so a new
//   group reads every message ever kept; or, with StartPosition::kEnd, at the
//   partition's end when this member gets the partition: the first message
//   it reads there is the first one published after that. Members that do
//   not commit start at the end again on every Subscribe.
// - At-least-once: a message is delivered again (to this member after a
//   restart, or to another after a rebalance) until a Commit() covering it is
//   durable. Commit(m) means "m and everything before it in its partition is
//   done". Nothing is ever skipped.
// - Thread-safety: EventBus is thread-safe. A Consumer is used by one thread.
// - Errors: absl::Status with canonical codes: UNAVAILABLE (broker or disk
//   unavailable: retry), INVALID_ARGUMENT (bad topic name, empty group),
//   FAILED_PRECONDITION (e.g. embedded adapter: the group already has an
//   active member in this process).
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/message.h"

namespace parfumerie::metrics {
class Registry;
}  // namespace parfumerie::metrics

namespace parfumerie::bus {

class Consumer {
 public:
  virtual ~Consumer() = default;

  // Up to `max_messages` messages from this member's partitions, in offset
  // order within each partition, starting after the last committed position
  // (or after the last message already returned by Poll and not rewound).
  // Waits up to `timeout` for at least one; returns an empty vector on time-out.
  virtual absl::StatusOr<std::vector<Message>> Poll(size_t max_messages,
                                                    std::chrono::milliseconds timeout) = 0;

  // Durably records that `message` and everything before it in its partition
  // has been processed by this group.
  virtual absl::Status Commit(const Message& message) = 0;

  // Commit() of each message (at most one per partition), as one durable
  // write where the adapter can (embedded: one transaction, so all or none).
  // The default commits them one after the other and stops at the first error.
  virtual absl::Status CommitAll(std::span<const Message> messages) {
    for (const Message& m : messages) {
      if (absl::Status s = Commit(m); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  // Leaves the group; uncommitted messages will be delivered again.
  virtual void Close() = 0;
};

// Where a group that has committed nothing in a partition starts reading it.
enum class StartPosition {
  kBeginning,  // every message kept (Kafka: auto.offset.reset=earliest)
  kEnd,        // only what is published after the member got the partition
};

struct SubscribeOptions {
  StartPosition start = StartPosition::kBeginning;
  // Where the member reports bus_consumer_lag_messages{topic,group}: the
  // messages of each topic not yet committed by the group, summed over this
  // member's partitions (each member reports its own; sum them in queries).
  // Read from values the member keeps up to date, never from the broker or
  // the disk at scrape time. Null: the process's registry.
  metrics::Registry* metrics = nullptr;
};

class EventBus {
 public:
  virtual ~EventBus() = default;

  virtual absl::Status Publish(std::span<const Message> messages) = 0;

  // Joins `group` as a member consuming `topics` (created if missing),
  // starting where `options` say in partitions the group never committed.
  virtual absl::StatusOr<std::unique_ptr<Consumer>> Subscribe(const std::string& group,
                                                              const std::vector<std::string>& topics,
                                                              const SubscribeOptions& options) = 0;

  // Subscribe with the default options: from the beginning.
  absl::StatusOr<std::unique_ptr<Consumer>> Subscribe(const std::string& group,
                                                      const std::vector<std::string>& topics) {
    return Subscribe(group, topics, SubscribeOptions{});
  }
};

}  // namespace parfumerie::bus

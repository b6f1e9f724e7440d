// The embedded adapter of the EventBus port, for the all-in-one mode: a
// durable, partitioned log in one SQLite file (WAL, synchronous=FULL).
//
// - Partitions: a topic gets `partitions` partitions when first used (by a
//   Publish or a Subscribe) and keeps that count for the life of the file.
//   A message goes to partition PartitionForKey(key, count).
// - Publish: every message of a call is appended in one transaction and is
//   durable when it returns OK. Concurrent publishers (and concurrent
//   Commits) share transactions: whoever arrives while a commit is in flight
//   is written with the next one (group commit), so durable throughput grows
//   with concurrency instead of being capped at one fsync per call.
// - Consumers: one active member per group at a time (a second Subscribe of
//   the group is FAILED_PRECONDITION until the first Close()s), assigned
//   every partition of its topics at Subscribe (so StartPosition::kEnd is
//   each partition's end at Subscribe); Poll wakes as soon as a Publish in
//   this process commits; Commit is durable when it returns.
// - Processes: one process at a time owns the file (a lock file beside it,
//   "<path>.lock"); another Open of the same path fails with
//   FAILED_PRECONDITION while it is held. The lock dies with the process, so
//   a restart after kill -9 reopens at once, at the committed offsets.
// - Messages are kept forever for now (no retention); see docs/events.md.
//
// Thread-safety: the EventBus is thread-safe; each Consumer is used by one
// thread. A Consumer keeps the log open, so it may outlive the EventBus.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "bus/event_bus.h"

namespace parfumerie::bus {

struct EmbeddedBusOptions {
  // Partitions of a topic created by this bus (existing topics keep theirs).
  int32_t partitions = 4;
  // How long a statement waits for the file's lock before UNAVAILABLE.
  std::chrono::milliseconds busy_timeout{5000};
  // Retention: every `retention_check_interval` (and once at open), deletes
  // the messages older than `retention` that every consumer group which ever
  // committed in their topic has committed — never one a group has not
  // consumed yet — and never a partition's last message (it keeps the
  // partition's end). Zero: messages are kept forever.
  std::chrono::milliseconds retention = std::chrono::hours(24 * 7);
  std::chrono::milliseconds retention_check_interval = std::chrono::hours(1);
};

// Opens (creating if needed) the log at `path`. FAILED_PRECONDITION if another
// process has it open or a newer build wrote it; UNAVAILABLE if the file
// cannot be opened; INVALID_ARGUMENT for partitions < 1.
absl::StatusOr<std::unique_ptr<EventBus>> OpenEmbeddedBus(const std::string& path,
                                                          EmbeddedBusOptions options = {});

// The partition of `key` among `partitions`: 32-bit FNV-1a of the key's bytes,
// modulo the count. Stable across builds and platforms (it is on disk).
int32_t PartitionForKey(std::string_view key, int32_t partitions);

}  // namespace parfumerie::bus

// Private to the embedded adapter: the shared state of one open log file,
// kept alive by the bus and by every consumer (shared_ptr).
//
// Writes (appends, offset commits, topic creation) go through one connection
// with group commit: a writer that finds a commit in flight queues its request;
// the next leader writes every queued request in one transaction. Reads use a
// connection per consumer, so they never wait for an fsync.
#pragma once

#include <chrono>
#include <compare>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/message.h"
#include "sqlite/connection.h"
#include "sqlite/raw_statement.h"

namespace parfumerie::bus::embedded {

struct TopicPartition {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const TopicPartition&) const = default;
};

// INVALID_ARGUMENT unless 1..249 characters of [A-Za-z0-9._-] (Kafka's rule).
absl::Status ValidateTopic(std::string_view topic);

class LogCore {
 public:
  static absl::StatusOr<std::shared_ptr<LogCore>> Open(const std::string& path, EmbeddedBusOptions options);
  ~LogCore();
  LogCore(const LogCore&) = delete;
  LogCore& operator=(const LogCore&) = delete;

  const std::string& path() const { return path_; }
  const EmbeddedBusOptions& options() const { return options_; }

  // Durable when OK. Topics must be valid.
  absl::Status Append(std::span<const Message> messages);
  // Partitions' next offsets for `group`, in one transaction.
  absl::Status CommitOffsets(const std::string& group, const std::map<TopicPartition, int64_t>& next_offsets);
  // The topic's partition count, creating the topic (durably) if needed.
  absl::StatusOr<int32_t> EnsureTopic(const std::string& topic);

  // One active member per group: FAILED_PRECONDITION if `group` has one.
  absl::Status Join(const std::string& group);
  void Leave(const std::string& group);

  // Deletes what the retention rule allows (EmbeddedBusOptions::retention)
  // for messages written before `before_ms` (Unix ms); returns how many.
  absl::StatusOr<int64_t> Prune(int64_t before_ms);

  // The partition's end: the offset its next message will get. Everything
  // below it is committed to the file.
  int64_t EndOffset(const TopicPartition& tp);

  // Waits until some partition of `positions` has a message at or after its
  // position, or until `deadline`; returns the partitions' ends (next offset
  // to be written), which are all committed to the file.
  std::map<TopicPartition, int64_t> WaitForData(const std::map<TopicPartition, int64_t>& positions,
                                                std::chrono::steady_clock::time_point deadline);

 private:
  struct OffsetWrite {
    std::string group;
    TopicPartition tp;
    int64_t next_offset = 0;
  };
  struct Request {
    std::span<const Message> messages;
    std::vector<OffsetWrite> offsets;
    std::vector<std::string> topics;  // to create if missing
    std::optional<int64_t> prune_before_ms;  // Prune()
    int64_t pruned = 0;
    absl::Status status;
    bool done = false;
  };

  LogCore(std::string path, EmbeddedBusOptions options, int lock_fd, std::unique_ptr<sqlite::Connection> writer);
  absl::Status Load();
  absl::Status Submit(Request& request);
  // Writes `batch` in one transaction; called by the leader without mu_.
  absl::Status WriteBatch(const std::vector<Request*>& batch, std::map<std::string, int32_t>& new_topics,
                          std::map<TopicPartition, int64_t>& new_ends);
  int32_t PartitionsOf(const std::string& topic, std::map<std::string, int32_t>& new_topics);
  // Within WriteBatch's transaction, by the leader.
  absl::StatusOr<int64_t> PruneLocked(int64_t before_ms);
  int64_t EndLocked(const TopicPartition& tp) const;  // mu_ held

  const std::string path_;
  const EmbeddedBusOptions options_;
  const int lock_fd_;
  std::unique_ptr<sqlite::Connection> writer_;  // used by the leader only
  std::vector<sqlite::RawStatement> statements_;  // insert message, upsert offset, insert topic

  std::mutex mu_;
  std::condition_variable written_;  // a batch finished: leaders and waiting writers
  std::condition_variable data_;     // new messages: polling consumers
  std::deque<Request*> queue_;       // guarded by mu_
  bool writing_ = false;             // a leader is writing; guarded by mu_
  // Written by the leader under mu_; read under mu_, or by the leader alone.
  std::map<std::string, int32_t> partitions_;
  std::map<TopicPartition, int64_t> ends_;
  std::set<std::string> groups_;  // with an active member; guarded by mu_
};

}  // namespace parfumerie::bus::embedded

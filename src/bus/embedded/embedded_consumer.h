// Private to the embedded adapter: a group member reading the log through its
// own connection (reads never wait for the writer's fsync).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bus/embedded/log_core.h"
#include "bus/event_bus.h"
#include "metrics/registry.h"

namespace parfumerie::bus::embedded {

class EmbeddedConsumer final : public Consumer {
 public:
  // Joins `group` (FAILED_PRECONDITION if it has a member) and starts at the
  // group's committed offsets; where it has none, at offset 0 or, with
  // StartPosition::kEnd, at the partition's end now.
  static absl::StatusOr<std::unique_ptr<Consumer>> Create(std::shared_ptr<LogCore> core, const std::string& group,
                                                          const std::vector<std::string>& topics,
                                                          const SubscribeOptions& options);
  ~EmbeddedConsumer() override;

  absl::StatusOr<std::vector<Message>> Poll(size_t max_messages, std::chrono::milliseconds timeout) override;
  absl::Status Commit(const Message& message) override;
  absl::Status CommitAll(std::span<const Message> messages) override;
  void Close() override;

 private:
  // INVALID_ARGUMENT unless this member was given `message`.
  absl::Status CheckCommit(const Message& message) const;
  EmbeddedConsumer(std::shared_ptr<LogCore> core, std::string group) : core_(std::move(core)), group_(std::move(group)) {}
  absl::Status Init(const std::vector<std::string>& topics, StartPosition start);
  // Appends to `out` up to `limit` messages of `tp` from its position.
  absl::Status ReadPartition(const TopicPartition& tp, size_t limit, std::vector<Message>& out);
  // bus_consumer_lag_messages of `topic`: the log's end minus the group's
  // committed position, summed over the partitions; both are in memory.
  double Lag(const std::string& topic);

  std::shared_ptr<LogCore> core_;
  const std::string group_;
  bool closed_ = false;
  std::unique_ptr<sqlite::Connection> reader_;
  std::vector<sqlite::RawStatement> statements_;  // read a partition, committed offset
  std::map<TopicPartition, int64_t> positions_;   // next offset to return, per assigned partition
  size_t next_first_ = 0;  // where the next Poll starts, so no partition starves
  std::mutex committed_mu_;  // the scrape reads committed_ from another thread
  std::map<TopicPartition, int64_t> committed_;  // the group's next offset, per partition; guarded
  std::vector<metrics::CallbackHandle> lag_gauges_;  // one per topic; reset before the rest goes
};

}  // namespace parfumerie::bus::embedded

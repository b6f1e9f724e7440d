// Private to the Kafka adapter: a member of a consumer group, with its own
// librdkafka handle (so it may outlive the bus that made it).
//
// Offsets move only on Commit(), synchronously. A rebalance runs inside
// Poll() (librdkafka serves its callback there, on the caller's thread):
// messages of revoked partitions that this Poll had fetched are dropped
// before it returns, and a partition (re)assigned starts at its committed
// offset, so what was handed out but not committed comes again.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bus/event_bus.h"
#include "bus/kafka/kafka_bus.h"
#include "bus/kafka/rdkafka_util.h"
#include "metrics/registry.h"

namespace parfumerie::bus::kafka {

class KafkaConsumer final : public Consumer {
 public:
  // Joins `group` (the join completes during the first Polls).
  // `subscribe.start` is auto.offset.reset: where a partition the group
  // never committed starts.
  static absl::StatusOr<std::unique_ptr<Consumer>> Create(const KafkaBusOptions& options, const std::string& group,
                                                          const std::vector<std::string>& topics,
                                                          const SubscribeOptions& subscribe);
  ~KafkaConsumer() override;

  absl::StatusOr<std::vector<Message>> Poll(size_t max_messages, std::chrono::milliseconds timeout) override;
  absl::Status Commit(const Message& message) override;
  // One synchronous OffsetCommit request for every partition given.
  absl::Status CommitAll(std::span<const Message> messages) override;
  void Close() override;

 private:
  using TopicPartition = std::pair<std::string, int32_t>;

  KafkaConsumer() = default;
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions,
                          void* opaque);
  void Rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  // Handles a message that carries an error instead of a record: a status to
  // return from Poll for errors the caller must see, OK for those librdkafka
  // retries by itself.
  absl::Status OnError(const rd_kafka_message_t& m);
  // librdkafka's statistics (served by Poll): each topic's lag, the sum of
  // consumer_lag (end offset minus committed offset) over this member's
  // partitions, kept for the lag gauges.
  static int OnStats(rd_kafka_t* rk, char* json, size_t json_len, void* opaque);
  void UpdateLag(std::string_view json);

  HandlePtr rk_;
  std::string group_;
  std::set<TopicPartition> assigned_;
  std::vector<Message> fetched_;  // by the Poll in progress, not yet returned
  // Per subscribed topic (fixed at Create): written by Poll, read by scrapes.
  std::map<std::string, std::atomic<int64_t>> lag_;
  std::vector<metrics::CallbackHandle> lag_gauges_;  // reset before rk_ and lag_ go
};

}  // namespace parfumerie::bus::kafka

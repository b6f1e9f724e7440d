// Private to the Kafka adapter: librdkafka handles with owners, configuration
// from KafkaBusOptions, and the one place where librdkafka's errors become
// absl::Status codes.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/kafka/kafka_bus.h"

namespace parfumerie::bus::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct QueueDeleter {
  void operator()(rd_kafka_queue_t* q) const { rd_kafka_queue_destroy(q); }
};
struct EventDeleter {
  void operator()(rd_kafka_event_t* e) const { rd_kafka_event_destroy(e); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using QueuePtr = std::unique_ptr<rd_kafka_queue_t, QueueDeleter>;
using EventPtr = std::unique_ptr<rd_kafka_event_t, EventDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// Destroys a client handle; for a consumer, after rd_kafka_consumer_close.
struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

// A configuration with what every client of the bus shares: bootstrap
// servers, client id, security, logging into the "bus.kafka" logger, then
// options.properties. INVALID_ARGUMENT names a property librdkafka refused.
absl::StatusOr<ConfPtr> BaseConfig(const KafkaBusOptions& options);

// Sets one property; INVALID_ARGUMENT with librdkafka's reason.
absl::Status Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value);

// A handle of `type` owning `conf` (taken even on failure).
absl::StatusOr<HandlePtr> NewHandle(rd_kafka_type_t type, ConfPtr conf);

// The canonical code for `err`, with `what` and librdkafka's description.
absl::Status ToStatus(rd_kafka_resp_err_t err, std::string_view what);
absl::StatusCode CodeOf(rd_kafka_resp_err_t err);

// Kafka's topic names: 1 to 249 of [A-Za-z0-9._-].
absl::Status ValidateTopic(std::string_view topic);

}  // namespace parfumerie::bus::kafka

// The Kafka adapter of the EventBus port, for the distributed mode, over
// librdkafka (kept out of this header). See docs/kafka.md.
//
// - Publish: an idempotent producer (enable.idempotence=true, acks=all);
//   returns once every message of the call has its delivery report, OK only if
//   all succeeded. Key = Message::key (partitioner murmur2_random, as Java
//   clients), headers = Message::headers. A topic not yet known to this bus is
//   created first with `partitions` partitions (an existing topic keeps its own).
// - Subscribe: a member of a Kafka consumer group (auto.offset.reset=earliest,
//   or latest for StartPosition::kEnd; no auto-commit). Commit() commits
//   offset+1 of the message's partition synchronously. A rebalance drops what
//   a Poll had fetched but not returned from revoked partitions; a partition
//   assigned again starts from its committed offset, so uncommitted messages
//   come again (never skipped).
// - Errors: UNAVAILABLE when the cluster cannot be reached or a delivery timed
//   out (a timed-out message may still have been stored: publish it again,
//   consumers deduplicate); INVALID_ARGUMENT for bad names, options or
//   oversized messages; PERMISSION_DENIED / UNAUTHENTICATED for ACL and SASL
//   failures; ABORTED for a Commit of a partition this member no longer owns
//   (the message will be delivered again, to its new owner).
//
// Thread-safety: the EventBus is thread-safe; each Consumer is used by one
// thread and may outlive the EventBus.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "bus/event_bus.h"

namespace parfumerie::bus {

struct KafkaBusOptions {
  // "host:port[,host:port...]".
  std::string bootstrap_servers;
  // Partitions of a topic this bus creates; its replication factor (-1: the
  // cluster's default.replication.factor).
  int32_t partitions = 4;
  int16_t replication_factor = -1;
  std::string client_id = "parfumerie";
  // A Publish fails with UNAVAILABLE after at most this long for creating or
  // finding its topics, plus this long for the deliveries (message.timeout.ms).
  std::chrono::milliseconds publish_timeout{30000};
  // A member that stops heartbeating is removed from its group after this.
  std::chrono::milliseconds session_timeout{10000};
  // How often a consumer's librdkafka statistics refresh its
  // bus_consumer_lag_messages (from each partition's consumer_lag).
  std::chrono::milliseconds stats_interval{5000};
  // Security, passed to librdkafka as is when non-empty:
  // security.protocol (plaintext, ssl, sasl_plaintext, sasl_ssl),
  // ssl.ca.location, sasl.mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512),
  // sasl.username, sasl.password.
  std::string security_protocol;
  std::string ssl_ca_location;
  std::string sasl_mechanism;
  std::string sasl_username;
  std::string sasl_password;
  // Any other librdkafka property, applied last (producer, consumer and admin).
  std::map<std::string, std::string> properties;
};

// Parses "kafka://host:9092[,host2:9092][?name=value&...]" into options.
// Credentials may come as "kafka://user:password@host:9092". Query names:
// partitions, replication_factor, client_id, security.protocol,
// ssl.ca.location, sasl.mechanism, sasl.username, sasl.password; any other
// name containing a dot is a librdkafka property. Values are percent-decoded.
// INVALID_ARGUMENT for anything else or a missing host or port.
absl::StatusOr<KafkaBusOptions> ParseKafkaUrl(std::string_view url);

// Connects a producer to the cluster. Nothing is sent before the first
// Publish or Subscribe, so this succeeds even if the cluster is down; it is
// INVALID_ARGUMENT for bad options (librdkafka's message says which).
absl::StatusOr<std::unique_ptr<EventBus>> OpenKafkaBus(const KafkaBusOptions& options);

}  // namespace parfumerie::bus

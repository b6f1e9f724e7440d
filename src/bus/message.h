// A message on the event bus, shaped after Kafka's record: topic, key,
// headers, payload; partition and offset once it has been stored.
//
// Every event of the saga carries the CloudEvents attributes as headers (the
// CloudEvents Kafka protocol binding: "ce_" prefix) plus W3C `traceparent`,
// and a payload that is a serialized parfumerie.v1 protobuf message whose full
// name is the `ce_type`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace google::protobuf {
class Message;
}

namespace parfumerie::bus {

// Topics of the saga. The key of every event is the order id, so that one
// order's events stay in order (same partition).
inline constexpr std::string_view kTopicCommandes = "commandes";
inline constexpr std::string_view kTopicPaiements = "paiements";
inline constexpr std::string_view kTopicLivraisons = "livraisons";
// Where a message that kept failing goes: "<topic>.dlq".
std::string DeadLetterTopic(std::string_view topic);

// CloudEvents attributes (binary content mode, Kafka binding).
inline constexpr std::string_view kCeSpecVersion = "ce_specversion";  // "1.0"
inline constexpr std::string_view kCeId = "ce_id";                    // unique per event
inline constexpr std::string_view kCeSource = "ce_source";            // e.g. "/parfumerie/catalog"
inline constexpr std::string_view kCeType = "ce_type";                // "parfumerie.v1.OrderPlaced"
inline constexpr std::string_view kCeSubject = "ce_subject";          // the order id
inline constexpr std::string_view kCeTime = "ce_time";                // RFC 3339 UTC
inline constexpr std::string_view kContentType = "content-type";      // "application/protobuf"
inline constexpr std::string_view kTraceparent = "traceparent";       // W3C trace context
// Added to a dead-lettered message.
inline constexpr std::string_view kDlqError = "x-dlq-error";
inline constexpr std::string_view kDlqAttempts = "x-dlq-attempts";
inline constexpr std::string_view kDlqTopic = "x-dlq-original-topic";
inline constexpr std::string_view kDlqPartition = "x-dlq-original-partition";
inline constexpr std::string_view kDlqOffset = "x-dlq-original-offset";
inline constexpr std::string_view kDlqGroup = "x-dlq-consumer-group";

struct Header {
  std::string name;
  std::string value;
  friend bool operator==(const Header&, const Header&) = default;
};

struct Message {
  std::string topic;
  std::string key;
  std::vector<Header> headers;
  std::string payload;
  // Set by the bus when the message is consumed; -1 before it is stored.
  int32_t partition = -1;
  int64_t offset = -1;

  // The first header named `name`, if any.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Gives the first header named `name` the value `value`, or appends one.
  void Set(std::string_view name, std::string value);
  // The CloudEvents id (empty if missing): what consumers deduplicate on.
  std::string_view Id() const { return Get(kCeId).value_or(""); }
  std::string_view Type() const { return Get(kCeType).value_or(""); }
};

// An event ready to publish or to put in an outbox: CloudEvents headers with
// a fresh random id, ce_type = payload's full name, ce_subject = key, and
// `traceparent` when non-empty.
Message MakeEvent(std::string_view topic, std::string_view key,
                  const google::protobuf::Message& payload, std::string_view source,
                  std::chrono::system_clock::time_point time, std::string_view traceparent = {});

}  // namespace parfumerie::bus

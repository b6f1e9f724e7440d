#include "bus/kafka/kafka_consumer.h"

#include <algorithm>
#include <cstring>

#include <boost/json.hpp>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parfumerie::bus::kafka {
namespace {

Message ToMessage(const rd_kafka_message_t& m) {
  Message out;
  out.topic = rd_kafka_topic_name(m.rkt);
  out.partition = m.partition;
  out.offset = m.offset;
  if (m.key != nullptr) out.key.assign(static_cast<const char*>(m.key), m.key_len);
  if (m.payload != nullptr) out.payload.assign(static_cast<const char*>(m.payload), m.len);
  rd_kafka_headers_t* headers = nullptr;  // owned by the message
  if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      // A null header value reads as empty, as Message has no null.
      out.headers.push_back({name, value == nullptr ? std::string() : std::string(static_cast<const char*>(value), size)});
    }
  }
  return out;
}

bool Cooperative(rd_kafka_t* rk) { return std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0; }

}  // namespace

absl::StatusOr<std::unique_ptr<Consumer>> KafkaConsumer::Create(const KafkaBusOptions& options,
                                                                const std::string& group,
                                                                const std::vector<std::string>& topics,
                                                                const SubscribeOptions& subscribe) {
  const StartPosition start = subscribe.start;
  std::unique_ptr<KafkaConsumer> consumer(new KafkaConsumer());
  consumer->group_ = group;
  for (const std::string& t : topics) consumer->lag_[t].store(0);
  absl::StatusOr<ConfPtr> conf = BaseConfig(options);
  if (!conf.ok()) return conf.status();
  const std::pair<const char*, std::string> settings[] = {
      {"group.id", group},
      // Offsets move only when Commit() says so, synchronously.
      {"enable.auto.commit", "false"},
      {"enable.auto.offset.store", "false"},
      // Only for a partition without a committed offset (or whose committed
      // offset retention has deleted): a committed offset always wins.
      {"auto.offset.reset", start == StartPosition::kEnd ? "latest" : "earliest"},
      {"enable.partition.eof", "false"},
      {"session.timeout.ms", std::to_string(options.session_timeout.count())},
      {"statistics.interval.ms", std::to_string(options.stats_interval.count())},
  };
  for (const auto& [name, value] : settings) {
    if (absl::Status s = Set(conf->get(), name, value); !s.ok()) return s;
  }
  for (const auto& [name, value] : options.properties) {  // the caller's word is last
    if (absl::Status s = Set(conf->get(), name, value); !s.ok()) return s;
  }
  rd_kafka_conf_set_rebalance_cb(conf->get(), &KafkaConsumer::OnRebalance);
  rd_kafka_conf_set_stats_cb(conf->get(), &KafkaConsumer::OnStats);
  rd_kafka_conf_set_opaque(conf->get(), consumer.get());
  absl::StatusOr<HandlePtr> rk = NewHandle(RD_KAFKA_CONSUMER, std::move(*conf));
  if (!rk.ok()) return rk.status();
  consumer->rk_ = std::move(*rk);
  // Logs and errors are served by rd_kafka_consumer_poll too.
  rd_kafka_poll_set_consumer(consumer->rk_.get());

  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& t : topics) rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  if (absl::Status s = ToStatus(rd_kafka_subscribe(consumer->rk_.get(), list.get()), "subscribe"); !s.ok()) {
    return s;
  }
  metrics::Registry& registry = subscribe.metrics != nullptr ? *subscribe.metrics : metrics::Registry::Default();
  for (auto& [topic, lag] : consumer->lag_) {
    consumer->lag_gauges_.push_back(registry.AddGaugeCallback(
        {.name = "bus_consumer_lag_messages",
         .help = "Messages of a topic not yet committed by a consumer group.",
         .labels = {"topic", "group"}},
        {topic, group}, [&lag] { return static_cast<double>(lag.load(std::memory_order_relaxed)); }));
  }
  return consumer;
}

KafkaConsumer::~KafkaConsumer() { Close(); }

void KafkaConsumer::OnRebalance(rd_kafka_t* /*rk*/, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<KafkaConsumer*>(opaque)->Rebalance(err, partitions);
}

void KafkaConsumer::Rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  rd_kafka_t* rk = rk_.get();
  const bool cooperative = Cooperative(rk);
  std::set<TopicPartition> listed;
  for (int i = 0; i < partitions->cnt; ++i) listed.emplace(partitions->elems[i].topic, partitions->elems[i].partition);

  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    // Offsets are left unset: each partition starts at the group's committed
    // offset (or where auto.offset.reset says), which rewinds whatever was
    // not committed.
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions)) rd_kafka_error_destroy(e);
      assigned_.insert(listed.begin(), listed.end());
    } else {
      rd_kafka_assign(rk, partitions);
      assigned_ = std::move(listed);
    }
    return;
  }
  // Revoked (or lost): what this Poll fetched from those partitions is not
  // returned, it belongs to their next owner.
  const bool all = err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS || !cooperative;
  std::erase_if(fetched_, [&](const Message& m) { return all || listed.contains({m.topic, m.partition}); });
  if (cooperative) {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions)) rd_kafka_error_destroy(e);
    for (const TopicPartition& tp : listed) assigned_.erase(tp);
  } else {
    rd_kafka_assign(rk, nullptr);
    assigned_.clear();
  }
}

int KafkaConsumer::OnStats(rd_kafka_t* /*rk*/, char* json, size_t json_len, void* opaque) {
  static_cast<KafkaConsumer*>(opaque)->UpdateLag(std::string_view(json, json_len));
  return 0;  // librdkafka frees `json`
}

void KafkaConsumer::UpdateLag(std::string_view json) {
  boost::system::error_code ec;
  const boost::json::value stats = boost::json::parse(json, ec);
  const boost::json::object* topics = nullptr;
  if (!ec && stats.is_object()) {
    if (const boost::json::value* t = stats.as_object().if_contains("topics")) topics = t->if_object();
  }
  if (topics == nullptr) return;
  for (auto& [topic, lag] : lag_) {
    int64_t sum = 0;
    const boost::json::value* t = topics->if_contains(topic);
    const boost::json::value* partitions = t != nullptr && t->is_object() ? t->as_object().if_contains("partitions")
                                                                          : nullptr;
    if (partitions != nullptr && partitions->is_object()) {
      for (const auto& [id, p] : partitions->as_object()) {
        // -1 is librdkafka's internal "unassigned" partition; a lag of -1
        // means unknown (not assigned here, or nothing committed yet).
        const boost::json::value* l = p.is_object() ? p.as_object().if_contains("consumer_lag") : nullptr;
        if (id == "-1" || l == nullptr || !l->is_int64() || l->as_int64() < 0) continue;
        sum += l->as_int64();
      }
    }
    lag.store(sum, std::memory_order_relaxed);
  }
}

absl::Status KafkaConsumer::OnError(const rd_kafka_message_t& m) {
  if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return absl::OkStatus();
  char reason[512];
  if (const rd_kafka_resp_err_t fatal = rd_kafka_fatal_error(rk_.get(), reason, sizeof(reason))) {
    return ToStatus(fatal, absl::StrCat("consumer of group ", group_, " failed: ", reason));
  }
  const absl::Status s = ToStatus(m.err, absl::StrCat("consumer of group ", group_));
  if (s.code() == absl::StatusCode::kUnavailable) {
    // librdkafka reconnects and refetches by itself.
    static const std::shared_ptr<spdlog::logger> logger = log::Get("bus.kafka");
    logger->warn("{}", std::string(s.message()));
    return absl::OkStatus();
  }
  return s;
}

absl::StatusOr<std::vector<Message>> KafkaConsumer::Poll(size_t max_messages, std::chrono::milliseconds timeout) {
  if (rk_ == nullptr) return absl::FailedPreconditionError("kafka: Poll on a closed consumer");
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + timeout;
  fetched_.clear();
  while (fetched_.size() < max_messages) {
    int wait_ms = 0;
    if (fetched_.empty()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      wait_ms = static_cast<int>(std::max<int64_t>(left.count(), 0));
    }
    MessagePtr m(rd_kafka_consumer_poll(rk_.get(), wait_ms));
    if (m == nullptr) {
      if (!fetched_.empty() || Clock::now() >= deadline) break;
      continue;
    }
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (absl::Status s = OnError(*m); !s.ok()) return s;
      if (fetched_.empty() && Clock::now() >= deadline) break;
      continue;
    }
    fetched_.push_back(ToMessage(*m));
  }
  std::vector<Message> out;
  out.swap(fetched_);
  return out;
}

absl::Status KafkaConsumer::Commit(const Message& message) {
  return CommitAll(std::span<const Message>(&message, 1));
}

absl::Status KafkaConsumer::CommitAll(std::span<const Message> messages) {
  if (rk_ == nullptr) return absl::FailedPreconditionError("kafka: Commit on a closed consumer");
  if (messages.empty()) return absl::OkStatus();
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(messages.size())));
  for (const Message& message : messages) {
    if (!assigned_.contains({message.topic, message.partition})) {
      return absl::AbortedError(absl::StrCat("kafka: partition ", message.topic, "/", message.partition,
                                             " is no longer assigned to this member of group ", group_,
                                             " (rebalanced); its new owner gets offset ", message.offset, " again"));
    }
    rd_kafka_topic_partition_list_add(list.get(), message.topic.c_str(), message.partition)->offset =
        message.offset + 1;
  }
  const std::string what =
      messages.size() == 1
          ? absl::StrCat("commit of ", messages[0].topic, "/", messages[0].partition, "@", messages[0].offset,
                         " for group ", group_)
          : absl::StrCat("commit of ", messages.size(), " partitions for group ", group_);
  if (absl::Status s = ToStatus(rd_kafka_commit(rk_.get(), list.get(), /*async=*/0), what); !s.ok()) return s;
  for (int i = 0; i < list->cnt; ++i) {
    if (absl::Status s = ToStatus(list->elems[i].err, what); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void KafkaConsumer::Close() {
  lag_gauges_.clear();
  if (rk_ == nullptr) return;
  // Leaves the group at once (the revocation runs through Rebalance), so
  // the partitions go to the other members without waiting for a time-out.
  rd_kafka_consumer_close(rk_.get());
  rk_.reset();
  fetched_.clear();
  assigned_.clear();
}

}  // namespace parfumerie::bus::kafka

#include "bus/kafka/kafka_bus.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "bus/kafka/kafka_consumer.h"
#include "bus/kafka/rdkafka_util.h"

namespace parfumerie::bus {
namespace {

using kafka::ToStatus;
using Clock = std::chrono::steady_clock;

int MillisLeft(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, INT32_MAX));
}

// The delivery reports of one Publish call.
struct PublishCall {
  std::mutex mu;
  std::condition_variable done;
  size_t in_flight = 0;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  std::string failed_topic;
};

class KafkaBus final : public EventBus {
 public:
  static absl::StatusOr<std::unique_ptr<EventBus>> Open(const KafkaBusOptions& options);
  ~KafkaBus() override;

  absl::Status Publish(std::span<const Message> messages) override;
  using EventBus::Subscribe;
  absl::StatusOr<std::unique_ptr<Consumer>> Subscribe(const std::string& group, const std::vector<std::string>& topics,
                                                      const SubscribeOptions& options) override;

 private:
  explicit KafkaBus(KafkaBusOptions options) : options_(std::move(options)) {}
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* m, void* opaque);
  // Creates the topics this bus has not seen yet (those that exist keep
  // their partitions) and waits until the cluster's metadata lists them.
  absl::Status EnsureTopics(const std::set<std::string>& topics, Clock::time_point deadline);
  absl::Status CreateTopics(const std::vector<std::string>& topics, Clock::time_point deadline);
  absl::Status AwaitMetadata(const std::string& topic, Clock::time_point deadline);
  // Queues one message of `call`; waits (until `deadline`) while the
  // producer's queue is full.
  rd_kafka_resp_err_t Produce(const Message& m, PublishCall& call, Clock::time_point deadline);

  const KafkaBusOptions options_;
  kafka::HandlePtr producer_;
  std::thread poller_;  // serves delivery reports
  std::atomic<bool> stopping_{false};
  std::mutex topics_mu_;
  std::set<std::string> known_topics_;
};

absl::StatusOr<std::unique_ptr<EventBus>> KafkaBus::Open(const KafkaBusOptions& options) {
  if (options.partitions < 1) return absl::InvalidArgumentError("kafka: partitions must be at least 1");
  if (options.publish_timeout.count() < 1) return absl::InvalidArgumentError("kafka: publish_timeout must be > 0");
  std::unique_ptr<KafkaBus> bus(new KafkaBus(options));
  absl::StatusOr<kafka::ConfPtr> conf = kafka::BaseConfig(options);
  if (!conf.ok()) return conf.status();
  const std::pair<const char*, std::string> settings[] = {
      // No duplicates and no reordering on retries; needs acks=all.
      {"enable.idempotence", "true"},
      {"acks", "all"},
      {"message.timeout.ms", std::to_string(options.publish_timeout.count())},
      // The Java client's partitioner: the same key lands on the same
      // partition whichever client wrote it.
      {"partitioner", "murmur2_random"},
  };
  for (const auto& [name, value] : settings) {
    if (absl::Status s = kafka::Set(conf->get(), name, value); !s.ok()) return s;
  }
  for (const auto& [name, value] : options.properties) {
    if (absl::Status s = kafka::Set(conf->get(), name, value); !s.ok()) return s;
  }
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &KafkaBus::OnDelivery);
  absl::StatusOr<kafka::HandlePtr> producer = kafka::NewHandle(RD_KAFKA_PRODUCER, std::move(*conf));
  if (!producer.ok()) return producer.status();
  bus->producer_ = std::move(*producer);
  bus->poller_ = std::thread([b = bus.get()] {
    while (!b->stopping_.load()) rd_kafka_poll(b->producer_.get(), 100);
  });
  return bus;
}

KafkaBus::~KafkaBus() {
  stopping_ = true;
  if (poller_.joinable()) poller_.join();  // not started if Open failed
  // Every Publish has returned, so every message has its report: nothing
  // is left to flush.
}

void KafkaBus::OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m, void* /*opaque*/) {
  auto* call = static_cast<PublishCall*>(m->_private);
  std::lock_guard lock(call->mu);
  if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR && call->error == RD_KAFKA_RESP_ERR_NO_ERROR) {
    call->error = m->err;
    call->failed_topic = rd_kafka_topic_name(m->rkt);
  }
  --call->in_flight;
  // Under the lock: once in_flight is 0 the publisher may destroy `call`.
  call->done.notify_all();
}

rd_kafka_resp_err_t KafkaBus::Produce(const Message& m, PublishCall& call, Clock::time_point deadline) {
  {
    std::lock_guard lock(call.mu);
    ++call.in_flight;
  }
  for (;;) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
    for (const Header& h : m.headers) {
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                          static_cast<ssize_t>(h.value.size()));
    }
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer_.get(), RD_KAFKA_V_TOPIC(m.topic.c_str()), RD_KAFKA_V_KEY(m.key.data(), m.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(m.payload.data()), m.payload.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(&call),
        RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return err;  // the headers are the message's now
    rd_kafka_headers_destroy(headers);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || Clock::now() >= deadline) {
      std::lock_guard lock(call.mu);
      --call.in_flight;
      return err;
    }
    // Wait for deliveries to make room (rd_kafka_poll may be called from
    // several threads).
    rd_kafka_poll(producer_.get(), 10);
  }
}

absl::Status KafkaBus::Publish(std::span<const Message> messages) {
  std::set<std::string> topics;
  for (const Message& m : messages) {
    if (absl::Status s = kafka::ValidateTopic(m.topic); !s.ok()) return s;
    topics.insert(m.topic);
  }
  if (messages.empty()) return absl::OkStatus();
  if (absl::Status s = EnsureTopics(topics, Clock::now() + options_.publish_timeout); !s.ok()) return s;

  PublishCall call;
  const Clock::time_point deadline = Clock::now() + options_.publish_timeout;
  absl::Status queued;
  for (const Message& m : messages) {
    if (const rd_kafka_resp_err_t err = Produce(m, call, deadline)) {
      // The rest is not queued; what was queued is waited for below, since
      // its reports point at `call`.
      queued = ToStatus(err, absl::StrCat("publish to ", m.topic));
      break;
    }
  }
  // librdkafka reports every queued message within message.timeout.ms.
  std::unique_lock lock(call.mu);
  call.done.wait(lock, [&] { return call.in_flight == 0; });
  if (!queued.ok()) return queued;
  return ToStatus(call.error, absl::StrCat("delivery to ", call.failed_topic));
}

absl::StatusOr<std::unique_ptr<Consumer>> KafkaBus::Subscribe(const std::string& group,
                                                             const std::vector<std::string>& topics,
                                                             const SubscribeOptions& options) {
  if (group.empty()) return absl::InvalidArgumentError("kafka: a consumer group needs a name");
  if (topics.empty()) return absl::InvalidArgumentError("kafka: subscribe to at least one topic");
  std::set<std::string> unique;
  for (const std::string& t : topics) {
    if (absl::Status s = kafka::ValidateTopic(t); !s.ok()) return s;
    unique.insert(t);
  }
  if (absl::Status s = EnsureTopics(unique, Clock::now() + options_.publish_timeout); !s.ok()) return s;
  return kafka::KafkaConsumer::Create(options_, group, topics, options);
}

absl::Status KafkaBus::EnsureTopics(const std::set<std::string>& topics, Clock::time_point deadline) {
  std::vector<std::string> unknown;
  {
    std::lock_guard lock(topics_mu_);
    for (const std::string& t : topics) {
      if (!known_topics_.contains(t)) unknown.push_back(t);
    }
  }
  if (unknown.empty()) return absl::OkStatus();
  if (absl::Status s = CreateTopics(unknown, deadline); !s.ok()) return s;
  for (const std::string& t : unknown) {
    if (absl::Status s = AwaitMetadata(t, deadline); !s.ok()) return s;
  }
  std::lock_guard lock(topics_mu_);
  known_topics_.insert(unknown.begin(), unknown.end());
  return absl::OkStatus();
}

absl::Status KafkaBus::CreateTopics(const std::vector<std::string>& topics, Clock::time_point deadline) {
  char err[512];
  std::vector<rd_kafka_NewTopic_t*> new_topics;
  for (const std::string& t : topics) {
    new_topics.push_back(
        rd_kafka_NewTopic_new(t.c_str(), options_.partitions, options_.replication_factor, err, sizeof(err)));
    if (new_topics.back() == nullptr) {
      new_topics.pop_back();
      rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
      return absl::InvalidArgumentError(absl::StrCat("kafka: topic ", t, ": ", err));
    }
  }
  rd_kafka_AdminOptions_t* admin = rd_kafka_AdminOptions_new(producer_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  const int timeout_ms = std::max(MillisLeft(deadline), 1);
  rd_kafka_AdminOptions_set_request_timeout(admin, timeout_ms, err, sizeof(err));
  rd_kafka_AdminOptions_set_operation_timeout(admin, timeout_ms, err, sizeof(err));
  kafka::QueuePtr queue(rd_kafka_queue_new(producer_.get()));
  rd_kafka_CreateTopics(producer_.get(), new_topics.data(), new_topics.size(), admin, queue.get());
  rd_kafka_AdminOptions_destroy(admin);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());

  // The request's own time-out answers first; this bound is a safety net.
  kafka::EventPtr event(rd_kafka_queue_poll(queue.get(), timeout_ms + 5000));
  if (event == nullptr) return absl::UnavailableError("kafka: creating topics: no answer from the cluster");
  if (absl::Status s = ToStatus(rd_kafka_event_error(event.get()), "creating topics"); !s.ok()) return s;
  size_t count = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event.get()), &count);
  for (size_t i = 0; i < count; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) continue;
    const char* reason = rd_kafka_topic_result_error_string(results[i]);
    return ToStatus(e, absl::StrCat("creating topic ", rd_kafka_topic_result_name(results[i]),
                                    reason != nullptr ? absl::StrCat(" (", reason, ")") : ""));
  }
  return absl::OkStatus();
}

absl::Status KafkaBus::AwaitMetadata(const std::string& topic, Clock::time_point deadline) {
  rd_kafka_topic_t* handle = rd_kafka_topic_new(producer_.get(), topic.c_str(), nullptr);
  absl::Status last = absl::UnavailableError(absl::StrCat("kafka: topic ", topic, " not in the metadata in time"));
  // Bounded by the deadline; each round is one metadata request.
  while (Clock::now() < deadline) {
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t err =
        rd_kafka_metadata(producer_.get(), /*all_topics=*/0, handle, &md, std::max(MillisLeft(deadline), 1));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      last = ToStatus(err, absl::StrCat("metadata of topic ", topic));
    } else {
      const bool ready = md->topic_cnt == 1 && md->topics[0].err == RD_KAFKA_RESP_ERR_NO_ERROR &&
                         md->topics[0].partition_cnt > 0;
      rd_kafka_metadata_destroy(md);
      if (ready) {
        rd_kafka_topic_destroy(handle);
        return absl::OkStatus();
      }
    }
    // Back off before asking again: the controller has the topic, and this
    // broker's view of it follows within milliseconds.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  rd_kafka_topic_destroy(handle);
  return last;
}

}  // namespace

absl::StatusOr<std::unique_ptr<EventBus>> OpenKafkaBus(const KafkaBusOptions& options) {
  return KafkaBus::Open(options);
}

}  // namespace parfumerie::bus

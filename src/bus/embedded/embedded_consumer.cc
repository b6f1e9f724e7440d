#include "bus/embedded/embedded_consumer.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "bus/header_codec.h"

namespace parfumerie::bus::embedded {
namespace {

enum StatementIndex { kReadPartition, kCommittedOffset };
const char* const kStatements[] = {
    "SELECT offset, key, headers, payload FROM messages"
    " WHERE topic = ?1 AND partition = ?2 AND offset >= ?3 ORDER BY offset LIMIT ?4",
    "SELECT next_offset FROM consumer_offsets WHERE consumer_group = ?1 AND topic = ?2 AND partition = ?3",
};

}  // namespace

absl::StatusOr<std::unique_ptr<Consumer>> EmbeddedConsumer::Create(std::shared_ptr<LogCore> core,
                                                                   const std::string& group,
                                                                   const std::vector<std::string>& topics,
                                                                   const SubscribeOptions& options) {
  if (group.empty()) return absl::InvalidArgumentError("bus: the consumer group name is empty");
  if (topics.empty()) return absl::InvalidArgumentError("bus: subscribe to at least one topic");
  for (const std::string& t : topics) {
    if (absl::Status s = ValidateTopic(t); !s.ok()) return s;
  }
  if (absl::Status s = core->Join(group); !s.ok()) return s;
  std::unique_ptr<EmbeddedConsumer> consumer(new EmbeddedConsumer(std::move(core), group));
  if (absl::Status s = consumer->Init(topics, options.start); !s.ok()) return s;  // the destructor leaves the group
  metrics::Registry& registry = options.metrics != nullptr ? *options.metrics : metrics::Registry::Default();
  EmbeddedConsumer* self = consumer.get();
  for (const std::string& topic : std::set<std::string>(topics.begin(), topics.end())) {
    self->lag_gauges_.push_back(registry.AddGaugeCallback(
        {.name = "bus_consumer_lag_messages",
         .help = "Messages of a topic not yet committed by a consumer group.",
         .labels = {"topic", "group"}},
        {topic, group}, [self, topic] { return self->Lag(topic); }));
  }
  return consumer;
}

absl::Status EmbeddedConsumer::Init(const std::vector<std::string>& topics, StartPosition start) {
  absl::StatusOr<std::unique_ptr<sqlite::Connection>> conn =
      sqlite::Connection::Open(core_->path(), core_->options().busy_timeout);
  if (!conn.ok()) return conn.status();
  reader_ = std::move(*conn);
  for (const char* sql : kStatements) {
    absl::StatusOr<sqlite::RawStatement> stmt = sqlite::RawStatement::Prepare(reader_->db(), sql);
    if (!stmt.ok()) return stmt.status();
    statements_.push_back(std::move(*stmt));
  }
  sqlite::RawStatement& committed = statements_[kCommittedOffset];
  for (const std::string& topic : topics) {
    absl::StatusOr<int32_t> partitions = core_->EnsureTopic(topic);
    if (!partitions.ok()) return partitions.status();
    for (int32_t p = 0; p < *partitions; ++p) {
      committed.Reset();
      committed.BindText(1, group_);
      committed.BindText(2, topic);
      committed.BindInt(3, p);
      absl::StatusOr<bool> row = committed.Step();
      if (!row.ok()) return row.status();
      const TopicPartition tp{topic, p};
      if (*row) {
        positions_[tp] = committed.Int(0);
      } else {
        // Every partition is assigned here, at Subscribe: its end now is the
        // end "when the member got the partition".
        positions_[tp] = start == StartPosition::kEnd ? core_->EndOffset(tp) : 0;
      }
      std::lock_guard lock(committed_mu_);
      committed_[tp] = positions_[tp];
    }
  }
  committed.Reset();  // ends the read transaction
  return absl::OkStatus();
}

EmbeddedConsumer::~EmbeddedConsumer() { Close(); }

absl::StatusOr<std::vector<Message>> EmbeddedConsumer::Poll(size_t max_messages,
                                                            std::chrono::milliseconds timeout) {
  if (closed_) return absl::FailedPreconditionError("bus: Poll on a closed consumer");
  std::vector<Message> out;
  if (max_messages == 0) return out;
  const std::map<TopicPartition, int64_t> ends =
      core_->WaitForData(positions_, std::chrono::steady_clock::now() + timeout);
  std::vector<TopicPartition> ready;
  for (const auto& [tp, position] : positions_) {
    if (ends.at(tp) > position) ready.push_back(tp);
  }
  // Start one partition further each time, so one busy partition cannot
  // starve the others when max_messages is small.
  for (size_t i = 0; i < ready.size() && out.size() < max_messages; ++i) {
    const TopicPartition& tp = ready[(next_first_ + i) % ready.size()];
    const size_t before = out.size();
    if (absl::Status s = ReadPartition(tp, max_messages - out.size(), out); !s.ok()) {
      out.resize(before);  // positions only move for what is returned
      if (before == 0) return s;
      break;
    }
  }
  ++next_first_;
  return out;
}

absl::Status EmbeddedConsumer::ReadPartition(const TopicPartition& tp, size_t limit, std::vector<Message>& out) {
  sqlite::RawStatement& read = statements_[kReadPartition];
  read.Reset();
  read.BindText(1, tp.topic);
  read.BindInt(2, tp.partition);
  read.BindInt(3, positions_.at(tp));
  read.BindInt(4, static_cast<int64_t>(limit));
  std::vector<Message> got;
  for (;;) {
    absl::StatusOr<bool> row = read.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Message m;
    m.topic = tp.topic;
    m.partition = tp.partition;
    m.offset = read.Int(0);
    m.key = read.Bytes(1);
    absl::StatusOr<std::vector<Header>> headers = DecodeHeaders(read.Bytes(2));
    if (!headers.ok()) {
      return absl::DataLossError(absl::StrCat("bus: ", tp.topic, "/", tp.partition, "@", m.offset, ": ",
                                              std::string(headers.status().message())));
    }
    m.headers = std::move(*headers);
    m.payload = read.Bytes(3);
    got.push_back(std::move(m));
  }
  read.Reset();  // ends the read transaction
  if (!got.empty()) positions_[tp] = got.back().offset + 1;
  for (Message& m : got) out.push_back(std::move(m));
  return absl::OkStatus();
}

absl::Status EmbeddedConsumer::CheckCommit(const Message& message) const {
  auto it = positions_.find(TopicPartition{message.topic, message.partition});
  if (it == positions_.end()) {
    return absl::InvalidArgumentError(absl::StrCat("bus: ", message.topic, "/", message.partition,
                                                   " is not assigned to this member of ", group_));
  }
  if (message.offset < 0 || message.offset >= it->second) {
    return absl::InvalidArgumentError(absl::StrCat("bus: commit of ", message.topic, "/", message.partition, "@",
                                                   message.offset, ", which this member was not given"));
  }
  return absl::OkStatus();
}

absl::Status EmbeddedConsumer::Commit(const Message& message) {
  return CommitAll(std::span<const Message>(&message, 1));
}

absl::Status EmbeddedConsumer::CommitAll(std::span<const Message> messages) {
  if (closed_) return absl::FailedPreconditionError("bus: Commit on a closed consumer");
  std::map<TopicPartition, int64_t> next;
  for (const Message& m : messages) {
    if (absl::Status s = CheckCommit(m); !s.ok()) return s;
    int64_t& n = next[TopicPartition{m.topic, m.partition}];
    n = std::max(n, m.offset + 1);
  }
  if (next.empty()) return absl::OkStatus();
  if (absl::Status s = core_->CommitOffsets(group_, next); !s.ok()) return s;
  std::lock_guard lock(committed_mu_);
  for (const auto& [tp, n] : next) committed_[tp] = n;
  return absl::OkStatus();
}

double EmbeddedConsumer::Lag(const std::string& topic) {
  std::lock_guard lock(committed_mu_);
  int64_t lag = 0;
  for (auto it = committed_.lower_bound(TopicPartition{topic, 0}); it != committed_.end() && it->first.topic == topic;
       ++it) {
    lag += std::max<int64_t>(core_->EndOffset(it->first) - it->second, 0);
  }
  return static_cast<double>(lag);
}

void EmbeddedConsumer::Close() {
  if (closed_) return;
  closed_ = true;
  lag_gauges_.clear();
  statements_.clear();
  reader_.reset();
  core_->Leave(group_);
}

}  // namespace parfumerie::bus::embedded

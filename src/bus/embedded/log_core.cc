#include "bus/embedded/log_core.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "bus/header_codec.h"
#include "sqlite/migrate.h"

namespace parfumerie::bus::embedded {
namespace {

// Never edit a released migration: append a new one.
const char* const kMigrations[] = {
    // A partition is an ordered log: (topic, partition, offset) is the key,
    // so reading a partition from a position is one range scan.
    "CREATE TABLE topics ("
    " topic TEXT PRIMARY KEY, partitions INTEGER NOT NULL CHECK (partitions > 0)) STRICT;"
    "CREATE TABLE messages ("
    " topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,"
    " key BLOB NOT NULL, headers BLOB NOT NULL, payload BLOB NOT NULL, timestamp_ms INTEGER NOT NULL,"
    " PRIMARY KEY (topic, partition, offset)) STRICT, WITHOUT ROWID;"
    "CREATE TABLE consumer_offsets ("
    " consumer_group TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,"
    " next_offset INTEGER NOT NULL,"
    " PRIMARY KEY (consumer_group, topic, partition)) STRICT, WITHOUT ROWID;",
};

enum StatementIndex { kInsertMessage, kUpsertOffset, kInsertTopic };
const char* const kStatements[] = {
    "INSERT INTO messages (topic, partition, offset, key, headers, payload, timestamp_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset",
    "INSERT OR IGNORE INTO topics (topic, partitions) VALUES (?1, ?2)",
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::Status ValidateTopic(std::string_view topic) {
  if (topic.empty() || topic.size() > 249) {
    return absl::InvalidArgumentError("bus: a topic name has 1 to 249 characters");
  }
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) {
      return absl::InvalidArgumentError(
          absl::StrCat("bus: topic \"", std::string(topic), "\" may use only [A-Za-z0-9._-]"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<LogCore>> LogCore::Open(const std::string& path, EmbeddedBusOptions options) {
  if (options.partitions < 1) return absl::InvalidArgumentError("bus: partitions must be at least 1");
  const std::string lock_path = path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("bus: cannot open ", lock_path, ": ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return absl::FailedPreconditionError(
          absl::StrCat("bus: ", path, " is open in another process; stop it first"));
    }
    return absl::UnavailableError(absl::StrCat("bus: cannot lock ", lock_path, ": ", std::strerror(err)));
  }
  absl::StatusOr<std::unique_ptr<sqlite::Connection>> conn = sqlite::Connection::Open(path, options.busy_timeout);
  if (!conn.ok()) {
    ::close(fd);
    return conn.status();
  }
  std::shared_ptr<LogCore> core(new LogCore(path, options, fd, std::move(*conn)));
  if (absl::Status s = core->Load(); !s.ok()) return s;
  return core;
}

LogCore::LogCore(std::string path, EmbeddedBusOptions options, int lock_fd,
                 std::unique_ptr<sqlite::Connection> writer)
    : path_(std::move(path)), options_(options), lock_fd_(lock_fd), writer_(std::move(writer)) {}

LogCore::~LogCore() {
  statements_.clear();
  writer_.reset();
  ::close(lock_fd_);  // releases the flock
}

absl::Status LogCore::Load() {
  if (absl::Status s = sqlite::Migrate(*writer_, "the event log", kMigrations); !s.ok()) return s;
  for (const char* sql : kStatements) {
    absl::StatusOr<sqlite::RawStatement> stmt = sqlite::RawStatement::Prepare(writer_->db(), sql);
    if (!stmt.ok()) return stmt.status();
    statements_.push_back(std::move(*stmt));
  }
  absl::StatusOr<sqlite::RawStatement> topics =
      sqlite::RawStatement::Prepare(writer_->db(), "SELECT topic, partitions FROM topics");
  if (!topics.ok()) return topics.status();
  for (;;) {
    absl::StatusOr<bool> row = topics->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    partitions_[topics->Bytes(0)] = static_cast<int32_t>(topics->Int(1));
  }
  // One MAX per partition: each is a seek to the end of the partition's range.
  absl::StatusOr<sqlite::RawStatement> end = sqlite::RawStatement::Prepare(
      writer_->db(), "SELECT MAX(offset) FROM messages WHERE topic = ?1 AND partition = ?2");
  if (!end.ok()) return end.status();
  for (const auto& [topic, count] : partitions_) {
    for (int32_t p = 0; p < count; ++p) {
      end->Reset();
      end->BindText(1, topic);
      end->BindInt(2, p);
      absl::StatusOr<bool> row = end->Step();
      if (!row.ok()) return row.status();
      ends_[{topic, p}] = end->IsNull(0) ? 0 : end->Int(0) + 1;
    }
  }
  return absl::OkStatus();
}

absl::Status LogCore::Append(std::span<const Message> messages) {
  if (messages.empty()) return absl::OkStatus();
  Request request;
  request.messages = messages;
  return Submit(request);
}

absl::Status LogCore::CommitOffsets(const std::string& group,
                                    const std::map<TopicPartition, int64_t>& next_offsets) {
  Request request;
  for (const auto& [tp, next] : next_offsets) request.offsets.push_back({group, tp, next});
  return Submit(request);
}

absl::StatusOr<int32_t> LogCore::EnsureTopic(const std::string& topic) {
  {
    std::lock_guard lock(mu_);
    if (auto it = partitions_.find(topic); it != partitions_.end()) return it->second;
  }
  Request request;
  request.topics.push_back(topic);
  if (absl::Status s = Submit(request); !s.ok()) return s;
  std::lock_guard lock(mu_);
  return partitions_.at(topic);
}

absl::Status LogCore::Submit(Request& request) {
  std::unique_lock lock(mu_);
  queue_.push_back(&request);
  for (;;) {
    if (request.done) return request.status;
    if (!writing_) break;
    written_.wait(lock);
  }
  // Leader: write everything queued so far, our request included.
  writing_ = true;
  std::vector<Request*> batch(queue_.begin(), queue_.end());
  queue_.clear();
  lock.unlock();
  std::map<std::string, int32_t> new_topics;
  std::map<TopicPartition, int64_t> new_ends;
  const absl::Status status = WriteBatch(batch, new_topics, new_ends);
  lock.lock();
  if (status.ok()) {
    partitions_.insert(new_topics.begin(), new_topics.end());
    for (const auto& [tp, end] : new_ends) ends_[tp] = end;
  }
  for (Request* r : batch) {
    r->status = status;
    r->done = true;
  }
  writing_ = false;
  lock.unlock();
  written_.notify_all();
  if (status.ok() && !new_ends.empty()) data_.notify_all();
  return request.status;
}

int32_t LogCore::PartitionsOf(const std::string& topic, std::map<std::string, int32_t>& new_topics) {
  if (auto it = partitions_.find(topic); it != partitions_.end()) return it->second;
  return new_topics.try_emplace(topic, options_.partitions).first->second;
}

absl::Status LogCore::WriteBatch(const std::vector<Request*>& batch, std::map<std::string, int32_t>& new_topics,
                                 std::map<TopicPartition, int64_t>& new_ends) {
  absl::StatusOr<sqlite::Transaction> tx = sqlite::Transaction::Begin(*writer_, sqlite::Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  const int64_t now_ms = NowMs();
  sqlite::RawStatement& insert = statements_[kInsertMessage];
  for (const Request* r : batch) {
    for (const std::string& topic : r->topics) PartitionsOf(topic, new_topics);
    for (const Message& m : r->messages) {
      TopicPartition tp{m.topic, PartitionForKey(m.key, PartitionsOf(m.topic, new_topics))};
      auto [it, inserted] = new_ends.try_emplace(tp, 0);
      if (inserted) {
        auto known = ends_.find(tp);
        it->second = known == ends_.end() ? 0 : known->second;
      }
      insert.Reset();
      insert.BindText(1, tp.topic);
      insert.BindInt(2, tp.partition);
      insert.BindInt(3, it->second);
      insert.BindBlob(4, m.key);
      insert.BindBlob(5, EncodeHeaders(m.headers));
      insert.BindBlob(6, m.payload);
      insert.BindInt(7, now_ms);
      if (absl::Status s = insert.Run(); !s.ok()) return s;
      ++it->second;
    }
    for (const OffsetWrite& o : r->offsets) {
      sqlite::RawStatement& upsert = statements_[kUpsertOffset];
      upsert.Reset();
      upsert.BindText(1, o.group);
      upsert.BindText(2, o.tp.topic);
      upsert.BindInt(3, o.tp.partition);
      upsert.BindInt(4, o.next_offset);
      if (absl::Status s = upsert.Run(); !s.ok()) return s;
    }
  }
  for (Request* r : batch) {
    if (!r->prune_before_ms) continue;
    absl::StatusOr<int64_t> pruned = PruneLocked(*r->prune_before_ms);
    if (!pruned.ok()) return pruned.status();
    r->pruned = *pruned;
  }
  for (const auto& [topic, count] : new_topics) {
    sqlite::RawStatement& create = statements_[kInsertTopic];
    create.Reset();
    create.BindText(1, topic);
    create.BindInt(2, count);
    if (absl::Status s = create.Run(); !s.ok()) return s;
  }
  return tx->Commit();
}

absl::StatusOr<int64_t> LogCore::Prune(int64_t before_ms) {
  Request request;
  request.prune_before_ms = before_ms;
  if (absl::Status s = Submit(request); !s.ok()) return s;
  return request.pruned;
}

absl::StatusOr<int64_t> LogCore::PruneLocked(int64_t before_ms) {
  // What each group committed, per topic and partition.
  std::map<std::string, std::map<std::string, std::map<int32_t, int64_t>>> committed;  // topic → group → p → next
  {
    absl::StatusOr<sqlite::Statement> stmt =
        writer_->Prepare("SELECT topic, consumer_group, partition, next_offset FROM consumer_offsets");
    if (!stmt.ok()) return stmt.status();
    for (;;) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      committed[stmt->Text(0)][stmt->Text(1)][static_cast<int32_t>(stmt->Int(2))] = stmt->Int(3);
    }
  }
  int64_t pruned = 0;
  for (const auto& [tp, end] : ends_) {
    // Keep the last message: Load() finds the partition's end from it.
    int64_t limit = end - 1;
    if (auto groups = committed.find(tp.topic); groups != committed.end()) {
      for (const auto& [group, partitions] : groups->second) {
        auto it = partitions.find(tp.partition);
        limit = std::min(limit, it == partitions.end() ? int64_t{0} : it->second);
      }
    }
    if (limit <= 0) continue;
    absl::StatusOr<sqlite::Statement> del = writer_->Prepare(
        "DELETE FROM messages WHERE topic = ?1 AND partition = ?2 AND offset < ?3 AND timestamp_ms < ?4");
    if (!del.ok()) return del.status();
    del->Bind(1, tp.topic);
    del->Bind(2, int64_t{tp.partition});
    del->Bind(3, limit);
    del->Bind(4, before_ms);
    if (absl::Status s = del->Finish(); !s.ok()) return s;
    pruned += writer_->Changes();
  }
  return pruned;
}

absl::Status LogCore::Join(const std::string& group) {
  std::lock_guard lock(mu_);
  if (!groups_.insert(group).second) {
    return absl::FailedPreconditionError(
        absl::StrCat("bus: group \"", group, "\" already has an active member in this process"));
  }
  return absl::OkStatus();
}

void LogCore::Leave(const std::string& group) {
  std::lock_guard lock(mu_);
  groups_.erase(group);
}

int64_t LogCore::EndOffset(const TopicPartition& tp) {
  std::lock_guard lock(mu_);
  return EndLocked(tp);
}

int64_t LogCore::EndLocked(const TopicPartition& tp) const {
  auto it = ends_.find(tp);
  return it == ends_.end() ? int64_t{0} : it->second;
}

std::map<TopicPartition, int64_t> LogCore::WaitForData(const std::map<TopicPartition, int64_t>& positions,
                                                        std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  data_.wait_until(lock, deadline, [&] {
    for (const auto& [tp, position] : positions) {
      if (EndLocked(tp) > position) return true;
    }
    return false;
  });
  std::map<TopicPartition, int64_t> ends;
  for (const auto& [tp, position] : positions) ends[tp] = EndLocked(tp);
  return ends;
}

}  // namespace parfumerie::bus::embedded

// The write lock's lease (docs/mongo.md, "FerretDB 1.x updates are not
// atomic: the write lock"). The rules that make it safe on a server whose
// updates and deletes read first, then write by _id without re-checking the
// filter:
// - a lease document is never updated, and its _id is a fresh random token
//   for every acquisition, never reused;
// - so every delete names one acquisition by its _id: it removes that
//   acquisition or nothing, never a successor's lease;
// - only inserts decide who holds the lock, and the unique index on `name`
//   lets exactly one of concurrent inserts through.
#include "mongo/write_lock.h"

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/log.h"
#include "mongo/database.h"

namespace parfumerie::mongo {
namespace {

// One lock per database: every store write also takes the outbox counter
// (one document per database), so finer locks would all meet there.
constexpr char kLockName[] = "writes";
constexpr char kWhat[] = "write lock";

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The status of this thread's failed WriteLock, and its database.
struct RefusedWrites {
  const Database* db = nullptr;
  absl::Status status;
};
thread_local RefusedWrites t_refused;

// Sleeps about `backoff` (from half to all of it), never past `deadline`.
void Backoff(std::chrono::milliseconds backoff, std::chrono::steady_clock::time_point deadline) {
  thread_local std::minstd_rand random(std::random_device{}());
  const auto half = std::max<int64_t>(backoff.count() / 2, 1);
  const std::chrono::milliseconds pause(half + static_cast<int64_t>(random() % static_cast<uint64_t>(half + 1)));
  std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
      pause, std::max<std::chrono::steady_clock::duration>(deadline - std::chrono::steady_clock::now(), {})));
}

Bson LeaseDocument(const std::string& token, const std::string& owner, int64_t now_ms, int64_t lease_ms) {
  Bson doc;
  AppendString(doc.get(), "_id", token);
  AppendString(doc.get(), "name", kLockName);
  AppendString(doc.get(), "owner", owner);
  AppendInt64(doc.get(), "acquired_at_ms", now_ms);
  AppendInt64(doc.get(), "expires_at_ms", now_ms + lease_ms);
  return doc;
}

}  // namespace

WriteLock::WriteLock(WriteLock&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      mu_(std::move(other.mu_)),
      token_(std::move(other.token_)),
      acquired_(other.acquired_),
      status_(other.status_) {}

WriteLock::~WriteLock() {
  if (db_ == nullptr) return;
  if (!status_.ok()) {
    if (t_refused.db == db_) t_refused = RefusedWrites{};
    return;
  }
  if (!token_.empty()) db_->ReleaseLease(token_, std::chrono::steady_clock::now() - acquired_);
  // mu_ unlocks after the lease is given back: this process's next writer
  // then finds the lease free at once.
}

WriteLock Database::SerializeWrites() {
  WriteLock lock;
  if (atomic_updates_) return lock;
  lock.db_ = this;
  const auto deadline = std::chrono::steady_clock::now() + write_lock_.wait;
  std::unique_lock<std::timed_mutex> mu(write_mu_, std::defer_lock);
  if (!mu.try_lock_until(deadline)) {
    lock.status_ = absl::UnavailableError(
        absl::StrCat("write lock of database ", name_, ": still held by another thread of this process after ",
                     write_lock_.wait.count(), " ms; retry later"));
  } else {
    std::string token = NewRandomId("lck_");
    lock.status_ = AcquireLease(token, deadline);
    if (lock.status_.ok()) {
      lock.mu_ = std::move(mu);
      lock.token_ = std::move(token);
      lock.acquired_ = std::chrono::steady_clock::now();
    }
  }
  if (!lock.status_.ok()) t_refused = RefusedWrites{this, lock.status_};
  return lock;
}

absl::Status Database::WritesAllowed() const {
  return t_refused.db == this ? t_refused.status : absl::OkStatus();
}

absl::Status Database::CreateLockIndex() {
  std::vector<IndexSpec> indexes;
  indexes.push_back(IndexSpec{"name_unique", Bson(BCON_NEW("name", BCON_INT32(1))), true});
  absl::Status s = CreateIndexes(kLocksCollection, indexes);
  if (s.ok()) return s;
  // Another process opening the same database may have created it first.
  absl::StatusOr<std::vector<std::string>> names = IndexNames(kLocksCollection);
  if (names.ok() && std::find(names->begin(), names->end(), "name_unique") != names->end()) {
    return absl::OkStatus();
  }
  return s;
}

absl::Status Database::AcquireLease(const std::string& token, std::chrono::steady_clock::time_point deadline) {
  Collection locks = collection(kLocksCollection);
  Bson by_name;
  AppendString(by_name.get(), "name", kLockName);
  std::chrono::milliseconds backoff = write_lock_.first_backoff;
  std::string holder = "nobody";
  for (;;) {
    const int64_t now_ms = WallMs();
    const Bson lease = LeaseDocument(token, owner_, now_ms, write_lock_.lease.count());
    const absl::Status inserted = locks.InsertOne(*lease);
    if (inserted.ok()) return inserted;
    // Duplicate key: someone holds it. Any other error may still have
    // inserted our lease (a connection lost after the server wrote it): the
    // lookup below recognises our own token.
    absl::StatusOr<std::optional<Bson>> current = locks.FindOne(*by_name);
    if (!current.ok()) {
      if (!absl::IsAlreadyExists(inserted)) (void)locks.DeleteOne(*Bson(BCON_NEW("_id", BCON_UTF8(token.c_str()))));
      return current.status();
    }
    const bool ours = current->has_value() && GetString(***current, "_id", kWhat).value_or("") == token;
    if (ours) return absl::OkStatus();
    if (!absl::IsAlreadyExists(inserted)) return inserted;  // the server refused, not a holder
    bool retry_now = false;
    if (current->has_value()) {
      const bson_t& doc = ***current;
      absl::StatusOr<std::string> id = GetString(doc, "_id", kWhat);
      absl::StatusOr<std::string> owner = GetString(doc, "owner", kWhat);
      absl::StatusOr<int64_t> expires = GetInt64(doc, "expires_at_ms", kWhat);
      for (const absl::Status& s : {id.status(), owner.status(), expires.status()}) {
        if (!s.ok()) return s;
      }
      holder = absl::StrCat(*owner, " (lease ", *id, ")");
      if (*expires <= WallMs()) {
        // Its holder crashed or stalled past its lease: remove exactly that
        // acquisition (its _id is never reused, so this deletes it or
        // nothing), then race for the lock with a fresh insert.
        Bson stale;
        AppendString(stale.get(), "_id", *id);
        AppendString(stale.get(), "owner", *owner);
        AppendInt64(stale.get(), "expires_at_ms", *expires);
        absl::StatusOr<int64_t> deleted = locks.DeleteOne(*stale);
        if (!deleted.ok()) return deleted.status();
        if (*deleted > 0) {
          log::Get("mongo")->warn("database {}: took over the write lock of {}, whose lease expired", name_, holder);
        }
        retry_now = true;
      }
    } else {
      retry_now = true;  // given back between our insert and our read
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return absl::UnavailableError(absl::StrCat("write lock of database ", name_, ": held by ", holder,
                                                 "; not free after ", write_lock_.wait.count(), " ms; retry later"));
    }
    if (!retry_now) {
      Backoff(backoff, deadline);
      backoff = std::min(backoff * 2, write_lock_.max_backoff);
    }
  }
}

void Database::ReleaseLease(const std::string& token, std::chrono::steady_clock::duration held) {
  Collection locks = collection(kLocksCollection);
  absl::StatusOr<int64_t> deleted = locks.DeleteOne(*Bson(BCON_NEW("_id", BCON_UTF8(token.c_str()))));
  const auto held_ms = std::chrono::duration_cast<std::chrono::milliseconds>(held).count();
  if (!deleted.ok()) {
    // The lease will expire: writers wait at most that long.
    log::Get("mongo")->warn("database {}: could not give back the write lock ({}); it expires in {} ms", name_,
                            deleted.status().ToString(), write_lock_.lease.count() - held_ms);
  } else if (*deleted == 0) {
    log::Get("mongo")->error(
        "database {}: the write lock was held {} ms, past its {} ms lease, and was taken over: writes of this "
        "process and of another may have overlapped",
        name_, held_ms, write_lock_.lease.count());
  }
}

}  // namespace parfumerie::mongo

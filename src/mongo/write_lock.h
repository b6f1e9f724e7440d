// The database-wide write lock that makes read-modify-writes safe on a
// server without atomic updates (FerretDB 1.x), also across processes: an
// in-process mutex plus a lease document in the collection `locks`, taken
// and given back with the only operations FerretDB 1.x runs atomically (an
// insert checked by a unique index, and a delete by a never-reused _id).
// docs/mongo.md gives the design and why each step is safe.
//
//   mongo::WriteLock lock = db.SerializeWrites();
//   if (!lock.ok()) return lock.status();   // UNAVAILABLE after the wait
//   ... reads, NextOutboxSeq, one guarded write ...
//   // the destructor gives the lease back, then the mutex
//
// On MongoDB (atomic updates) a WriteLock is always ok and holds nothing.
//
// Thread-safety: a WriteLock belongs to the thread that took it; use and
// destroy it there. It must not outlive its Database.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "absl/status/status.h"

namespace parfumerie::mongo {

class Database;

struct WriteLockOptions {
  // How long a lease lasts. A holder that crashed blocks writers for at most
  // this long; a holder that stays in its critical section longer than this
  // (a stalled process) may overlap with the next one, so keep it far above
  // the few round trips a store write takes, and far above the clock skew
  // between the hosts of the replicas (leases are wall-clock times).
  std::chrono::milliseconds lease{15'000};
  // How long SerializeWrites() waits for the mutex and the lease before it
  // gives up with UNAVAILABLE. Longer than `lease`, so that a waiter outlives
  // a crashed holder's lease and takes it over.
  std::chrono::milliseconds wait{20'000};
  // Polling the lease backs off from `first_backoff`, doubling (with
  // jitter) up to `max_backoff`.
  std::chrono::milliseconds first_backoff{2};
  std::chrono::milliseconds max_backoff{50};
};

// The collection holding the lease documents:
//   { _id: "<token, unique per acquisition>", name: "writes", owner: "<host>/<pid>",
//     acquired_at_ms, expires_at_ms }
// with the unique index `name_unique` on {name: 1}.
inline constexpr char kLocksCollection[] = "locks";

// Held from Database::SerializeWrites() to its destruction. When !ok(), it
// holds nothing, and until it is destroyed every write of this thread on
// its Database (InsertOne, UpdateOne, UpdateMany, DeleteOne, Command, and so
// Count) fails with status(): a caller that forgets to check cannot write
// unserialised.
class [[nodiscard]] WriteLock {
 public:
  WriteLock(WriteLock&& other) noexcept;
  WriteLock& operator=(WriteLock&&) = delete;
  WriteLock(const WriteLock&) = delete;
  ~WriteLock();

  bool ok() const { return status_.ok(); }
  // OK, or UNAVAILABLE (not acquired within the wait) or the server's error.
  const absl::Status& status() const { return status_; }

 private:
  friend class Database;
  WriteLock() = default;

  Database* db_ = nullptr;  // null: nothing to give back (no-op or moved from)
  std::unique_lock<std::timed_mutex> mu_;
  std::string token_;  // the lease document's _id; empty without a lease
  std::chrono::steady_clock::time_point acquired_;
  absl::Status status_;
};

}  // namespace parfumerie::mongo

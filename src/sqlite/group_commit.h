// Group commit for one SQLite writer connection: concurrent callers' writes
// share one transaction and one durable commit instead of paying an fsync
// each, like the embedded bus's writes (bus/embedded/log_core.h).
//
// A caller hands its work to Run(). If nobody is writing, it becomes the
// leader: it takes the writer's lock, begins one transaction, runs its own
// work and the work of every caller queued meanwhile, each inside its own
// savepoint (the work's own sqlite::Transaction becomes one, see
// connection.h), commits, and wakes them. Nobody waits for a timer: a lone
// caller pays one commit, as before; under load, callers that queued while a
// commit was in flight share the next one.
//
// Each work sees the writes of the works run before it in the batch (same
// connection), and a work that fails rolls back only its savepoint. Run()
// returns only once the shared commit is durable; if that commit fails,
// every work of the batch gets the commit's error, and none of them happened.
//
// Thread-safe. Works run on the leader's thread, one at a time: they must not
// call Run() or wait for another caller of it. A caller must not hold the
// writer's lock (the leader needs it).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <vector>

#include "absl/status/status.h"
#include "common/log.h"
#include "sqlite/connection.h"

namespace parfumerie::sqlite {

class GroupCommit {
 public:
  // `writer` and `writer_mu` (which every other writer of `writer` holds for
  // its whole transaction) must outlive this object. At most `max_batch`
  // works share one transaction.
  GroupCommit(Connection& writer, std::recursive_mutex& writer_mu, size_t max_batch = 64)
      : writer_(writer), writer_mu_(writer_mu), max_batch_(max_batch) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Runs `work` (which writes through the writer connection, typically in a
  // sqlite::Transaction of its own) in a transaction shared with concurrent
  // callers; returns `work`'s error, or the shared commit's, or OK once the
  // commit is durable.
  absl::Status Run(const std::function<absl::Status()>& work);

 private:
  struct Request {
    const std::function<absl::Status()>* work;
    // The caller's log and trace context: its work runs under it, whichever
    // thread leads, so its spans and log lines stay in the caller's trace.
    log::Context context;
    absl::Status status;
    bool done = false;
  };

  // Runs `batch` in as few transactions as possible (one, unless an error
  // inside a work made SQLite roll the transaction back) and sets each
  // request's status. Called by the leader, without mu_.
  void RunBatch(const std::vector<Request*>& batch);

  Connection& writer_;
  std::recursive_mutex& writer_mu_;
  const size_t max_batch_;

  std::mutex mu_;
  std::condition_variable done_;
  std::deque<Request*> queue_;  // guarded by mu_
  bool leading_ = false;        // a leader is running a batch; guarded by mu_
};

}  // namespace parfumerie::sqlite

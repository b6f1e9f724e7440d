#include "sqlite/group_commit.h"

namespace parfumerie::sqlite {

absl::Status GroupCommit::Run(const std::function<absl::Status()>& work) {
  Request request{&work, log::CurrentContext(), absl::OkStatus()};
  std::unique_lock lock(mu_);
  queue_.push_back(&request);
  for (;;) {
    done_.wait(lock, [&] { return request.done || !leading_; });
    if (request.done) return request.status;
    // Leader: the oldest queued requests. Ours may be further back than
    // max_batch; then we lead again, or a later leader takes it.
    leading_ = true;
    std::vector<Request*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    RunBatch(batch);
    lock.lock();
    for (Request* r : batch) r->done = true;
    leading_ = false;
    done_.notify_all();
  }
}

void GroupCommit::RunBatch(const std::vector<Request*>& batch) {
  std::lock_guard writer_lock(writer_mu_);
  size_t next = 0;
  while (next < batch.size()) {
    absl::StatusOr<Transaction> tx = Transaction::Begin(writer_, Transaction::Kind::kImmediate);
    if (!tx.ok()) {
      for (; next < batch.size(); ++next) batch[next]->status = tx.status();
      return;
    }
    const size_t first = next;
    bool rolled_back = false;
    for (; next < batch.size() && !rolled_back; ++next) {
      log::ScopedContext context(batch[next]->context);
      batch[next]->status = (*batch[next]->work)();
      // An error inside the work (e.g. a full disk) can make SQLite roll the
      // whole transaction back: what ran before in it is gone.
      rolled_back = sqlite3_get_autocommit(writer_.db()) != 0;
    }
    absl::Status committed =
        rolled_back ? absl::UnavailableError("sqlite: a shared transaction was rolled back by an error inside it")
                    : tx->Commit();
    if (!committed.ok()) {
      for (size_t i = first; i < next; ++i) {
        if (batch[i]->status.ok()) batch[i]->status = committed;
      }
    }
  }
}

}  // namespace parfumerie::sqlite

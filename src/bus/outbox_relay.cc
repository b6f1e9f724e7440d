#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bus/outbox.h"
#include "common/log.h"

namespace parfumerie::bus {

struct OutboxRelay::State {
  using Clock = std::chrono::steady_clock;

  OutboxSource& source;
  EventBus& bus;
  OutboxRelayOptions options;
  std::shared_ptr<spdlog::logger> log = log::Get("bus");
  metrics::Registry& registry = options.metrics != nullptr ? *options.metrics : metrics::Registry::Default();
  metrics::Counter& published = registry
                                    .AddCounter({.name = "outbox_published_total",
                                                 .help = "Outbox entries published to the bus.",
                                                 .labels = {"outbox"}})
                                    .Labels({options.name});
  metrics::Counter& publish_failures = registry
                                           .AddCounter({.name = "outbox_publish_failures_total",
                                                        .help = "Failed publish rounds of an outbox relay (retried).",
                                                        .labels = {"outbox"}})
                                           .Labels({options.name});

  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool notified = false;  // guarded by mu
  bool stopping = false;
  Clock::time_point drain_deadline;

  State(OutboxSource& s, EventBus& b, OutboxRelayOptions o) : source(s), bus(b), options(std::move(o)) {}

  // Waits up to `d`, or until Notify() (when `wake_on_notify`), or until the
  // drain deadline once stopping. Returns false when the relay must exit.
  bool Wait(std::chrono::milliseconds d, bool wake_on_notify) {
    std::unique_lock lock(mu);
    const Clock::time_point until = Clock::now() + d;
    for (;;) {
      const Clock::time_point now = Clock::now();
      if (stopping && now >= drain_deadline) return false;
      if (wake_on_notify && (notified || stopping)) return true;
      const Clock::time_point limit = stopping ? std::min(until, drain_deadline) : until;
      if (now >= limit) return true;
      cv.wait_until(lock, limit);
    }
  }

  bool PastDrainDeadline() {
    std::lock_guard lock(mu);
    return stopping && Clock::now() >= drain_deadline;
  }

  // One round: publishes up to a batch. Returns whether entries were pending
  // (OK), or the error that needs a back-off.
  absl::StatusOr<bool> RelayBatch() {
    {
      std::lock_guard lock(mu);
      notified = false;  // what a Notify() announced is read below
    }
    absl::StatusOr<std::vector<OutboxEntry>> pending = source.PendingOutbox(options.batch_size);
    if (!pending.ok()) return pending.status();
    if (pending->empty()) return false;
    std::vector<Message> messages;
    std::vector<int64_t> seqs;
    messages.reserve(pending->size());
    seqs.reserve(pending->size());
    for (OutboxEntry& e : *pending) {
      messages.push_back(std::move(e.message));
      seqs.push_back(e.seq);
    }
    if (absl::Status s = bus.Publish(messages); !s.ok()) {
      publish_failures.Inc();
      return s;
    }
    published.Inc(messages.size());
    // A failure here republishes the batch later: duplicates, never losses.
    if (absl::Status s = source.MarkPublished(seqs); !s.ok()) return s;
    return true;
  }

  void Run() {
    std::chrono::milliseconds backoff = options.initial_backoff;
    for (;;) {
      absl::StatusOr<bool> round = RelayBatch();
      if (!round.ok()) {
        log->warn("{}: relay failed, retrying in {} ms: {}", options.name, backoff.count(),
                  round.status().ToString());
        if (!Wait(backoff, /*wake_on_notify=*/false)) break;
        backoff = std::min(backoff * 2, options.max_backoff);
        continue;
      }
      backoff = options.initial_backoff;
      if (PastDrainDeadline()) break;
      if (*round) continue;  // maybe more pending
      {
        std::lock_guard lock(mu);
        if (stopping) break;  // drained
      }
      if (!Wait(options.poll_interval, /*wake_on_notify=*/true)) break;
    }
  }
};

OutboxRelay::OutboxRelay(OutboxSource& source, EventBus& bus, OutboxRelayOptions options)
    : state_(std::make_unique<State>(source, bus, std::move(options))) {}

OutboxRelay::~OutboxRelay() { Stop(); }

void OutboxRelay::Start() {
  if (state_->thread.joinable()) return;
  state_->thread = std::thread([s = state_.get()] { s->Run(); });
}

void OutboxRelay::Notify() {
  {
    std::lock_guard lock(state_->mu);
    state_->notified = true;
  }
  state_->cv.notify_all();
}

void OutboxRelay::Stop(std::chrono::milliseconds drain) {
  {
    std::lock_guard lock(state_->mu);
    if (!state_->stopping) {
      state_->stopping = true;
      state_->drain_deadline = State::Clock::now() + drain;
    }
  }
  state_->cv.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace parfumerie::bus

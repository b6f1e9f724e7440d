#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bus/outbox.h"
#include "common/log.h"
#include "trace/tracer.h"

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

  // What the backlog gauges read (written by the relay thread only).
  std::atomic<int64_t> backlog{0};
  std::atomic<int64_t> oldest_created_ms{0};  // 0: empty
  bool stats_supported = true;                // relay thread only
  Clock::time_point stats_at{};               // relay thread only
  // Declared after what they read, so that they go first.
  metrics::CallbackHandle backlog_gauge = registry.AddGaugeCallback(
      {.name = "outbox_backlog_messages", .help = "Outbox entries not yet published.", .labels = {"outbox"}},
      {options.name}, [this] { return static_cast<double>(backlog.load(std::memory_order_relaxed)); });
  metrics::CallbackHandle age_gauge = registry.AddGaugeCallback(
      {.name = "outbox_oldest_message_age_seconds",
       .help = "Age of the oldest unpublished outbox entry (0 when none).",
       .labels = {"outbox"}},
      {options.name}, [this] { return OldestAgeSeconds(); });

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

  double OldestAgeSeconds() const {
    const int64_t oldest = oldest_created_ms.load(std::memory_order_relaxed);
    if (oldest == 0) return 0;
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    return static_cast<double>(std::max<int64_t>(now_ms - oldest, 0)) / 1000.0;
  }

  // After a round: an empty one proves the backlog is zero; otherwise the
  // source is asked, at most every stats_interval.
  void RefreshStats(bool empty) {
    const Clock::time_point now = Clock::now();
    if (empty) {
      backlog.store(0, std::memory_order_relaxed);
      oldest_created_ms.store(0, std::memory_order_relaxed);
      return;
    }
    if (!stats_supported || now - stats_at < options.stats_interval) return;
    stats_at = now;
    absl::StatusOr<OutboxStats> stats = source.PendingOutboxStats();
    if (!stats.ok()) {
      stats_supported = !absl::IsUnimplemented(stats.status());
      if (stats_supported) log->debug("{}: outbox statistics: {}", options.name, stats.status().ToString());
      return;
    }
    backlog.store(stats->backlog, std::memory_order_relaxed);
    oldest_created_ms.store(stats->backlog > 0 ? stats->oldest_created_ms : 0, std::memory_order_relaxed);
  }

  bool PastDrainDeadline() {
    std::lock_guard lock(mu);
    return stopping && Clock::now() >= drain_deadline;
  }

  // A PRODUCER span per message, child of the span that wrote it to the
  // outbox (its traceparent); the message leaves with the PRODUCER span's
  // traceparent, so its consumers are children of the publication. They end
  // when the batch is published (or not).
  std::vector<trace::Span> StartPublishSpans(std::vector<Message>& messages) const {
    std::vector<trace::Span> spans;
    spans.reserve(messages.size());
    for (Message& m : messages) {
      std::optional<std::string_view> header = m.Get(kTraceparent);
      std::optional<trace::SpanContext> parent = header ? trace::ParseTraceParent(*header) : std::nullopt;
      trace::Span& span = spans.emplace_back(trace::Span::Start("publish", trace::SpanKind::kProducer,
                                                                parent.value_or(trace::SpanContext{})));
      if (span.recording()) {
        span.SetName("publish " + m.topic);
        span.SetAttribute("messaging.operation.type", "send");
        span.SetAttribute("messaging.destination.name", m.topic);
        span.SetAttribute("messaging.message.id", m.Id());
        span.SetAttribute("cloudevents.event_type", m.Type());
        span.SetAttribute("parfumerie.outbox", options.name);
      }
      m.Set(kTraceparent, span.TraceParent());
    }
    return spans;
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
    std::vector<trace::Span> spans = StartPublishSpans(messages);
    if (absl::Status s = bus.Publish(messages); !s.ok()) {
      publish_failures.Inc();
      for (trace::Span& span : spans) span.SetError(s);
      return s;
    }
    published.Inc(messages.size());
    // A failure here republishes the batch later: duplicates, never losses.
    if (absl::Status s = source.MarkPublished(seqs); !s.ok()) return s;
    return true;
  }

  // Deletes published entries past their retention, when it is time.
  std::chrono::steady_clock::time_point next_prune{};  // runner thread only

  void MaybePrune() {
    if (options.published_retention.count() <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_prune) return;
    next_prune = now + options.prune_interval;
    const int64_t before_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count() -
        options.published_retention.count();
    absl::StatusOr<int64_t> pruned = source.PrunePublished(before_ms);
    if (!pruned.ok()) {
      log->warn("{}: pruning published entries failed, will retry: {}", options.name, pruned.status().ToString());
    } else if (*pruned > 0) {
      log->info("{}: {} published entr{} older than {} h deleted", options.name, *pruned,
                *pruned == 1 ? "y" : "ies",
                std::chrono::duration_cast<std::chrono::hours>(options.published_retention).count());
    }
  }

  void Run() {
    std::chrono::milliseconds backoff = options.initial_backoff;
    for (;;) {
      MaybePrune();
      absl::StatusOr<bool> round = RelayBatch();
      RefreshStats(round.ok() && !*round);
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

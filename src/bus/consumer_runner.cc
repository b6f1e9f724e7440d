#include "bus/consumer_runner.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <optional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "trace/tracer.h"

namespace parfumerie::bus {
namespace {

bool IsPermanent(const absl::Status& s) {
  return s.code() == absl::StatusCode::kInvalidArgument || s.code() == absl::StatusCode::kDataLoss;
}

// The CONSUMER span of one message, child of the span that published it
// (the event's traceparent). The handler sees this span's traceparent in
// the message, so the events it emits and the log context it sets from them
// descend from this span.
void Describe(trace::Span& span, const Message& m, const std::string& group) {
  if (!span.recording()) return;
  span.SetName("process " + m.topic);
  span.SetAttribute("messaging.operation.type", "process");
  span.SetAttribute("messaging.destination.name", m.topic);
  span.SetAttribute("messaging.consumer.group.name", group);
  span.SetAttribute("messaging.destination.partition.id", std::to_string(m.partition));
  span.SetAttribute("messaging.message.id", m.Id());
  span.SetAttribute("messaging.message.offset", static_cast<int64_t>(m.offset));
  span.SetAttribute("cloudevents.event_type", m.Type());
}

}  // namespace

struct ConsumerRunner::State {
  EventBus& bus;
  ConsumerRunnerOptions options;
  Handler handler;
  std::shared_ptr<spdlog::logger> log = log::Get("bus");
  metrics::Registry& registry = options.metrics != nullptr ? *options.metrics : metrics::Registry::Default();
  metrics::CounterFamily& handled = registry.AddCounter(
      {.name = "bus_messages_handled_total",
       .help = "Messages a consumer group finished with: handled (ok) or sent to the dead-letter topic.",
       .labels = {"group", "topic", "outcome"}});
  metrics::CounterFamily& failures = registry.AddCounter(
      {.name = "bus_handler_failures_total",
       .help = "Failed attempts at handling a message (each retry counts).",
       .labels = {"group", "topic"}});
  metrics::CounterFamily& dead_lettered = registry.AddCounter(
      {.name = "bus_messages_dead_lettered_total",
       .help = "Messages a consumer group sent to the dead-letter topic.",
       .labels = {"topic", "group"}});
  metrics::HistogramFamily& handling = registry.AddHistogram(
      {.name = "bus_message_handling_seconds",
       .help = "Time to handle one message, retries and back-off included.",
       .labels = {"group", "topic"}});

  using Clock = std::chrono::steady_clock;
  using TopicPartition = std::pair<std::string, int32_t>;

  // One partition's messages polled and not yet finished, in offset order,
  // and the retry state of its next message: the first one not handled in
  // the current round, queue[handled_since.size()].
  struct Partition {
    std::deque<Message> queue;
    int attempts = 0;  // failed attempts at the next message
    std::chrono::milliseconds backoff{0};
    Clock::time_point not_before{};       // no attempt before this
    Clock::time_point first_attempt{};    // for bus_message_handling_seconds
    std::string producer_traceparent;     // the next message's, before any attempt
    // The next message goes there (published after the round, when it is
    // queue.front()).
    std::optional<Message> dead_letter;
    absl::Status last_error;
    // The messages at the front of the queue that succeeded in the current
    // round and wait for its end (its transaction's commit): when each was
    // first attempted.
    std::vector<Clock::time_point> handled_since;
    // The first `prepared` messages of the queue were handed to the
    // options' preparer already.
    size_t prepared = 0;
  };

  std::unique_ptr<Consumer> consumer;
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;  // guarded by mu

  // Only the runner thread touches what follows.
  std::map<TopicPartition, Partition> partitions;
  size_t buffered = 0;
  // The last message finished (handled or dead-lettered) per partition and
  // not yet committed.
  std::map<TopicPartition, Message> done;

  State(EventBus& b, ConsumerRunnerOptions o, Handler h)
      : bus(b), options(std::move(o)), handler(std::move(h)) {}

  bool Stopping() {
    std::lock_guard lock(mu);
    return stopping;
  }

  // Waits `d` unless Stop() comes first; returns false when stopping.
  bool SleepUnlessStopped(std::chrono::milliseconds d) {
    std::unique_lock lock(mu);
    return !cv.wait_for(lock, d, [this] { return stopping; });
  }

  void CommitDone() {
    if (done.empty()) return;
    std::vector<Message> last;
    last.reserve(done.size());
    for (const auto& [tp, m] : done) last.push_back(m);
    if (consumer->CommitAll(last).ok()) {
      done.clear();
      return;
    }
    // One at a time, to keep what can be kept and say which failed.
    for (auto it = done.begin(); it != done.end();) {
      if (absl::Status s = consumer->Commit(it->second); !s.ok()) {
        // The messages stay uncommitted and come again after a restart;
        // handlers are idempotent, so that costs time, not correctness.
        log->warn("{}: commit of {}/{}@{} failed: {}", options.group, it->second.topic, it->second.partition,
                  it->second.offset, std::string(s.message()));
        ++it;
      } else {
        it = done.erase(it);
      }
    }
  }

  Message DeadLetter(const Message& m, const absl::Status& error, int attempts) const {
    Message dlq;
    dlq.topic = DeadLetterTopic(m.topic);
    dlq.key = m.key;
    dlq.payload = m.payload;
    dlq.headers = m.headers;
    dlq.headers.push_back({std::string(kDlqError), error.ToString()});
    dlq.headers.push_back({std::string(kDlqAttempts), std::to_string(attempts)});
    dlq.headers.push_back({std::string(kDlqTopic), m.topic});
    dlq.headers.push_back({std::string(kDlqPartition), std::to_string(m.partition)});
    dlq.headers.push_back({std::string(kDlqOffset), std::to_string(m.offset)});
    dlq.headers.push_back({std::string(kDlqGroup), options.group});
    return dlq;
  }

  std::chrono::milliseconds NextBackoff(std::chrono::milliseconds b) const {
    return std::min(b * 2, options.max_backoff);
  }

  void ResetRetry(Partition& p) {
    p.attempts = 0;
    p.backoff = std::chrono::milliseconds(0);
    p.not_before = Clock::time_point{};
    p.producer_traceparent.clear();
    p.dead_letter.reset();
    p.last_error = absl::OkStatus();
  }

  // The front message of `p`, first attempted at `since`, is finished:
  // counted, removed, to be committed.
  void Finish(const TopicPartition& tp, Partition& p, const char* outcome, Clock::time_point since) {
    Message& m = p.queue.front();
    handled.Labels({options.group, m.topic, outcome}).Inc();
    handling.Labels({options.group, m.topic})
        .Observe(std::chrono::duration<double>(Clock::now() - since).count());
    done[tp] = std::move(m);
    p.queue.pop_front();
    if (p.prepared > 0) --p.prepared;
    --buffered;
  }

  // One attempt at the partition's next message.
  // True when it succeeded (its retry state is reset for the next one);
  // else `p` waits for its back-off, or holds a dead letter to publish.
  bool Attempt(Partition& p) {
    Message& m = p.queue[p.handled_since.size()];
    if (p.attempts == 0) {
      p.first_attempt = Clock::now();
      p.producer_traceparent = std::string(m.Get(kTraceparent).value_or(""));
    }
    const std::optional<trace::SpanContext> producer = trace::ParseTraceParent(p.producer_traceparent);
    trace::ScopedSpan span("process", trace::SpanKind::kConsumer, producer.value_or(trace::SpanContext{}));
    Describe(span.span(), m, options.group);
    span->SetAttribute("messaging.attempt", p.attempts + 1);
    m.Set(kTraceparent, span->TraceParent());
    absl::Status error = handler(m);
    if (error.ok()) {
      p.handled_since.push_back(p.first_attempt);
      ResetRetry(p);
      return true;
    }
    span->SetError(error);
    ++p.attempts;
    failures.Labels({options.group, m.topic}).Inc();
    p.last_error = error;
    if (IsPermanent(error) || p.attempts >= options.max_attempts) {
      p.dead_letter = DeadLetter(m, error, p.attempts);
      p.backoff = std::chrono::milliseconds(0);
      p.not_before = Clock::time_point{};
      return false;
    }
    p.backoff = p.backoff.count() == 0 ? options.initial_backoff : NextBackoff(p.backoff);
    p.not_before = Clock::now() + p.backoff;
    log->warn("{}: {}/{}@{} ({}) failed (attempt {}), retrying in {} ms: {}", options.group, m.topic,
              m.partition, m.offset, std::string(m.Id()), p.attempts, p.backoff.count(), error.ToString());
    return false;
  }

  // Publishes the dead letter `p` holds for its front message; on failure
  // `p` backs off and the message stays: never commit a message that is
  // neither handled nor dead-lettered.
  void PublishDeadLetter(const TopicPartition& tp, Partition& p) {
    const Message& m = p.queue.front();
    if (absl::Status s = bus.Publish(std::span<const Message>(&*p.dead_letter, 1)); !s.ok()) {
      p.backoff = p.backoff.count() == 0 ? options.initial_backoff : NextBackoff(p.backoff);
      p.not_before = Clock::now() + p.backoff;
      log->error("{}: cannot dead-letter {}/{}@{}: {}", options.group, m.topic, m.partition, m.offset,
                 s.ToString());
      return;
    }
    log->error("{}: {}/{}@{} ({}) dead-lettered to {} after {} attempt(s): {}", options.group, m.topic,
               m.partition, m.offset, std::string(m.Id()), p.dead_letter->topic, p.attempts,
               p.last_error.ToString());
    dead_lettered.Labels({m.topic, options.group}).Inc();
    Finish(tp, p, "dead_lettered", p.first_attempt);
    ResetRetry(p);
  }

  // Attempts ready messages, partition after partition and each partition in
  // order, until `limit` succeeded, `deadline` passed, or nothing is ready
  // (at least one attempt is made when something is). Those that succeeded
  // wait at the front of their queues (handled_since) until the round ends.
  void AttemptReady(size_t limit, Clock::time_point deadline) {
    const Clock::time_point now = Clock::now();
    size_t succeeded = 0;
    for (auto& [tp, p] : partitions) {
      while (succeeded < limit && p.handled_since.size() < p.queue.size() && !p.dead_letter && p.not_before <= now &&
             (succeeded == 0 || Clock::now() < deadline) && !Stopping()) {
        if (!Attempt(p)) break;
        ++succeeded;
      }
    }
  }

  bool AnyReady() const {
    const Clock::time_point now = Clock::now();
    for (const auto& [tp, p] : partitions) {
      if (!p.queue.empty() && !p.dead_letter && p.not_before <= now) return true;
    }
    return false;
  }

  // Hands the options' preparer the messages the next round may attempt
  // that it has not seen yet.
  void Prepare(size_t limit) {
    const Clock::time_point now = Clock::now();
    std::vector<const Message*> next;
    for (auto& [tp, p] : partitions) {
      if (p.dead_letter || p.not_before > now) continue;
      for (size_t i = 0; i < p.queue.size() && i < limit; ++i) {
        if (i >= p.prepared) next.push_back(&p.queue[i]);
      }
      p.prepared = std::max(p.prepared, std::min(p.queue.size(), limit));
    }
    if (!next.empty()) options.prepare(next);
  }

  // One round: ready messages prepared, attempted (in one transaction when
  // the options have one), then what succeeded finished, and dead letters
  // published.
  void Round() {
    if (options.prepare) {
      Prepare(options.transaction ? std::max<size_t>(options.transaction_batch, 1) : options.max_buffered);
    }
    bool committed = true;
    if (options.transaction && AnyReady()) {
      absl::Status s = options.transaction([&] {
        AttemptReady(std::max<size_t>(options.transaction_batch, 1), Clock::now() + options.transaction_time_limit);
        return absl::OkStatus();
      });
      if (!s.ok()) {
        committed = false;
        log->warn("{}: the transaction of a batch of messages failed, they will be handled again: {}",
                  options.group, s.ToString());
      }
    } else if (!options.transaction) {
      AttemptReady(options.max_buffered, Clock::time_point::max());
    }
    for (auto& [tp, p] : partitions) {
      if (committed) {
        for (const Clock::time_point since : p.handled_since) Finish(tp, p, "ok", since);
      } else if (!p.handled_since.empty()) {
        // Nothing of the round is durable: its messages come again, after a
        // pause, with the retry state of their first attempt.
        ResetRetry(p);
        p.backoff = options.initial_backoff;
        p.not_before = Clock::now() + p.backoff;
      }
      p.handled_since.clear();
      if (p.dead_letter && !p.queue.empty() && p.not_before <= Clock::now() && !Stopping()) {
        PublishDeadLetter(tp, p);
      }
    }
  }

  // How long the next Poll may wait: 0 when something is ready, else until
  // the first back-off ends, at most poll_timeout.
  std::chrono::milliseconds PollWait() const {
    const Clock::time_point now = Clock::now();
    std::chrono::milliseconds wait = options.poll_timeout;
    for (const auto& [tp, p] : partitions) {
      if (p.queue.empty()) continue;
      if (p.not_before <= now) return std::chrono::milliseconds(0);
      wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(p.not_before - now));
    }
    return wait;
  }

  void Run() {
    std::chrono::milliseconds poll_backoff = options.initial_backoff;
    while (!Stopping()) {
      Round();
      CommitDone();
      if (Stopping()) break;
      const std::chrono::milliseconds wait = PollWait();
      if (buffered >= options.max_buffered) {
        if (!SleepUnlessStopped(wait)) break;
        continue;
      }
      absl::StatusOr<std::vector<Message>> batch =
          consumer->Poll(std::min(options.poll_batch, options.max_buffered - buffered), wait);
      if (!batch.ok()) {
        log->warn("{}: poll failed: {}", options.group, batch.status().ToString());
        if (!SleepUnlessStopped(poll_backoff)) break;
        poll_backoff = NextBackoff(poll_backoff);
        continue;
      }
      poll_backoff = options.initial_backoff;
      for (Message& m : *batch) {
        partitions[{m.topic, m.partition}].queue.push_back(std::move(m));
        ++buffered;
      }
    }
    // What is still queued stays uncommitted: the next member gets it again,
    // in order.
    CommitDone();
    consumer->Close();
  }
};

ConsumerRunner::ConsumerRunner(EventBus& bus, ConsumerRunnerOptions options, Handler handler)
    : state_(std::make_unique<State>(bus, std::move(options), std::move(handler))) {}

ConsumerRunner::~ConsumerRunner() { Stop(); }

absl::Status ConsumerRunner::Start() {
  if (state_->consumer != nullptr) return absl::FailedPreconditionError("bus: consumer runner already started");
  absl::StatusOr<std::unique_ptr<Consumer>> consumer =
      state_->bus.Subscribe(state_->options.group, state_->options.topics,
                            {.start = state_->options.start, .metrics = state_->options.metrics});
  if (!consumer.ok()) return consumer.status();
  state_->consumer = std::move(*consumer);
  state_->thread = std::thread([s = state_.get()] { s->Run(); });
  return absl::OkStatus();
}

void ConsumerRunner::Stop() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace parfumerie::bus

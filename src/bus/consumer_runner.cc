#include "bus/consumer_runner.h"

#include <algorithm>
#include <condition_variable>
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

  std::unique_ptr<Consumer> consumer;
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;  // guarded by mu

  // The last message handled (or dead-lettered) per partition and not yet
  // committed; only the runner thread touches it.
  std::map<std::pair<std::string, int32_t>, Message> done;

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

  // Handles `m` until it succeeded or was dead-lettered (true), or Stop()
  // interrupted the retries (false: `m` stays uncommitted).
  bool Process(Message& m) {
    const std::optional<trace::SpanContext> producer = trace::ParseTraceParent(m.Get(kTraceparent).value_or(""));
    trace::ScopedSpan span("process", trace::SpanKind::kConsumer, producer.value_or(trace::SpanContext{}));
    Describe(span.span(), m, options.group);
    m.Set(kTraceparent, span->TraceParent());
    const auto start = std::chrono::steady_clock::now();
    auto finished = [&](const char* outcome) {
      handled.Labels({options.group, m.topic, outcome}).Inc();
      handling.Labels({options.group, m.topic})
          .Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    std::chrono::milliseconds backoff = options.initial_backoff;
    int attempts = 0;
    absl::Status error;
    for (;;) {
      ++attempts;
      error = handler(m);
      if (error.ok()) {
        finished("ok");
        span->SetAttribute("messaging.attempts", attempts);
        return true;
      }
      failures.Labels({options.group, m.topic}).Inc();
      if (IsPermanent(error) || attempts >= options.max_attempts) break;
      log->warn("{}: {}/{}@{} ({}) failed (attempt {}), retrying in {} ms: {}", options.group, m.topic,
                m.partition, m.offset, std::string(m.Id()), attempts, backoff.count(), error.ToString());
      // What is done so far is committed before waiting, so that a crash
      // during a long back-off does not replay it.
      CommitDone();
      if (!SleepUnlessStopped(backoff)) return false;
      backoff = NextBackoff(backoff);
    }
    const Message dlq = DeadLetter(m, error, attempts);
    backoff = options.initial_backoff;
    for (;;) {
      absl::Status s = bus.Publish(std::span<const Message>(&dlq, 1));
      if (s.ok()) break;
      // Never commit a message that is neither handled nor dead-lettered.
      log->error("{}: cannot dead-letter {}/{}@{}: {}", options.group, m.topic, m.partition, m.offset,
                 s.ToString());
      if (!SleepUnlessStopped(backoff)) return false;
      backoff = NextBackoff(backoff);
    }
    log->error("{}: {}/{}@{} ({}) dead-lettered to {} after {} attempt(s): {}", options.group, m.topic,
               m.partition, m.offset, std::string(m.Id()), dlq.topic, attempts, error.ToString());
    finished("dead_lettered");
    dead_lettered.Labels({m.topic, options.group}).Inc();
    return true;
  }

  void Run() {
    std::chrono::milliseconds poll_backoff = options.initial_backoff;
    while (!Stopping()) {
      absl::StatusOr<std::vector<Message>> batch = consumer->Poll(options.poll_batch, options.poll_timeout);
      if (!batch.ok()) {
        log->warn("{}: poll failed: {}", options.group, batch.status().ToString());
        if (!SleepUnlessStopped(poll_backoff)) break;
        poll_backoff = NextBackoff(poll_backoff);
        continue;
      }
      poll_backoff = options.initial_backoff;
      for (Message& m : *batch) {
        // Later messages of the batch are left uncommitted: the next member
        // gets them again, in order.
        if (Stopping() || !Process(m)) break;
        done[{m.topic, m.partition}] = m;
      }
      CommitDone();
    }
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

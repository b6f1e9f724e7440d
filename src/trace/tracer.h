// Spans and the process-wide tracer.
//
//   trace::ScopedSpan span("sqlite.transaction");   // child of this thread's context
//   span->SetAttribute("db.system.name", "sqlite");
//   ... // log lines written meanwhile carry the span's trace_id / span_id
//   if (!s.ok()) span->SetError(s.message());
//   // ended (and exported) when `span` goes out of scope
//
// The current context of a thread is its log::Context (common/log.h): a
// ScopedSpan installs its own ids there, so every log line names the active
// span, and restores the previous context on exit. Work that hops threads
// (coroutines, callbacks) carries a SpanContext or a `traceparent` instead
// and uses Span directly.
//
// Cost: without an exporter (Tracer::SetExporter), or in a trace that is not
// sampled, a span is two random ids and a clock read; attributes and names
// are not even copied, and nothing is exported.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/log.h"
#include "trace/span.h"

namespace parfumerie::trace {

// Where finished spans go (OtlpHttpExporter). Export() is called on the thread
// that ended the span, from any number of threads at once: it must be
// thread-safe and must not block (queue the span or drop it).
class Exporter {
 public:
  virtual ~Exporter() = default;
  virtual void Export(SpanData span) = 0;
};

// The process-wide tracer. Thread-safe.
class Tracer {
 public:
  static Tracer& Global();

  // Where finished, sampled spans go; null (the default) records nothing.
  // Spans ended after the call go to the new exporter; the tracer keeps a
  // reference until it is replaced.
  void SetExporter(std::shared_ptr<Exporter> exporter);
  bool recording() const { return recording_.load(std::memory_order_relaxed); }

  // Share of new traces that are sampled, 0..1 (default 1). Applies to
  // traces started here; a trace continued from a `traceparent` keeps the
  // caller's decision. Decided from the trace id, so every process that
  // starts a span for the same trace id agrees.
  void SetSampleRatio(double ratio);
  bool SampleNewTrace(std::string_view trace_id) const;

  void Export(SpanData span);

 private:
  std::atomic<bool> recording_{false};
  std::atomic<uint64_t> sample_threshold_{UINT64_MAX};  // sampled when id bits <= this
  std::atomic<std::shared_ptr<Exporter>> exporter_;
  // Bumped by SetExporter(). Export() keeps a per-thread copy of the exporter
  // and reloads it only when this changes: loading an atomic shared_ptr takes
  // a lock and two reference-count updates that every thread contends on.
  std::atomic<uint64_t> generation_{1};
};

// One span in progress. Movable, not bound to a thread: a coroutine or a
// callback chain may own it. Ends when End() is called or when it is
// destroyed, whichever comes first. A default-constructed Span is no span:
// every call is a no-op and context() is invalid.
class Span {
 public:
  Span() = default;
  // A child of `parent` when it is valid, else the root span of a new trace.
  // `start_unix_nanos` 0 means now.
  static Span Start(std::string_view name, SpanKind kind, const SpanContext& parent,
                    int64_t start_unix_nanos = 0);
  // A child of this thread's current context; no span when the thread is not
  // inside a trace (store calls made by a background poller start none).
  static Span StartInCurrentTrace(std::string_view name, SpanKind kind = SpanKind::kInternal);

  Span(Span&& other) noexcept = default;
  Span& operator=(Span&& other) noexcept;
  ~Span() { End(); }

  bool active() const { return context_.valid(); }
  // Whether attributes are kept: sampled, and an exporter is set.
  bool recording() const { return data_ != nullptr; }
  const SpanContext& context() const { return context_; }
  // The `traceparent` to send so that downstream spans are this one's
  // children; empty when there is no span.
  std::string TraceParent() const { return active() ? FormatTraceParent(context_) : std::string(); }

  void SetName(std::string_view name);
  void SetAttribute(std::string_view key, std::string_view value);
  void SetAttribute(std::string_view key, const char* value) { SetAttribute(key, std::string_view(value)); }
  void SetAttribute(std::string_view key, int64_t value);
  void SetAttribute(std::string_view key, int value) { SetAttribute(key, static_cast<int64_t>(value)); }
  void SetAttribute(std::string_view key, bool value);
  void SetError(std::string_view message);
  // An error carrying `status` (code and message) unless it is OK.
  void SetError(const absl::Status& status);
  void SetOk();

  // Idempotent; the span is handed to the exporter the first time.
  void End(int64_t end_unix_nanos = 0);

 private:
  SpanContext context_;
  std::unique_ptr<SpanData> data_;  // only while recording and not ended
};

// RAII: a span installed as the current thread's context for its lifetime
// (log lines carry its ids; spans started meanwhile are its children). Must
// be destroyed on the thread that made it, in reverse order of creation.
class ScopedSpan {
 public:
  // A child of the current context, or the root of a new trace.
  explicit ScopedSpan(std::string_view name, SpanKind kind = SpanKind::kInternal);
  // A child of `parent` (when valid), e.g. the context an event carried.
  ScopedSpan(std::string_view name, SpanKind kind, const SpanContext& parent);
  ~ScopedSpan();
  ScopedSpan(const ScopedSpan&) = delete;
  ScopedSpan& operator=(const ScopedSpan&) = delete;

  Span& span() { return span_; }
  Span* operator->() { return &span_; }

 private:
  Span span_;
  std::optional<log::ScopedContext> scope_;
};

// This thread's current context (from log::CurrentContext()); nullopt
// outside a trace.
std::optional<SpanContext> CurrentContext();
// The `traceparent` of the current context; empty outside a trace.
std::string CurrentTraceParent();

// The log context that names `span`, keeping `request_id`.
log::Context LogContextOf(const SpanContext& span, std::string request_id = {});

}  // namespace parfumerie::trace

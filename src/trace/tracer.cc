#include "trace/tracer.h"

#include <cmath>
#include <cstdlib>

namespace parfumerie::trace {
namespace {

// The last 16 hex digits of a trace id (its random part under W3C trace
// context level 2) as a number.
uint64_t LowBits(std::string_view trace_id) {
  if (trace_id.size() != 32) return 0;
  return std::strtoull(std::string(trace_id.substr(16)).c_str(), nullptr, 16);
}

}  // namespace

Tracer& Tracer::Global() {
  static Tracer* tracer = new Tracer();  // never destroyed: spans may end during exit
  return *tracer;
}

void Tracer::SetExporter(std::shared_ptr<Exporter> exporter) {
  recording_.store(exporter != nullptr, std::memory_order_relaxed);
  exporter_.store(std::move(exporter));
  generation_.fetch_add(1, std::memory_order_release);
}

void Tracer::SetSampleRatio(double ratio) {
  uint64_t threshold;
  if (!(ratio > 0)) {
    threshold = 0;
  } else if (ratio >= 1) {
    threshold = UINT64_MAX;
  } else {
    threshold = static_cast<uint64_t>(std::ldexp(ratio, 64));
  }
  sample_threshold_.store(threshold, std::memory_order_relaxed);
}

bool Tracer::SampleNewTrace(std::string_view trace_id) const {
  const uint64_t threshold = sample_threshold_.load(std::memory_order_relaxed);
  if (threshold == UINT64_MAX) return true;
  if (threshold == 0) return false;
  return LowBits(trace_id) < threshold;
}

void Tracer::Export(SpanData span) {
  // A span ended while the exporter is being replaced may still go to the
  // previous one, which this thread's copy keeps alive until its next span.
  struct Cached {
    uint64_t generation = 0;
    std::shared_ptr<Exporter> exporter;
  };
  thread_local Cached cached;
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (cached.generation != generation) {
    cached.exporter = exporter_.load();
    cached.generation = generation;
  }
  if (cached.exporter != nullptr) cached.exporter->Export(std::move(span));
}

Span Span::Start(std::string_view name, SpanKind kind, const SpanContext& parent,
                 int64_t start_unix_nanos) {
  Tracer& tracer = Tracer::Global();
  Span span;
  if (parent.valid()) {
    span.context_.trace_id = parent.trace_id;
    span.context_.sampled = parent.sampled;
  } else {
    span.context_.trace_id = NewTraceId();
    span.context_.sampled = tracer.SampleNewTrace(span.context_.trace_id);
  }
  span.context_.span_id = NewSpanId();
  if (span.context_.sampled && tracer.recording()) {
    span.data_ = std::make_unique<SpanData>();
    SpanData& d = *span.data_;
    d.trace_id = span.context_.trace_id;
    d.span_id = span.context_.span_id;
    if (parent.valid()) d.parent_span_id = parent.span_id;
    d.name = std::string(name);
    d.kind = kind;
    d.start_unix_nanos = start_unix_nanos != 0 ? start_unix_nanos : NowUnixNanos();
  }
  return span;
}

Span Span::StartInCurrentTrace(std::string_view name, SpanKind kind) {
  std::optional<SpanContext> current = CurrentContext();
  if (!current) return Span();
  return Start(name, kind, *current);
}

Span& Span::operator=(Span&& other) noexcept {
  if (this != &other) {
    End();
    context_ = std::move(other.context_);
    data_ = std::move(other.data_);
    other.context_ = SpanContext();
  }
  return *this;
}

void Span::SetName(std::string_view name) {
  if (data_) data_->name = std::string(name);
}

void Span::SetAttribute(std::string_view key, std::string_view value) {
  if (data_) data_->attributes.push_back({std::string(key), std::string(value)});
}

void Span::SetAttribute(std::string_view key, int64_t value) {
  if (data_) data_->attributes.push_back({std::string(key), value});
}

void Span::SetAttribute(std::string_view key, bool value) {
  if (data_) data_->attributes.push_back({std::string(key), value});
}

void Span::SetError(std::string_view message) {
  if (!data_) return;
  data_->status = StatusCode::kError;
  data_->status_message = std::string(message);
}

void Span::SetError(const absl::Status& status) {
  if (data_ && !status.ok()) SetError(std::string_view(status.ToString()));
}

void Span::SetOk() {
  if (!data_) return;
  data_->status = StatusCode::kOk;
  data_->status_message.clear();
}

void Span::End(int64_t end_unix_nanos) {
  if (!data_) return;
  std::unique_ptr<SpanData> data = std::move(data_);
  data->end_unix_nanos = end_unix_nanos != 0 ? end_unix_nanos : NowUnixNanos();
  Tracer::Global().Export(std::move(*data));
}

ScopedSpan::ScopedSpan(std::string_view name, SpanKind kind)
    : ScopedSpan(name, kind, CurrentContext().value_or(SpanContext{})) {}

ScopedSpan::ScopedSpan(std::string_view name, SpanKind kind, const SpanContext& parent)
    : span_(Span::Start(name, kind, parent)) {
  scope_.emplace(LogContextOf(span_.context(), log::CurrentContext().request_id));
}

ScopedSpan::~ScopedSpan() {
  span_.End();
  scope_.reset();
}

std::optional<SpanContext> CurrentContext() {
  const log::Context& ctx = log::CurrentContext();
  if (ctx.trace_id.size() != 32 || ctx.span_id.size() != 16) return std::nullopt;
  return SpanContext{ctx.trace_id, ctx.span_id, ctx.sampled};
}

std::string CurrentTraceParent() {
  std::optional<SpanContext> current = CurrentContext();
  return current ? FormatTraceParent(*current) : std::string();
}

log::Context LogContextOf(const SpanContext& span, std::string request_id) {
  log::Context ctx;
  ctx.trace_id = span.trace_id;
  ctx.span_id = span.span_id;
  ctx.request_id = std::move(request_id);
  ctx.sampled = span.sampled;
  return ctx;
}

}  // namespace parfumerie::trace

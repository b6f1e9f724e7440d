// The span model: what one unit of work (an HTTP request, a gRPC call, a
// store operation, the handling of an event) records, and the W3C trace
// context (`traceparent`, https://www.w3.org/TR/trace-context/) that links
// spans across processes.
//
// Plain values: copyable, no thread-safety of their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace parfumerie::trace {

// Values are those of OTLP's Span.SpanKind.
enum class SpanKind : int { kInternal = 1, kServer = 2, kClient = 3, kProducer = 4, kConsumer = 5 };

// Values are those of OTLP's Status.StatusCode.
enum class StatusCode : int { kUnset = 0, kOk = 1, kError = 2 };

// Where a span sits in its trace, as `traceparent` carries it.
struct SpanContext {
  std::string trace_id;  // 32 lowercase hex, not all zero
  std::string span_id;   // 16 lowercase hex, not all zero
  bool sampled = true;   // the traceparent's "sampled" flag

  bool valid() const { return trace_id.size() == 32 && span_id.size() == 16; }
  friend bool operator==(const SpanContext&, const SpanContext&) = default;
};

// Parses a `traceparent` value; nullopt when invalid (the caller then starts
// a new trace, as the specification requires). `span_id` is the parent's id.
// Versions after 00 are read by their first four fields.
std::optional<SpanContext> ParseTraceParent(std::string_view value);

// "00-<trace_id>-<span_id>-<flags>": what to send downstream so that the
// receiver's spans are children of `context`'s span.
std::string FormatTraceParent(const SpanContext& context);

// Fresh random ids (thread-local generator; never all zero).
std::string NewTraceId();
std::string NewSpanId();

using AttributeValue = std::variant<std::string, int64_t, bool>;

struct Attribute {
  std::string key;
  AttributeValue value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};

// A finished span, as exporters receive it.
struct SpanData {
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;  // empty for a trace's root span
  std::string name;
  SpanKind kind = SpanKind::kInternal;
  int64_t start_unix_nanos = 0;
  int64_t end_unix_nanos = 0;
  std::vector<Attribute> attributes;
  StatusCode status = StatusCode::kUnset;
  std::string status_message;  // only with kError
};

// Nanoseconds since the Unix epoch, now.
int64_t NowUnixNanos();

}  // namespace parfumerie::trace

#include "trace/otlp_json.h"

#include <variant>

#include "common/log.h"

namespace parfumerie::trace {
namespace {

void AppendString(std::string& out, std::string_view s) {
  out += '"';
  log::AppendJsonEscaped(out, s);
  out += '"';
}

void AppendAttributes(std::string& out, const std::vector<Attribute>& attributes) {
  out += "\"attributes\":[";
  bool first = true;
  for (const Attribute& a : attributes) {
    if (!first) out += ',';
    first = false;
    out += "{\"key\":";
    AppendString(out, a.key);
    out += ",\"value\":{";
    if (const auto* s = std::get_if<std::string>(&a.value)) {
      out += "\"stringValue\":";
      AppendString(out, *s);
    } else if (const auto* i = std::get_if<int64_t>(&a.value)) {
      out += "\"intValue\":\"";
      out += std::to_string(*i);
      out += '"';
    } else {
      out += std::get<bool>(a.value) ? "\"boolValue\":true" : "\"boolValue\":false";
    }
    out += "}}";
  }
  out += ']';
}

void AppendSpan(std::string& out, const SpanData& s) {
  // Ids are lowercase hex (span.h): nothing to escape.
  out += "{\"traceId\":\"";
  out += s.trace_id;
  out += "\",\"spanId\":\"";
  out += s.span_id;
  out += '"';
  if (!s.parent_span_id.empty()) {
    out += ",\"parentSpanId\":\"";
    out += s.parent_span_id;
    out += '"';
  }
  out += ",\"name\":";
  AppendString(out, s.name);
  out += ",\"kind\":";
  out += std::to_string(static_cast<int>(s.kind));
  out += ",\"startTimeUnixNano\":\"";
  out += std::to_string(s.start_unix_nanos);
  out += "\",\"endTimeUnixNano\":\"";
  out += std::to_string(s.end_unix_nanos);
  out += '"';
  if (!s.attributes.empty()) {
    out += ',';
    AppendAttributes(out, s.attributes);
  }
  if (s.status != StatusCode::kUnset) {
    out += ",\"status\":{";
    if (!s.status_message.empty()) {
      out += "\"message\":";
      AppendString(out, s.status_message);
      out += ',';
    }
    out += "\"code\":";
    out += std::to_string(static_cast<int>(s.status));
    out += '}';
  }
  out += '}';
}

}  // namespace

std::string EncodeExportRequest(const Resource& resource, std::span<const SpanData> spans) {
  std::string out;
  out.reserve(256 + spans.size() * 400);
  out += "{\"resourceSpans\":[{\"resource\":{";
  AppendAttributes(out, resource.attributes);
  out += "},\"scopeSpans\":[{\"scope\":{\"name\":";
  AppendString(out, resource.scope_name);
  if (!resource.scope_version.empty()) {
    out += ",\"version\":";
    AppendString(out, resource.scope_version);
  }
  out += "},\"spans\":[";
  for (size_t i = 0; i < spans.size(); ++i) {
    if (i > 0) out += ',';
    AppendSpan(out, spans[i]);
  }
  out += "]}]}]}";
  return out;
}

}  // namespace parfumerie::trace

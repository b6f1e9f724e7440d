// The OTLP/HTTP JSON body of an export: an ExportTraceServiceRequest
// (opentelemetry-proto, collector/trace/v1) in the JSON Protobuf encoding
// that OTLP specifies — field names in lowerCamelCase, trace and span ids as
// lowercase hex (not base64), 64-bit integers (times, intValue) as decimal
// strings, enums (kind, status code) as their integer values; fields at their
// default value are left out.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "trace/span.h"

namespace parfumerie::trace {

// What produced the spans: the resource's attributes (service.name,
// service.instance.id, ...) and the instrumentation scope.
struct Resource {
  std::vector<Attribute> attributes;
  std::string scope_name = "parfumerie";
  std::string scope_version;
};

// One resourceSpans entry holding one scopeSpans entry with `spans`.
std::string EncodeExportRequest(const Resource& resource, std::span<const SpanData> spans);

}  // namespace parfumerie::trace

// Exports spans as OTLP over HTTP with the JSON encoding: POST
// <endpoint>/v1/traces, Content-Type application/json, the body an
// ExportTraceServiceRequest (trace/otlp_json.h). Any OTLP/HTTP receiver takes
// it: the OpenTelemetry Collector, Jaeger (4318), Grafana Tempo...
//
// Off the request path: Export() only appends to a bounded queue (a span that
// does not fit is dropped and counted — never a wait), and one background
// thread sends batches, when max_batch spans are waiting or batch_delay after
// the first one. A batch the receiver refuses or cannot take (down, slow,
// non-2xx) is dropped and counted, and the thread goes on with the next one:
// the shop never waits for its collector.
//
// Metrics: trace_spans_exported_total, trace_spans_dropped_total (queue full,
// failed batch, or still queued at the shutdown deadline),
// trace_export_failures_total (failed POSTs).
//
// Thread-safety: Export() from any thread; Shutdown() from the owner.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "trace/otlp_json.h"
#include "trace/tracer.h"

namespace parfumerie::metrics {
class Registry;
}  // namespace parfumerie::metrics

namespace parfumerie::trace {

struct OtlpHttpExporterOptions {
  // Base URL of the receiver, http://host[:port][/prefix] (as
  // OTEL_EXPORTER_OTLP_ENDPOINT): spans go to <endpoint>/v1/traces. Plain
  // HTTP only; a collector on the same host or network forwards further.
  std::string endpoint;
  Resource resource;
  size_t max_queue = 4096;
  size_t max_batch = 512;
  std::chrono::milliseconds batch_delay{500};
  // Per POST: connection, request and response.
  std::chrono::milliseconds timeout{5000};
  // Where the exporter's counters go (null: metrics::Registry::Default()).
  metrics::Registry* metrics = nullptr;
};

class OtlpHttpExporter final : public Exporter {
 public:
  // Checks the endpoint (INVALID_ARGUMENT for anything but http://host[:port][/path])
  // and starts the sending thread.
  static absl::StatusOr<std::shared_ptr<OtlpHttpExporter>> Start(OtlpHttpExporterOptions options);
  ~OtlpHttpExporter() override;  // Shutdown(0)

  void Export(SpanData span) override;

  // Sends what is queued until the queue is empty or `deadline` has passed
  // (what is left is dropped), then stops the thread. Spans exported later
  // are dropped. Idempotent.
  void Shutdown(std::chrono::milliseconds deadline);

  struct State;

 private:
  explicit OtlpHttpExporter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace parfumerie::trace

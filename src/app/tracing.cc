#include "app/tracing.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"
#include "trace/otlp_http_exporter.h"
#include "trace/tracer.h"

namespace parfumerie::app {
namespace {

std::string HostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Tracing>> Tracing::Start(const Settings& settings,
                                                        const std::vector<std::string>& targets,
                                                        bool all_in_one, const std::string& version) {
  trace::Tracer::Global().SetSampleRatio(settings.trace_sample_ratio);
  if (settings.otlp_endpoint.empty()) return std::unique_ptr<Tracing>(new Tracing(nullptr));
  std::string service = settings.otlp_service_name;
  if (service.empty()) service = all_in_one ? "parfumerie" : absl::StrCat("parfumerie-", absl::StrJoin(targets, "+"));
  trace::OtlpHttpExporterOptions options;
  options.endpoint = settings.otlp_endpoint;
  options.resource.attributes = {
      {"service.name", service},
      {"service.namespace", std::string("parfumerie")},
      {"service.instance.id", absl::StrCat(HostName(), ":", getpid())},
      {"service.version", version},
      {"parfumerie.targets", absl::StrJoin(targets, ",")},
  };
  options.resource.scope_version = version;
  absl::StatusOr<std::shared_ptr<trace::OtlpHttpExporter>> exporter = trace::OtlpHttpExporter::Start(options);
  if (!exporter.ok()) return exporter.status();
  trace::Tracer::Global().SetExporter(*exporter);
  log::Get("trace")->info("exporting spans as {} to {}/v1/traces (sample ratio {})", service,
                          settings.otlp_endpoint, settings.trace_sample_ratio);
  return std::unique_ptr<Tracing>(new Tracing(std::move(*exporter)));
}

Tracing::Tracing(std::shared_ptr<trace::OtlpHttpExporter> exporter) : exporter_(std::move(exporter)) {}

Tracing::~Tracing() { Stop(std::chrono::milliseconds(0)); }

void Tracing::Stop(std::chrono::milliseconds deadline) {
  if (exporter_ == nullptr) return;
  trace::Tracer::Global().SetExporter(nullptr);
  exporter_->Shutdown(deadline);
  exporter_.reset();
}

}  // namespace parfumerie::app

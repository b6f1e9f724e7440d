// The process's tracer: the sample ratio, and the OTLP exporter when
// otlp-endpoint is set. Started before every module and stopped after them,
// so that every span they end is exported.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/settings.h"

namespace parfumerie::trace {
class OtlpHttpExporter;
}

namespace parfumerie::app {

class Tracing {
 public:
  // INVALID_ARGUMENT for an unusable otlp-endpoint.
  static absl::StatusOr<std::unique_ptr<Tracing>> Start(const Settings& settings,
                                                        const std::vector<std::string>& targets,
                                                        bool all_in_one, const std::string& version);
  ~Tracing();  // Stop(0)
  // Exports what is queued, for up to `deadline`, then stops exporting.
  void Stop(std::chrono::milliseconds deadline);

 private:
  explicit Tracing(std::shared_ptr<trace::OtlpHttpExporter> exporter);
  std::shared_ptr<trace::OtlpHttpExporter> exporter_;  // null: no export
};

}  // namespace parfumerie::app

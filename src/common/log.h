// Structured logging for every target.
//
// Two formats: `text` (human-readable, coloured on a terminal) and `json` (one
// JSON object per line: ts, level, logger, msg, and trace_id / span_id /
// request_id when the current thread is handling a request). Loggers are named
// after the target or module that logs ("catalog", "http", ...).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "spdlog/spdlog.h"

namespace parfumerie::log {

enum class Format { kText, kJson };

// Configures the default sink, format and level ("trace".."critical", "off").
// Call once at start-up, before any Get(). Returns INVALID_ARGUMENT for an
// unknown level.
absl::Status Init(Format format, std::string_view level);

// The logger for `name`, created on first use with the configured sink.
std::shared_ptr<spdlog::logger> Get(const std::string& name);

// Correlation ids of the work the current thread is doing. Set for the
// duration of the work by request handlers, event consumers and the spans of
// trace/tracer.h (span_id is then the active span); every log line written
// meanwhile carries them.
struct Context {
  std::string trace_id;    // W3C trace-context trace id (32 hex)
  std::string span_id;     // 16 hex
  std::string request_id;  // the request's id, echoed in X-Request-Id
  // The trace's "sampled" flag: whether spans of this trace are recorded
  // (trace/tracer.h). Not written in log lines.
  bool sampled = true;
};

// RAII: installs `ctx` on this thread, restores the previous one on exit.
class ScopedContext {
 public:
  explicit ScopedContext(Context ctx);
  ~ScopedContext();
  ScopedContext(const ScopedContext&) = delete;
  ScopedContext& operator=(const ScopedContext&) = delete;

 private:
  Context previous_;
};

const Context& CurrentContext();

// Installs `ctx` on this thread and returns the previous context, for work
// whose extent is not a C++ scope (a gRPC interceptor's hooks); the caller
// swaps the previous one back, on the same thread. Prefer ScopedContext.
Context SwapContext(Context ctx);

// Appends `s` to `out` escaped as the inside of a JSON string.
void AppendJsonEscaped(std::string& out, std::string_view s);

}  // namespace parfumerie::log

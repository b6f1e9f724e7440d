#include "common/log.h"

#include <unistd.h>

#include <chrono>
#include <mutex>

#include "absl/strings/str_format.h"
#include "spdlog/pattern_formatter.h"
#include "spdlog/sinks/stdout_color_sinks.h"

namespace parfumerie::log {
namespace {

thread_local Context current_context;

std::mutex registry_mutex;
spdlog::sink_ptr shared_sink;
spdlog::level::level_enum configured_level = spdlog::level::info;

// Writes one JSON object per record. spdlog's pattern language cannot escape
// the message, hence a formatter of our own.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line;
    line.reserve(160 + msg.payload.size());
    const auto since_epoch = msg.time.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(since_epoch - secs);
    std::time_t t = secs.count();
    std::tm tm{};
    gmtime_r(&t, &tm);
    char ts[40];
    std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    line += R"({"ts":")";
    line += ts;
    line += absl::StrFormat(".%06dZ\",\"level\":\"", micros.count());
    const auto level = spdlog::level::to_string_view(msg.level);
    line.append(level.data(), level.size());
    line += R"(","logger":")";
    AppendJsonEscaped(line, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
    line += R"(","msg":")";
    AppendJsonEscaped(line, std::string_view(msg.payload.data(), msg.payload.size()));
    line += '"';
    const Context& ctx = current_context;
    auto field = [&line](std::string_view key, const std::string& value) {
      if (value.empty()) return;
      line += ",\"";
      line += key;
      line += "\":\"";
      AppendJsonEscaped(line, value);
      line += '"';
    };
    field("trace_id", ctx.trace_id);
    field("span_id", ctx.span_id);
    field("request_id", ctx.request_id);
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

// Text format: time, level, logger, message, then the context ids if any.
class ContextFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const Context& ctx = current_context;
    std::string s;
    if (!ctx.trace_id.empty()) s += " trace_id=" + ctx.trace_id;
    if (!ctx.request_id.empty()) s += " request_id=" + ctx.request_id;
    dest.append(s.data(), s.data() + s.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>();
  }
};

}  // namespace

absl::Status Init(Format format, std::string_view level) {
  const auto parsed = spdlog::level::from_str(std::string(level));
  // from_str maps anything unknown to "off"; only "off" itself may mean off.
  if (parsed == spdlog::level::off && level != "off") {
    return absl::InvalidArgumentError(absl::StrFormat(
        "unknown log level \"%s\" (expected trace, debug, info, warn, error, critical or off)",
        level));
  }
  std::lock_guard lock(registry_mutex);
  // Logs go to stderr; stdout stays free for command output.
  auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(
      format == Format::kText ? spdlog::color_mode::automatic : spdlog::color_mode::never);
  if (format == Format::kJson) {
    sink->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    auto f = std::make_unique<spdlog::pattern_formatter>();
    f->add_flag<ContextFlag>('*').set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v%*");
    sink->set_formatter(std::move(f));
  }
  shared_sink = sink;
  configured_level = parsed;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) {
    l->sinks() = {shared_sink};
    l->set_level(configured_level);
  });
  return absl::OkStatus();
}

std::shared_ptr<spdlog::logger> Get(const std::string& name) {
  std::lock_guard lock(registry_mutex);
  if (auto existing = spdlog::get(name)) return existing;
  if (!shared_sink) {
    shared_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  }
  auto logger = std::make_shared<spdlog::logger>(name, shared_sink);
  logger->set_level(configured_level);
  logger->flush_on(spdlog::level::warn);
  spdlog::register_logger(logger);
  return logger;
}

ScopedContext::ScopedContext(Context ctx) : previous_(std::move(current_context)) {
  current_context = std::move(ctx);
}

ScopedContext::~ScopedContext() { current_context = std::move(previous_); }

const Context& CurrentContext() { return current_context; }

Context SwapContext(Context ctx) {
  Context previous = std::move(current_context);
  current_context = std::move(ctx);
  return previous;
}

void AppendJsonEscaped(std::string& out, std::string_view s) {
  // Runs of characters that need no escape are appended at once.
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += absl::StrFormat("\\u%04x", c);
    }
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace parfumerie::log

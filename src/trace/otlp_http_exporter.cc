#include "trace/otlp_http_exporter.h"

#include <pthread.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "metrics/registry.h"

namespace parfumerie::trace {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// At most one warning per interval while the receiver keeps failing.
constexpr std::chrono::seconds kWarnInterval{60};

struct Target {
  std::string host;
  std::string port;
  std::string path;  // <prefix>/v1/traces
};

absl::StatusOr<Target> ParseEndpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("otlp-endpoint \"", std::string(url), "\": ", std::string(why), " (expected http://host[:port][/path])"));
  };
  if (url.starts_with("https://")) return bad("https is not supported; send to a local collector over http");
  if (!url.starts_with(kScheme)) return bad("not an http:// URL");
  std::string_view rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view prefix = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  while (prefix.ends_with('/')) prefix.remove_suffix(1);
  Target t;
  t.port = "80";
  if (authority.starts_with('[')) {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed [ in the host");
    t.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (after.starts_with(':')) t.port = std::string(after.substr(1));
    else if (!after.empty()) return bad("junk after the host");
  } else {
    const size_t colon = authority.rfind(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) t.port = std::string(authority.substr(colon + 1));
  }
  uint32_t port = 0;
  if (t.host.empty()) return bad("no host");
  if (!absl::SimpleAtoi(t.port, &port) || port == 0 || port > 65535) return bad("bad port");
  if (prefix.find_first_of("?#") != std::string_view::npos) return bad("no query or fragment allowed");
  t.path = std::string(prefix) + "/v1/traces";
  return t;
}

asio::awaitable<void> PostAsync(const Target* target, const std::string* body,
                                std::chrono::milliseconds timeout, absl::Status* result) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [resolve_ec, endpoints] = co_await resolver.async_resolve(target->host, target->port, kUseTuple);
  if (resolve_ec) {
    *result = absl::UnavailableError(absl::StrCat("cannot resolve ", target->host, ": ", resolve_ec.message()));
    co_return;
  }
  beast::tcp_stream stream(executor);
  stream.expires_after(timeout);  // the whole exchange
  auto [connect_ec, unused] = co_await stream.async_connect(endpoints, kUseTuple);
  if (connect_ec) {
    *result = absl::UnavailableError(
        absl::StrCat("cannot connect to ", target->host, ":", target->port, ": ", connect_ec.message()));
    co_return;
  }
  http::request<http::string_body> req{http::verb::post, target->path, 11};
  req.set(http::field::host, target->host + ":" + target->port);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "parfumerie-otlp");
  req.body() = *body;
  req.prepare_payload();
  auto [write_ec, written] = co_await http::async_write(stream, req, kUseTuple);
  if (write_ec) {
    *result = absl::UnavailableError(absl::StrCat("sending spans: ", write_ec.message()));
    co_return;
  }
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [read_ec, read] = co_await http::async_read(stream, buffer, res, kUseTuple);
  if (read_ec) {
    *result = absl::UnavailableError(absl::StrCat("reading the receiver's answer: ", read_ec.message()));
    co_return;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (res.result_int() / 100 != 2) {
    *result = absl::UnavailableError(absl::StrCat("the receiver answered ", res.result_int(), ": ",
                                                  res.body().substr(0, 200)));
    co_return;
  }
  *result = absl::OkStatus();
}

// One blocking POST, bounded by `timeout`.
absl::Status Post(const Target& target, const std::string& body, std::chrono::milliseconds timeout) {
  asio::io_context io;
  absl::Status result = absl::UnknownError("the request did not run");
  asio::co_spawn(io, PostAsync(&target, &body, timeout, &result), asio::detached);
  io.run();
  return result;
}

}  // namespace

struct OtlpHttpExporter::State {
  State(OtlpHttpExporterOptions o, Target t)
      : options(std::move(o)),
        target(std::move(t)),
        registry(options.metrics != nullptr ? *options.metrics : metrics::Registry::Default()) {}

  const OtlpHttpExporterOptions options;
  const Target target;
  metrics::Registry& registry;
  metrics::Counter& exported = registry
                                   .AddCounter({.name = "trace_spans_exported_total",
                                                .help = "Spans the OTLP receiver accepted."})
                                   .Get();
  metrics::Counter& dropped = registry
                                  .AddCounter({.name = "trace_spans_dropped_total",
                                               .help = "Spans not exported: queue full, failed batch, or "
                                                       "still queued at the shutdown deadline."})
                                  .Get();
  metrics::Counter& failures = registry
                                   .AddCounter({.name = "trace_export_failures_total",
                                                .help = "Failed POSTs of a batch of spans to the OTLP receiver."})
                                   .Get();
  std::shared_ptr<spdlog::logger> log = log::Get("trace");

  std::mutex mu;
  std::condition_variable cv;
  std::deque<SpanData> queue;           // guarded by mu
  Clock::time_point first_queued;       // guarded by mu; when queue became non-empty
  bool stopping = false;                // guarded by mu
  Clock::time_point deadline;           // guarded by mu; once stopping
  std::thread thread;
  Clock::time_point last_warning{};     // sending thread only

  void Run() {
    for (;;) {
      std::vector<SpanData> batch;
      std::chrono::milliseconds timeout = options.timeout;
      {
        std::unique_lock lock(mu);
        WaitForBatch(lock);
        if (stopping) {
          const auto now = Clock::now();
          if (queue.empty() || now >= deadline) {
            dropped.Add(static_cast<double>(queue.size()));
            queue.clear();
            return;
          }
          timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
        }
        const size_t n = std::min(queue.size(), options.max_batch);
        batch.reserve(n);
        for (size_t i = 0; i < n; ++i) {
          batch.push_back(std::move(queue.front()));
          queue.pop_front();
        }
        first_queued = Clock::now();
      }
      Send(batch, timeout);
    }
  }

  // Until a batch is full, the first queued span has waited batch_delay, or
  // Shutdown() was called.
  void WaitForBatch(std::unique_lock<std::mutex>& lock) {
    while (!stopping && queue.size() < options.max_batch) {
      if (queue.empty()) {
        cv.wait(lock);
        continue;
      }
      const Clock::time_point due = first_queued + options.batch_delay;
      if (Clock::now() >= due) return;
      cv.wait_until(lock, due);
    }
  }

  void Send(const std::vector<SpanData>& batch, std::chrono::milliseconds timeout) {
    const std::string body = EncodeExportRequest(options.resource, batch);
    absl::Status s = Post(target, body, std::max(timeout, std::chrono::milliseconds(1)));
    if (s.ok()) {
      exported.Add(static_cast<double>(batch.size()));
      return;
    }
    failures.Inc();
    dropped.Add(static_cast<double>(batch.size()));
    const auto now = Clock::now();
    if (now - last_warning >= kWarnInterval) {
      last_warning = now;
      log->warn("cannot export {} span(s) to http://{}{}: {} (further failures are counted in "
                "trace_export_failures_total, not logged, for {} s)",
                batch.size(), target.host + ":" + target.port, target.path, std::string(s.message()),
                kWarnInterval.count());
    }
  }
};

absl::StatusOr<std::shared_ptr<OtlpHttpExporter>> OtlpHttpExporter::Start(OtlpHttpExporterOptions options) {
  absl::StatusOr<Target> target = ParseEndpoint(options.endpoint);
  if (!target.ok()) return target.status();
  if (options.max_batch == 0 || options.max_queue == 0) {
    return absl::InvalidArgumentError("otlp exporter: max_batch and max_queue must be positive");
  }
  auto state = std::make_unique<State>(std::move(options), std::move(*target));
  State* s = state.get();
  s->thread = std::thread([s] { s->Run(); });
  pthread_setname_np(s->thread.native_handle(), "trace-export");
  return std::shared_ptr<OtlpHttpExporter>(new OtlpHttpExporter(std::move(state)));
}

OtlpHttpExporter::OtlpHttpExporter(std::unique_ptr<State> state) : state_(std::move(state)) {}

OtlpHttpExporter::~OtlpHttpExporter() { Shutdown(std::chrono::milliseconds(0)); }

void OtlpHttpExporter::Export(SpanData span) {
  State& s = *state_;
  bool wake = false;
  {
    std::lock_guard lock(s.mu);
    if (s.stopping || s.queue.size() >= s.options.max_queue) {
      s.dropped.Inc();
      return;
    }
    // The thread sleeps while the queue is empty: the first span starts its
    // batch_delay, a full batch goes at once.
    if (s.queue.empty()) {
      s.first_queued = Clock::now();
      wake = true;
    }
    s.queue.push_back(std::move(span));
    wake = wake || s.queue.size() == s.options.max_batch;
  }
  if (wake) s.cv.notify_one();
}

void OtlpHttpExporter::Shutdown(std::chrono::milliseconds deadline) {
  State& s = *state_;
  {
    std::lock_guard lock(s.mu);
    if (!s.stopping) {
      s.stopping = true;
      s.deadline = Clock::now() + deadline;
    }
  }
  s.cv.notify_all();
  if (s.thread.joinable()) s.thread.join();
}

}  // namespace parfumerie::trace

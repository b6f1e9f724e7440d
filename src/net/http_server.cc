#include "net/http_server.h"

#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_join.h"
#include "common/log.h"
#include "metrics/registry.h"
#include "net/problem.h"
#include "net/request_context.h"
#include "net/websocket_internal.h"
#include "trace/tracer.h"

namespace parfumerie::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// After a response that closes the connection, how long and how much of the
// client's unread input is drained so that closing does not reset the
// connection before the client has read the response.
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr size_t kLingerBytes = 1024 * 1024;
// How long the accept loop waits after a failed accept (EMFILE...).
constexpr std::chrono::milliseconds kAcceptErrorPause{100};
// After the drain deadline, how long cut-off connections get to unwind.
constexpr std::chrono::seconds kUnwindTime{2};

struct Connection {
  explicit Connection(tcp::socket socket)
      : executor(socket.get_executor()), stream(std::move(socket)) {
    beast::error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) peer = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }
  const asio::any_io_executor executor;  // the connection's strand
  beast::tcp_stream stream;  // moved into `websocket` on an upgrade
  std::string peer = "-";    // client address, for the access log
  bool busy = false;         // strand only: a request is being read or served
  std::optional<WebSocket> websocket;  // strand only: set once upgraded
};

bool IsParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category();
}

Request FromBeast(const http::request_parser<http::string_body>& parser) {
  Request req;
  const auto& msg = parser.get();
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  for (const auto& field : msg) {
    req.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  if (parser.is_done()) req.body = msg.body();
  return req;
}

bool ExpectsContinue(const http::request<http::string_body>& msg) {
  auto it = msg.find(http::field::expect);
  return it != msg.end() && beast::iequals(it->value(), "100-continue");
}

http::response<http::string_body> ToBeast(Response res, const Request& req, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), 11};
  for (auto& [name, value] : res.headers.fields()) out.insert(name, value);
  out.set("X-Request-Id", req.context.request_id);
  out.keep_alive(keep_alive);
  if (req.method == "HEAD") {
    // The GET response's header, without its body (RFC 9110, 9.3.2).
    out.content_length(res.body.size());
  } else {
    out.body() = std::move(res.body);
    out.prepare_payload();
  }
  return out;
}

// A method outside the standard ones is "other": clients choose methods, and
// each distinct label value would be a series kept forever.
std::string_view MethodLabel(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "other";
}

// The series one server records, resolved when it is made.
struct HttpMetrics {
  HttpMetrics(metrics::Registry& registry, std::string server_name)
      : server(std::move(server_name)),
        requests(registry.AddCounter(
            {.name = "http_server_requests_total",
             .help = "HTTP requests answered, by server, method, route pattern and status.",
             .labels = {"server", "method", "route", "status"}})),
        duration(registry.AddHistogram(
            {.name = "http_server_request_duration_seconds",
             .help = "Time from a request's first byte to the end of its response, in seconds.",
             .labels = {"server", "method", "route"}})),
        websocket_sessions(registry
                               .AddGauge({.name = "http_server_websocket_sessions",
                                          .help = "WebSocket sessions open.",
                                          .labels = {"server"}})
                               .Labels({server})) {}

  void Record(std::string_view method, std::string_view route, int status, double seconds) {
    std::string_view m = MethodLabel(method);
    requests.Labels({server, m, route, std::to_string(status)}).Inc();
    duration.Labels({server, m, route}).Observe(seconds);
  }

  const std::string server;
  metrics::CounterFamily& requests;
  metrics::HistogramFamily& duration;
  metrics::Gauge& websocket_sessions;
};

constexpr std::string_view kUnmatched = "unmatched";

// The server span of one request, child of the caller's `traceparent`, and
// the request's log context naming it (so that handlers, the blocking pool
// and the gateway continue the trace from this span).
trace::Span StartRequestSpan(Request& req, int64_t start_unix_nanos) {
  std::optional<trace::SpanContext> caller = CallerSpan(req.headers);
  trace::Span span = trace::Span::Start("HTTP", trace::SpanKind::kServer,
                                        caller.value_or(trace::SpanContext{}), start_unix_nanos);
  req.context = trace::LogContextOf(span.context(), RequestIdOf(req.headers));
  return span;
}

// Names the span after the route pattern (never the raw path: names must
// stay few) and records the outcome; 5xx is an error of this server.
void FinishRequestSpan(trace::Span& span, const Request& req, std::string_view route, int status,
                       std::string_view peer) {
  if (!span.recording()) return;
  const std::string_view method = MethodLabel(req.method);
  span.SetName(route == kUnmatched ? std::string(method) : std::string(method) + " " + std::string(route));
  span.SetAttribute("http.request.method", method);
  if (route != kUnmatched) span.SetAttribute("http.route", route);
  span.SetAttribute("url.path", req.path.empty() ? req.target : req.path);
  span.SetAttribute("http.response.status_code", status);
  span.SetAttribute("client.address", peer);
  span.SetAttribute("http.request.id", req.context.request_id);
  if (status >= 500) span.SetError("HTTP " + std::to_string(status));
}

}  // namespace

struct HttpServer::OwnedIo {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::thread> threads;
};

struct HttpServer::Core {
  Core(HttpServerOptions opts, Router r, asio::io_context& context)
      : options(std::move(opts)),
        router(std::move(r)),
        io(context),
        logger(log::Get(options.name)),
        instruments(options.metrics != nullptr ? *options.metrics : metrics::Registry::Default(),
                    options.name),
        acceptor_strand(asio::make_strand(context)),
        acceptor(acceptor_strand) {}

  HttpServerOptions options;
  Router router;
  ReadinessCheck readiness;
  asio::io_context& io;
  std::shared_ptr<spdlog::logger> logger;
  HttpMetrics instruments;
  asio::strand<asio::io_context::executor_type> acceptor_strand;
  tcp::acceptor acceptor;  // used on acceptor_strand once started
  std::atomic<uint16_t> port{0};
  std::atomic<bool> draining{false};

  std::mutex mu;
  std::condition_variable cv;
  std::set<std::shared_ptr<Connection>> connections;  // guarded by mu
  bool accepting = false;                             // guarded by mu
  bool started = false;                               // guarded by mu
  bool stopped = false;                               // guarded by mu

  enum class Admission { kAdmitted, kDraining, kFull };

  // Anything but kAdmitted: the caller closes the socket.
  Admission Register(const std::shared_ptr<Connection>& conn) {
    std::lock_guard lock(mu);
    if (draining) return Admission::kDraining;
    if (connections.size() >= options.max_connections) return Admission::kFull;
    connections.insert(conn);
    return Admission::kAdmitted;
  }

  void Unregister(const std::shared_ptr<Connection>& conn) {
    std::lock_guard lock(mu);
    connections.erase(conn);
    cv.notify_all();
  }

  // Closes connections, on their strands: idle ones only, or all of them.
  void CloseConnections(bool idle_only) {
    std::lock_guard lock(mu);
    for (const auto& conn : connections) {
      asio::post(conn->executor, [conn, idle_only] {
        if (conn->websocket) {
          // A session is never idle: it is told to go away, then cut off.
          idle_only ? internal::GoingAway(*conn->websocket) : internal::Abort(*conn->websocket);
          return;
        }
        if (idle_only && conn->busy) return;
        beast::error_code ignored;
        conn->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        conn->stream.socket().close(ignored);
      });
    }
  }

  static asio::awaitable<Response> Healthz(Request) {
    co_return Response::Json(200, R"({"status":"ok"})");
  }

  static asio::awaitable<Response> Readyz(Core* core, Request req) {
    if (core->draining) {
      co_return StatusResponse(absl::UnavailableError("shutting down"), req);
    }
    absl::Status ready = core->readiness ? core->readiness() : absl::OkStatus();
    if (!ready.ok()) {
      // Readiness reasons (a store not open yet) help operators and say
      // nothing secret, so they are shown even for 503.
      Problem p = ProblemFromStatus(ready, req, 503);
      p.detail = std::string(ready.message());
      co_return ProblemResponse(p);
    }
    co_return Response::Json(200, R"({"status":"ready"})");
  }

  static asio::awaitable<void> AcceptLoop(std::shared_ptr<Core> core) {
    for (;;) {
      auto [ec, socket] =
          co_await core->acceptor.async_accept(asio::make_strand(core->io), kUseTuple);
      if (ec) {
        if (core->draining || ec == asio::error::operation_aborted) break;
        // Out of descriptors and the like: keep serving the open connections,
        // and pause so that a persistent error does not spin.
        core->logger->warn("accept failed: {}", ec.message());
        asio::steady_timer pause(core->acceptor_strand, kAcceptErrorPause);
        co_await pause.async_wait(kUseTuple);
        continue;
      }
      auto conn = std::make_shared<Connection>(std::move(socket));
      Admission admission = core->Register(conn);
      if (admission != Admission::kAdmitted) {
        if (admission == Admission::kFull) {
          core->logger->warn("refused a connection from {}: {} connections open", conn->peer,
                             core->options.max_connections);
        }
        beast::error_code ignored;
        conn->stream.socket().close(ignored);
        continue;
      }
      asio::co_spawn(conn->executor, Serve(core, conn), asio::detached);
    }
    std::lock_guard lock(core->mu);
    core->accepting = false;
    core->cv.notify_all();
  }

  // One connection: requests one after the other while keep-alive holds.
  static asio::awaitable<void> Serve(std::shared_ptr<Core> core, std::shared_ptr<Connection> conn) {
    beast::flat_buffer buffer;
    bool first = true;
    bool linger = false;
    for (;;) {
      if (buffer.size() == 0) {
        // Waiting for a request to begin: the idle timeout applies.
        conn->stream.expires_after(first ? core->options.read_timeout : core->options.idle_timeout);
        auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(4096), kUseTuple);
        if (ec) break;
        buffer.commit(n);
      }
      first = false;
      conn->busy = true;
      std::optional<bool> keep_alive = co_await ServeOne(core, conn, buffer);
      conn->busy = false;
      if (!keep_alive) break;  // no response could be written
      if (!*keep_alive || core->draining) {
        linger = true;
        break;
      }
    }
    if (linger) co_await Linger(conn);
    beast::error_code ignored;
    if (!conn->websocket) conn->stream.socket().close(ignored);
    core->Unregister(conn);
  }

  // Reads, handles and answers one request. Returns whether the connection
  // may serve another one, or nullopt when it is broken.
  static asio::awaitable<std::optional<bool>> ServeOne(std::shared_ptr<Core> core,
                                                       std::shared_ptr<Connection> conn,
                                                       beast::flat_buffer& buffer) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t start_unix_nanos = trace::NowUnixNanos();
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<uint32_t>(core->options.max_header_bytes));
    parser.body_limit(core->options.max_body_bytes);
    conn->stream.expires_after(core->options.read_timeout);
    auto [ec, unused] = co_await http::async_read_header(conn->stream, buffer, parser, kUseTuple);
    if (!ec && !parser.is_done()) {
      // Clients such as curl announce large bodies and wait for this go-ahead;
      // it is sent only once the header passed the size checks.
      if (ExpectsContinue(parser.get())) {
        http::response<http::empty_body> go_ahead{http::status::continue_, 11};
        auto [continue_ec, n] = co_await http::async_write(conn->stream, go_ahead, kUseTuple);
        ec = continue_ec;
      }
      if (!ec)
        std::tie(ec, unused) = co_await http::async_read(conn->stream, buffer, parser, kUseTuple);
    }

    Request req = parser.is_header_done() ? FromBeast(parser) : Request{};
    const bool answerable = !ec || ec == http::error::body_limit || ec == http::error::header_limit ||
                            (IsParseError(ec) && ec != http::error::end_of_stream &&
                             ec != http::error::partial_message);
    // A request that cannot be answered (the peer left) gets no span, and
    // needs no context: nothing is logged for it.
    trace::Span span = answerable ? StartRequestSpan(req, start_unix_nanos) : trace::Span();
    Response res;
    bool keep_alive = false;
    std::string_view route = kUnmatched;
    if (!ec) {
      if (!ParseTarget(req.target, req.path, req.query)) {
        res = ProblemResponse(400, absl::StatusCode::kInvalidArgument,
                              "The request target is not a valid absolute path with query.", req);
      } else if (auto ws = core->router.RouteWebSocket(req.path);
                 ws.endpoint != nullptr && internal::IsWebSocketUpgrade(parser.get()) &&
                 !core->draining) {
        req.path_params = std::move(ws.params);
        FinishRequestSpan(span, req, kUnmatched, 101, conn->peer);
        span.SetName("GET WebSocket");
        span.End();  // the session itself is not a request: its span ends at the upgrade
        co_await ServeWebSocket(core, conn, parser.release(), std::move(req), *ws.endpoint);
        co_return std::nullopt;  // the session closed the connection
      } else {
        res = co_await Dispatch(core, req, &route);
        // Decided after the handler: a shutdown may have begun meanwhile.
        keep_alive = parser.get().keep_alive() && !core->draining;
      }
    } else if (ec == http::error::body_limit) {
      res = ProblemResponse(
          413, absl::StatusCode::kResourceExhausted,
          "The request body exceeds " + std::to_string(core->options.max_body_bytes) + " bytes.",
          req);
    } else if (ec == http::error::header_limit) {
      res = ProblemResponse(431, absl::StatusCode::kResourceExhausted,
                            "The request header exceeds " +
                                std::to_string(core->options.max_header_bytes) + " bytes.",
                            req);
    } else if (IsParseError(ec) && ec != http::error::end_of_stream &&
               ec != http::error::partial_message) {
      res = ProblemResponse(400, absl::StatusCode::kInvalidArgument,
                            "Malformed HTTP request: " + ec.message() + ".", req);
    } else {
      // The peer went away, or read_timeout expired: tcp_stream has then
      // already closed the socket, so there is no way to answer 408.
      co_return std::nullopt;
    }

    const int status = res.status;
    auto out = ToBeast(std::move(res), req, keep_alive);
    const size_t bytes = out.body().size();
    conn->stream.expires_after(core->options.write_timeout);
    auto [write_ec, written] = co_await http::async_write(conn->stream, out, kUseTuple);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    core->instruments.Record(req.method, route, status, seconds);
    FinishRequestSpan(span, req, route, status, conn->peer);
    if (write_ec) span.SetError("write failed: " + write_ec.message());
    span.End();
    {
      log::ScopedContext scope(req.context);
      const double ms = seconds * 1000;
      core->logger->info("{} {} {} {} {}B {:.1f}ms{}", conn->peer,
                         req.method.empty() ? "-" : req.method,
                         req.target.empty() ? "-" : req.target, status, bytes, ms,
                         write_ec ? " (write failed: " + write_ec.message() + ")" : "");
    }
    if (write_ec) co_return std::nullopt;
    co_return keep_alive;
  }

  // Upgrades the connection and serves it until the WebSocket closes.
  static asio::awaitable<void> ServeWebSocket(std::shared_ptr<Core> core,
                                              std::shared_ptr<Connection> conn,
                                              internal::UpgradeRequest upgrade, Request req,
                                              const WebSocketEndpoint& endpoint) {
    conn->websocket =
        internal::MakeWebSocket(std::move(conn->stream), std::move(req), endpoint.options);
    // Counted while the coroutine lives, however the session ends.
    struct SessionCount {
      explicit SessionCount(metrics::Gauge& g) : gauge(g) { gauge.Inc(); }
      ~SessionCount() { gauge.Dec(); }
      metrics::Gauge& gauge;
    } count(core->instruments.websocket_sessions);
    co_await internal::RunWebSocket(*conn->websocket, std::move(upgrade), endpoint.handler,
                                    conn->peer, core->logger);
  }

  // `route` receives the matched pattern (the metrics' bounded `route`
  // label); it points into the router, which outlives every request.
  static asio::awaitable<Response> Dispatch(std::shared_ptr<Core> core, Request req, std::string_view* route) {
    // HEAD is answered by the GET route; ToBeast drops the body.
    Router::Match match = core->router.Route(req.method == "HEAD" ? "GET" : req.method, req.path);
    if (match.outcome == Router::Outcome::kFound) *route = *match.pattern;
    if (match.outcome == Router::Outcome::kNotFound &&
        core->router.RouteWebSocket(req.path).endpoint != nullptr) {
      Response res = ProblemResponse(426, absl::StatusCode::kFailedPrecondition,
                                     req.path + " serves WebSocket connections only.", req);
      res.headers.Set("Upgrade", "websocket");
      co_return res;
    }
    if (match.outcome == Router::Outcome::kNotFound) {
      co_return ProblemResponse(404, absl::StatusCode::kNotFound,
                                "There is no resource at " + req.path + ".", req);
    }
    if (match.outcome == Router::Outcome::kMethodNotAllowed) {
      if (std::find(match.allowed.begin(), match.allowed.end(), "GET") != match.allowed.end()) {
        match.allowed.push_back("HEAD");
        std::sort(match.allowed.begin(), match.allowed.end());
      }
      std::string allow = absl::StrJoin(match.allowed, ", ");
      Response res = ProblemResponse(
          405, absl::StatusCode::kUnimplemented,
          req.method + " is not allowed on " + req.path + "; allowed: " + allow + ".", req);
      res.headers.Set("Allow", allow);
      co_return res;
    }
    Request info;  // what the failure path needs once `req` is moved into the handler
    info.method = req.method;
    info.path = req.path;
    info.context = req.context;
    req.path_params = std::move(match.params);
    std::string failure;
    try {
      co_return co_await (*match.handler)(std::move(req));
    } catch (const std::exception& e) {
      failure = e.what();
    } catch (...) {
      failure = "unknown exception";
    }
    co_return StatusResponse(absl::InternalError("handler threw: " + failure), info);
  }

  // Half-closes, then reads and discards for a moment (see kLingerTime).
  static asio::awaitable<void> Linger(std::shared_ptr<Connection> conn) {
    beast::error_code ignored;
    conn->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    conn->stream.expires_after(kLingerTime);
    std::array<char, 4096> sink;
    size_t total = 0;
    while (total < kLingerBytes) {
      auto [ec, n] = co_await conn->stream.async_read_some(asio::buffer(sink), kUseTuple);
      if (ec) break;
      total += n;
    }
  }
};

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : owned_io_(std::make_unique<OwnedIo>()) {
  core_ = std::make_shared<Core>(std::move(options), std::move(router), owned_io_->io);
}

HttpServer::HttpServer(HttpServerOptions options, Router router, boost::asio::io_context& io)
    : core_(std::make_shared<Core>(std::move(options), std::move(router), io)) {}

HttpServer::~HttpServer() {
  Shutdown(std::chrono::milliseconds(0));
  if (!owned_io_) return;
  // The core holds sockets and strands of the io_context, so it must go
  // first. Once every coroutine has finished only this object holds it. A
  // request cut off at the drain deadline may still be waiting for blocking
  // work; give its completion a moment to run so its coroutine can finish.
  const auto deadline = std::chrono::steady_clock::now() + kUnwindTime;
  while (core_.use_count() > 1 && std::chrono::steady_clock::now() < deadline) {
    owned_io_->io.restart();
    if (owned_io_->io.run_for(std::chrono::milliseconds(10)) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // nothing ready yet
    }
  }
  if (core_.use_count() == 1) {
    core_.reset();
    owned_io_.reset();
    return;
  }
  // A handler is still suspended (stuck blocking work past the drain
  // deadline): destroying either side now would free memory the other still
  // uses. The process is going down; leaking is the safe choice.
  core_->logger->error("a request outlived shutdown; leaking its server state");
  new std::shared_ptr<Core>(std::move(core_));
  (void)owned_io_.release();
}

void HttpServer::SetReadinessCheck(ReadinessCheck check) { core_->readiness = std::move(check); }

uint16_t HttpServer::port() const { return core_->port; }

absl::Status HttpServer::Start() {
  Core& c = *core_;
  {
    std::lock_guard lock(c.mu);
    if (c.started || c.stopped) return absl::FailedPreconditionError("server already started");
  }
  Core* raw = core_.get();  // the router lives in the core: no ownership cycle
  c.router.Add("GET", "/healthz", [](Request r) { return Core::Healthz(std::move(r)); });
  c.router.Add("GET", "/readyz", [raw](Request r) { return Core::Readyz(raw, std::move(r)); });

  beast::error_code ec;
  auto address = boost::asio::ip::make_address(c.options.address, ec);
  if (ec) {
    return absl::InvalidArgumentError("bad listen address '" + c.options.address +
                                      "': " + ec.message());
  }
  tcp::endpoint endpoint(address, c.options.port);
  std::string where = c.options.address + ":" + std::to_string(c.options.port);
  if (c.acceptor.open(endpoint.protocol(), ec); ec) {
    return absl::UnavailableError("cannot open socket for " + where + ": " + ec.message());
  }
  c.acceptor.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (c.acceptor.bind(endpoint, ec); ec) {
    return absl::UnavailableError("cannot bind " + where + ": " + ec.message());
  }
  if (c.acceptor.listen(boost::asio::socket_base::max_listen_connections, ec); ec) {
    return absl::UnavailableError("cannot listen on " + where + ": " + ec.message());
  }
  c.port = c.acceptor.local_endpoint().port();
  {
    std::lock_guard lock(c.mu);
    c.started = true;
    c.accepting = true;
  }
  boost::asio::co_spawn(c.acceptor_strand, Core::AcceptLoop(core_), boost::asio::detached);
  if (owned_io_) {
    int n = std::max(c.options.io_threads, 1);
    for (int i = 0; i < n; ++i) {
      owned_io_->threads.emplace_back([io = &owned_io_->io] { io->run(); });
      std::string name = (c.options.name + "-io-" + std::to_string(i)).substr(0, 15);
      pthread_setname_np(owned_io_->threads.back().native_handle(), name.c_str());
    }
  }
  c.logger->info("listening on {}:{}", c.options.address, c.port.load());
  return absl::OkStatus();
}

void HttpServer::Shutdown(std::chrono::milliseconds drain) {
  Core& c = *core_;
  bool started;
  {
    std::lock_guard lock(c.mu);
    if (c.stopped) return;
    c.stopped = true;
    started = c.started;
    c.draining = true;
  }
  if (started) {
    boost::asio::post(c.acceptor_strand, [core = core_] {
      beast::error_code ignored;
      core->acceptor.close(ignored);
    });
    c.CloseConnections(/*idle_only=*/true);
    std::unique_lock lock(c.mu);
    auto done = [&c] { return c.connections.empty() && !c.accepting; };
    if (!c.cv.wait_for(lock, drain, done)) {
      c.logger->warn("{} connection(s) still busy after the {} ms drain deadline; closing them",
                     c.connections.size(), drain.count());
      lock.unlock();
      c.CloseConnections(/*idle_only=*/false);
      lock.lock();
      c.cv.wait_for(lock, kUnwindTime, done);
    }
  }
  if (owned_io_) {
    owned_io_->work.reset();
    owned_io_->io.stop();
    for (auto& t : owned_io_->threads) {
      if (t.joinable()) t.join();
    }
    owned_io_->threads.clear();
  }
  if (started) c.logger->info("stopped");
}

}  // namespace parfumerie::net

#include "otlp_receiver.h"

#include <boost/json.hpp>
#include <stdexcept>

#include "net/http_server.h"
#include "net/router.h"

namespace parfumerie::trace::testing {
namespace {

namespace json = boost::json;

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

std::map<std::string, std::string> Attributes(const json::object& o) {
  std::map<std::string, std::string> out;
  if (!o.contains("attributes")) return out;
  for (const json::value& a : o.at("attributes").as_array()) {
    const json::object& value = a.at("value").as_object();
    out[std::string(a.at("key").as_string())] = value.empty() ? "" : Text(value.begin()->value());
  }
  return out;
}

int64_t Nanos(const json::object& o, std::string_view key) {
  return o.contains(key) ? std::stoll(std::string(o.at(key).as_string())) : 0;
}

}  // namespace

OtlpReceiver::OtlpReceiver() {
  net::Router router;
  router.Add("POST", "/v1/traces", [this](net::Request req) { return Handle(this, std::move(req)); });
  server_ = std::make_unique<net::HttpServer>(
      net::HttpServerOptions{.name = "otlp-receiver", .address = "127.0.0.1", .max_body_bytes = 64 << 20},
      std::move(router));
  if (!server_->Start().ok()) throw std::runtime_error("OTLP receiver: cannot listen");
}

OtlpReceiver::~OtlpReceiver() { server_->Shutdown(std::chrono::milliseconds(0)); }

boost::asio::awaitable<net::Response> OtlpReceiver::Handle(OtlpReceiver* self, net::Request req) {
  co_return net::Response::Json(self->Answer(req.body), "{}");
}

int OtlpReceiver::Answer(const std::string& body) {
  int status;
  {
    std::lock_guard lock(mu_);
    status = status_;
  }
  if (status == 200) Receive(body);
  {
    std::lock_guard lock(mu_);
    ++requests_;
  }
  cv_.notify_all();
  return status;
}

uint16_t OtlpReceiver::port() const { return server_->port(); }

std::string OtlpReceiver::endpoint() const { return "http://127.0.0.1:" + std::to_string(port()); }

void OtlpReceiver::SetStatus(int status) {
  std::lock_guard lock(mu_);
  status_ = status;
}

void OtlpReceiver::Receive(const std::string& body) {
  std::vector<ReceivedSpan> got;
  json::value doc = json::parse(body);  // throws on bad JSON: the server answers 500
  for (const json::value& rs : doc.at("resourceSpans").as_array()) {
    std::map<std::string, std::string> resource = Attributes(rs.at("resource").as_object());
    for (const json::value& ss : rs.at("scopeSpans").as_array()) {
      for (const json::value& sv : ss.at("spans").as_array()) {
        const json::object& s = sv.as_object();
        ReceivedSpan span;
        span.service_name = resource["service.name"];
        span.trace_id = std::string(s.at("traceId").as_string());
        span.span_id = std::string(s.at("spanId").as_string());
        if (s.contains("parentSpanId")) span.parent_span_id = std::string(s.at("parentSpanId").as_string());
        span.name = std::string(s.at("name").as_string());
        span.kind = static_cast<int>(s.at("kind").as_int64());
        span.start_unix_nanos = Nanos(s, "startTimeUnixNano");
        span.end_unix_nanos = Nanos(s, "endTimeUnixNano");
        span.attributes = Attributes(s);
        if (s.contains("status")) {
          const json::object& st = s.at("status").as_object();
          if (st.contains("code")) span.status_code = static_cast<int>(st.at("code").as_int64());
        }
        got.push_back(std::move(span));
      }
    }
  }
  std::lock_guard lock(mu_);
  spans_.insert(spans_.end(), got.begin(), got.end());
}

std::vector<ReceivedSpan> OtlpReceiver::Spans() const {
  std::lock_guard lock(mu_);
  return spans_;
}

int OtlpReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

bool OtlpReceiver::WaitFor(const std::function<bool(const std::vector<ReceivedSpan>&)>& done,
                           std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return done(spans_); });
}

}  // namespace parfumerie::trace::testing

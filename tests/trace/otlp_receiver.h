// A tiny OTLP/HTTP JSON receiver for tests: an HTTP server on 127.0.0.1:0
// that keeps every span POSTed to /v1/traces. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "net/http_message.h"

namespace parfumerie::net {
class HttpServer;
}

namespace parfumerie::trace::testing {

struct ReceivedSpan {
  std::string service_name;  // the resource's service.name
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;
  std::string name;
  int kind = 0;
  int64_t start_unix_nanos = 0;
  int64_t end_unix_nanos = 0;
  std::map<std::string, std::string> attributes;  // every value as text
  int status_code = 0;
};

class OtlpReceiver {
 public:
  OtlpReceiver();  // listening when constructed
  ~OtlpReceiver();

  uint16_t port() const;
  std::string endpoint() const;  // http://127.0.0.1:<port>

  // The status to answer with from now on (default 200).
  void SetStatus(int status);

  std::vector<ReceivedSpan> Spans() const;
  int requests() const;
  // Waits until `done(spans)` holds or `timeout` passes; returns whether it held.
  bool WaitFor(const std::function<bool(const std::vector<ReceivedSpan>&)>& done,
               std::chrono::milliseconds timeout) const;

 private:
  static boost::asio::awaitable<net::Response> Handle(OtlpReceiver* self, net::Request req);
  int Answer(const std::string& body);  // the status answered
  void Receive(const std::string& body);

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<ReceivedSpan> spans_;  // guarded by mu_
  int requests_ = 0;                 // guarded by mu_
  int status_ = 200;                 // guarded by mu_
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace parfumerie::trace::testing

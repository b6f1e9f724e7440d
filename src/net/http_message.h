// Transport-neutral HTTP request and response, as handlers see them.
//
// The server (http_server.h) converts to and from Boost.Beast messages so that
// handlers, the router and their tests never depend on Beast. Plain values:
// not thread-safe, cheap to move.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/log.h"

namespace parfumerie::net {

// Header fields in arrival order; names compare case-insensitively (RFC 9110).
class Headers {
 public:
  void Add(std::string name, std::string value);
  // Replaces every field named `name` with one field.
  void Set(std::string name, std::string value);
  // The first field named `name`, if any.
  std::optional<std::string_view> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  std::string method;  // "GET", "POST", ... as sent (methods are case-sensitive)
  std::string target;  // origin-form as received: path and query
  std::string path;    // target without the query, still percent-encoded
  // Query parameters in order, percent-decoded ('+' is a space); a key may repeat.
  std::vector<std::pair<std::string, std::string>> query;
  Headers headers;
  std::string body;
  // `{name}` captures of the matched route pattern, percent-decoded.
  std::map<std::string, std::string, std::less<>> path_params;
  // Correlation ids for this request (request id, W3C trace and span ids).
  // Coroutines cannot keep a thread-local scope across co_await, so handlers
  // pass this explicitly (for example to RunBlocking in blocking_pool.h).
  log::Context context;

  // The value of path parameter `name` ("" when absent).
  std::string_view PathParam(std::string_view name) const;
  // Every value of query parameter `name`, in order.
  std::vector<std::string_view> QueryValues(std::string_view name) const;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // A response with `Content-Type: <content_type>` and `body`.
  static Response WithBody(int status, std::string_view content_type, std::string body);
  static Response Json(int status, std::string body) {
    return WithBody(status, "application/json", std::move(body));
  }
};

// Splits a request target into path and decoded query parameters. Returns
// false when the target is neither origin-form ("/p?q") nor absolute-form
// ("http://host/p?q"), or has a malformed %-escape.
bool ParseTarget(std::string_view target, std::string& path,
                 std::vector<std::pair<std::string, std::string>>& query);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Returns
// nullopt on a truncated or non-hex escape.
std::optional<std::string> PercentDecode(std::string_view in, bool plus_is_space);

// The standard reason phrase of an HTTP status code ("Not Found").
std::string_view ReasonPhrase(int status);

}  // namespace parfumerie::net

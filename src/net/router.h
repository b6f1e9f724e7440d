// Maps (method, path) to a handler. Patterns are absolute paths whose segments
// are literals or hold one `{name}` capture with an optional literal prefix and
// suffix: "/parfums/{id}", "/images/parfums/{id}.svg".
//
// A path may also be a WebSocket endpoint (AddWebSocket): the server upgrades
// a GET carrying `Upgrade: websocket` to it, while any other request to the
// path goes to its HTTP routes (so GraphQL over GET and over WebSocket share
// one path). A path with no HTTP route answers plain requests with 426.
//
// Built once before the server starts, then only read: Route() is safe to call
// from many threads concurrently, Add() is not.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"
#include "net/websocket.h"

namespace parfumerie::net {

// A handler is a coroutine running on an I/O thread: it must not block (use
// RunBlocking for blocking work). It takes the request by value so that it
// outlives every suspension; throwing yields a 500 problem response.
using Handler = std::function<boost::asio::awaitable<Response>(Request)>;

struct WebSocketEndpoint {
  WebSocketOptions options;
  WebSocketHandler handler;
};

struct RouteInfo {
  std::string method;
  std::string pattern;
};

class Router {
 public:
  enum class Outcome { kFound, kNotFound, kMethodNotAllowed };

  struct Match {
    Outcome outcome = Outcome::kNotFound;
    const Handler* handler = nullptr;                        // kFound: owned by the router
    const std::string* pattern = nullptr;                    // kFound: the route's pattern, owned by the router
    std::map<std::string, std::string, std::less<>> params;  // kFound
    std::vector<std::string> allowed;  // kMethodNotAllowed: methods of the path, sorted
  };

  // Registers `handler`. A malformed pattern or a duplicate (method, pattern)
  // is a programming error and aborts.
  void Add(std::string method, std::string pattern, Handler handler);

  // `path` is percent-encoded as received; captures are decoded. A capture
  // whose decoding fails, or that is empty, does not match.
  Match Route(std::string_view method, std::string_view path) const;

  // Registers a WebSocket endpoint. A malformed pattern or a duplicate
  // pattern is a programming error and aborts.
  void AddWebSocket(std::string pattern, WebSocketOptions options, WebSocketHandler handler);

  struct WebSocketMatch {
    const WebSocketEndpoint* endpoint = nullptr;  // null: no endpoint; owned by the router
    std::map<std::string, std::string, std::less<>> params;
  };
  // The WebSocket endpoint of `path`, if any (captures as for Route()).
  WebSocketMatch RouteWebSocket(std::string_view path) const;

  // Every registered HTTP route, in registration order.
  std::vector<RouteInfo> Routes() const;

 private:
  struct Segment {
    std::string literal;  // whole segment, or prefix when `capture` is set
    std::string capture;  // parameter name; empty for a literal segment
    std::string suffix;
  };
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  struct WebSocketEntry {
    std::string pattern;
    std::vector<Segment> segments;
    WebSocketEndpoint endpoint;
  };

  static std::vector<Segment> ParsePattern(std::string_view pattern);
  static bool MatchSegments(const std::vector<Segment>& pattern,
                            const std::vector<std::string_view>& path,
                            std::map<std::string, std::string, std::less<>>* params);

  std::vector<Entry> routes_;
  std::vector<WebSocketEntry> websockets_;
};

}  // namespace parfumerie::net

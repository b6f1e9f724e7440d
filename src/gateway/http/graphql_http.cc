#include "gateway/http/graphql_http.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "common/log.h"
#include "gateway/http/graphiql_page.h"
#include "gateway/http/media_type.h"
#include "graphql/error.h"
#include "graphql/json_reader.h"
#include "net/problem.h"

namespace parfumerie::gateway::http {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

struct Endpoint {
  Endpoint(GraphqlHttpOptions options, graphql::Service& service, OperationContextFactory factory)
      : service(service),
        factory(std::move(factory)),
        cors(options.cors, {"GET", "POST"}),
        graphiql(options.graphiql),
        metrics(options.metrics),
        page(options.graphiql ? LoadGraphiqlPage(options.graphiql_dir) : GraphiqlPage{}) {}

  graphql::Service& service;
  OperationContextFactory factory;
  CorsPolicy cors;
  bool graphiql;
  OperationMetrics* metrics;
  GraphiqlPage page;
};

// The GraphQL request parameters, from a JSON body or a query string.
struct Params {
  std::string query;
  std::string operation_name;
  json::object variables;
};

// A response that carries one GraphQL error; extensions.code is set when
// `code` is not empty.
net::Response ErrorResponse(int status, ResponseMediaType type, std::string message,
                            std::string code = "") {
  graphql::Error error;
  error.message = std::move(message);
  if (!code.empty()) error.extensions["code"] = code;
  return net::Response::WithBody(status, ContentTypeOf(type), graphql::ErrorsResponse({error}));
}

// Reads `{query, operationName, variables, extensions}`; the error says what is wrong.
std::optional<std::string> ReadBody(const std::string& body, Params& params) {
  auto parsed = graphql::ReadJson(body);
  if (!parsed.ok()) return "The request body is not valid JSON: " + std::string(parsed.status().message());
  if (!parsed->is_object()) return "The request body must be a JSON object.";
  const json::object& object = parsed->as_object();
  const json::value* query = object.if_contains("query");
  if (query == nullptr || !query->is_string()) return "The request needs a \"query\" string.";
  params.query = std::string(query->as_string());
  if (const json::value* name = object.if_contains("operationName"); name && !name->is_null()) {
    if (!name->is_string()) return "\"operationName\" must be a string or null.";
    params.operation_name = std::string(name->as_string());
  }
  if (const json::value* variables = object.if_contains("variables"); variables && !variables->is_null()) {
    if (!variables->is_object()) return "\"variables\" must be an object or null.";
    params.variables = variables->as_object();
  }
  if (const json::value* extensions = object.if_contains("extensions"); extensions && !extensions->is_null()) {
    if (!extensions->is_object()) return "\"extensions\" must be an object or null.";
  }
  return std::nullopt;
}

// `name`'s only value: absent is fine, a repeated one is an error.
std::optional<std::string> QueryParam(const net::Request& request, std::string_view name,
                                      std::optional<std::string_view>& value) {
  auto values = request.QueryValues(name);
  if (values.size() > 1) return "The parameter \"" + std::string(name) + "\" is given more than once.";
  if (!values.empty()) value = values[0];
  return std::nullopt;
}

// Reads a JSON-encoded object parameter (variables, extensions); "null" and absence are fine.
std::optional<std::string> ReadObjectParam(std::optional<std::string_view> text, std::string_view name,
                                           json::object* out) {
  if (!text) return std::nullopt;
  auto parsed = graphql::ReadJson(*text);
  if (parsed.ok() && parsed->is_null()) return std::nullopt;
  if (!parsed.ok() || !parsed->is_object()) {
    return "The parameter \"" + std::string(name) + "\" must be a JSON-encoded object.";
  }
  if (out != nullptr) *out = parsed->as_object();
  return std::nullopt;
}

std::optional<std::string> ReadQueryString(const net::Request& request, Params& params) {
  std::optional<std::string_view> query, name, variables, extensions;
  for (auto [key, slot] : {std::pair{"query", &query}, std::pair{"operationName", &name},
                           std::pair{"variables", &variables}, std::pair{"extensions", &extensions}}) {
    if (auto error = QueryParam(request, key, *slot)) return error;
  }
  if (!query) return "The request needs a \"query\" parameter.";
  params.query = std::string(*query);
  if (name) params.operation_name = std::string(*name);
  if (auto error = ReadObjectParam(variables, "variables", &params.variables)) return error;
  return ReadObjectParam(extensions, "extensions", nullptr);
}

// The token of `Authorization: Bearer <token>` (RFC 6750 section 2.1); ""
// without the header; nullopt when the header is malformed.
std::optional<std::string> BearerToken(const net::Request& request) {
  auto header = request.headers.Get("Authorization");
  if (!header) return std::string();
  absl::string_view value = absl::StripAsciiWhitespace(absl::string_view(header->data(), header->size()));
  constexpr absl::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme)) return std::nullopt;
  absl::string_view token = absl::StripLeadingAsciiWhitespace(value.substr(kScheme.size()));
  size_t i = 0;
  while (i < token.size() && (absl::ascii_isalnum(token[i]) || absl::StrContains("-._~+/", token[i]))) ++i;
  while (i < token.size() && token[i] == '=') ++i;
  if (i == 0 || i != token.size()) return std::nullopt;
  return std::string(token);
}

net::Response Unauthenticated(ResponseMediaType type, std::string message, std::string challenge) {
  net::Response response = ErrorResponse(401, type, std::move(message), "UNAUTHENTICATED");
  response.headers.Set("WWW-Authenticate", std::move(challenge));
  return response;
}

// The factory's refusal as a response: 401 for UNAUTHENTICATED, problem.h's
// table otherwise, with internal messages kept for the log.
net::Response ContextError(const absl::Status& status, ResponseMediaType type, const net::Request& request) {
  if (status.code() == absl::StatusCode::kUnauthenticated) {
    return Unauthenticated(type, std::string(status.message()), "Bearer error=\"invalid_token\"");
  }
  net::Problem problem = net::ProblemFromStatus(status, request);
  return ErrorResponse(problem.http_status, type, problem.detail, net::CanonicalCodeName(status.code()));
}

// Runs `operation` and completes on the awaiting coroutine's executor: the
// engine calls back from whichever thread finished the last field.
struct ExecuteInitiation {
  template <typename Handler>
  void operator()(Handler handler, graphql::Service* service, graphql::Service::Operation operation,
                  graphql::Request request) const {
    struct Pending {
      Handler handler;
      asio::executor_work_guard<asio::associated_executor_t<Handler>> work;
    };
    auto work = asio::make_work_guard(asio::get_associated_executor(handler));
    auto pending = std::make_shared<Pending>(Pending{std::move(handler), std::move(work)});
    service->ExecuteAsync(operation, std::move(request), [pending](graphql::Service::Result result) {
      auto executor = pending->work.get_executor();
      asio::post(executor, [pending, result = std::move(result)]() mutable {
        pending->work.reset();
        std::move(pending->handler)(std::move(result));
      });
    });
  }
};

asio::awaitable<graphql::Service::Result> Execute(graphql::Service& service,
                                                  graphql::Service::Operation operation,
                                                  graphql::Request request) {
  return asio::async_initiate<decltype(asio::use_awaitable), void(graphql::Service::Result)>(
      ExecuteInitiation{}, asio::use_awaitable, &service, std::move(operation), std::move(request));
}

net::Response PageResponse(const Endpoint& endpoint) {
  net::Response response = net::Response::WithBody(200, "text/html; charset=utf-8", endpoint.page.html);
  response.headers.Set("Cache-Control", "no-cache");
  return response;
}

asio::awaitable<net::Response> HandleGraphql(std::shared_ptr<Endpoint> endpoint, net::Request request) {
  const bool get = request.method == "GET" || request.method == "HEAD";  // HEAD comes here as GET
  if (get && endpoint->graphiql && request.QueryValues("query").empty() &&
      AcceptsHtml(request.headers.Get("Accept"))) {
    co_return PageResponse(*endpoint);
  }
  auto negotiated = NegotiateResponse(request.headers.Get("Accept"));
  if (!negotiated) {
    co_return ErrorResponse(406, ResponseMediaType::kJson,
                            "Accept must admit application/graphql-response+json or application/json.");
  }
  const ResponseMediaType type = *negotiated;

  Params params;
  std::optional<std::string> bad_request;
  if (get) {
    bad_request = ReadQueryString(request, params);
  } else {
    switch (ClassifyContentType(request.headers.Get("Content-Type"))) {
      case RequestBodyType::kJson:
        break;
      case RequestBodyType::kUnsupportedCharset:
        co_return ErrorResponse(415, type, "The request body must be encoded in UTF-8.");
      case RequestBodyType::kUnsupported:
        co_return ErrorResponse(415, type, "POST requests must have Content-Type: application/json.");
    }
    bad_request = ReadBody(request.body, params);
  }
  if (bad_request) co_return ErrorResponse(400, type, std::move(*bad_request));

  auto token = BearerToken(request);
  if (!token) {
    co_return Unauthenticated(type, "The Authorization header must be \"Bearer <token>\".", "Bearer");
  }
  auto executor = co_await asio::this_coro::executor;
  Caller caller{std::move(*token), request.context};
  absl::StatusOr<std::shared_ptr<void>> context = endpoint->factory(caller, executor);
  if (!context.ok()) co_return ContextError(context.status(), type, request);

  const auto start = std::chrono::steady_clock::now();
  graphql::Service::Operation operation =
      endpoint->service.PrepareOperation(params.query, params.operation_name);
  if (get && operation.type == graphql::ast::OperationType::kMutation) {
    net::Response response =
        ErrorResponse(405, type, "Mutations must be sent with POST; GET may only run queries.");
    response.headers.Set("Allow", "POST");
    co_return response;
  }
  if (operation.type == graphql::ast::OperationType::kSubscription) {
    co_return ErrorResponse(type == ResponseMediaType::kJson ? 200 : 400, type,
                            "Subscriptions are served over WebSocket (graphql-transport-ws), not over HTTP.");
  }

  const std::optional<graphql::ast::OperationType> operation_type = operation.type;
  const std::string operation_name = operation.name;
  graphql::Request graphql_request;
  graphql_request.operation_name = std::move(params.operation_name);
  graphql_request.variables = std::move(params.variables);
  graphql_request.context = context->get();
  graphql::Service::Result result =
      co_await Execute(endpoint->service, std::move(operation), std::move(graphql_request));
  if (endpoint->metrics != nullptr) {
    endpoint->metrics->Record(operation_type, operation_name, ResponseHasErrors(result.response),
                              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  const int status = result.request_error && type == ResponseMediaType::kGraphqlResponseJson ? 400 : 200;
  co_return net::Response::WithBody(status, ContentTypeOf(type), std::move(result.response));
}

// Every answer of the endpoint: GET and POST vary with Accept, all with
// Origin when CORS is on.
asio::awaitable<net::Response> Handle(std::shared_ptr<Endpoint> endpoint, net::Request request) {
  net::Request info;  // what CORS needs once `request` is moved
  info.headers = request.headers;
  net::Response response = co_await HandleGraphql(endpoint, std::move(request));
  AddVary(response, "Accept");
  endpoint->cors.Apply(info, response);
  co_return response;
}

asio::awaitable<net::Response> HandleOptions(std::shared_ptr<Endpoint> endpoint, net::Request request) {
  co_return endpoint->cors.Options(request);
}

}  // namespace

void RegisterGraphqlHttp(net::Router& router, std::string path, GraphqlHttpOptions options,
                         graphql::Service& service, OperationContextFactory context_factory) {
  auto endpoint = std::make_shared<Endpoint>(std::move(options), service, std::move(context_factory));
  net::Handler handle = [endpoint](net::Request request) { return Handle(endpoint, std::move(request)); };
  router.Add("GET", path, handle);
  router.Add("POST", path, handle);
  router.Add("OPTIONS", path, [endpoint](net::Request request) {
    return HandleOptions(endpoint, std::move(request));
  });
}

}  // namespace parfumerie::gateway::http

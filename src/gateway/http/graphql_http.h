// GraphQL over HTTP (the GraphQL-over-HTTP specification) on a net::Router:
//
//   POST <path>  application/json {query, operationName, variables, extensions}
//   GET  <path>?query=…&operationName=…&variables=…&extensions=…  (queries only:
//                a mutation is 405 with `Allow: POST`)
//   GET  <path>  from a browser (Accept names text/html, no `query`): GraphiQL
//   OPTIONS <path>  `Allow`, and the CORS preflight when CORS is configured
//
// Responses are `application/graphql-response+json` or `application/json`
// as `Accept` asks (no Accept or `*/*`: application/json; neither acceptable:
// 406). With application/graphql-response+json a request error (the document
// does not parse or validate, the operation is unknown, the variables do not
// coerce: no `data`) is 400 and any response with `data` is 200; with
// application/json every GraphQL response is 200. A body that is not JSON, a
// missing `query` or a parameter of the wrong type is 400, another content
// type or a charset other than UTF-8 is 415; all carry a GraphQL error body.
// Subscriptions are refused as a request error (they are served over
// WebSocket).
//
// `Authorization: Bearer <token>` (or none) goes to the context factory with
// the request's log context. A malformed header, or UNAUTHENTICATED from the
// factory, is 401 with `WWW-Authenticate: Bearer` and an error whose
// extensions.code is "UNAUTHENTICATED"; another error from the factory maps
// as problem.h maps codes (PERMISSION_DENIED 403, UNAVAILABLE 503, ...).
#pragma once

#include <string>

#include "gateway/http/cors.h"
#include "gateway/metrics/operation_metrics.h"
#include "gateway/operation_context.h"
#include "graphql/service.h"
#include "net/router.h"

namespace parfumerie::gateway::http {

struct GraphqlHttpOptions {
  CorsOptions cors;  // default: no CORS headers
  // Whether a browser's GET without a query gets GraphiQL. Off: such a GET
  // is an ordinary request without a query (400).
  bool graphiql = true;
  // Directory with GraphiQL's self-contained index.html, as written by
  // web/graphiql/build.sh. Read once, when the routes are registered; when
  // it is missing, browsers get a short page saying how to build it.
  std::string graphiql_dir;
  // Where each operation is counted and timed (see metrics/operation_metrics.h);
  // null: nowhere. Must outlive the router.
  OperationMetrics* metrics = nullptr;
};

// Registers GET, POST and OPTIONS on `path` (e.g. "/graphql"). `service`
// must outlive the router and every server using it; `context_factory` is
// called once per operation on an I/O thread and must not block.
void RegisterGraphqlHttp(net::Router& router, std::string path, GraphqlHttpOptions options,
                         graphql::Service& service, OperationContextFactory context_factory);

}  // namespace parfumerie::gateway::http

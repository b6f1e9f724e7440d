// GraphQL over WebSocket, server side of the `graphql-transport-ws` protocol
// as graphql-ws 6 implements it:
//
//   connection_init (once; 4429 on a second; 4408 when none arrives within
//   connection_init_timeout)             → connection_ack
//   ping                                 → pong (with the ping's payload); pong is ignored
//   subscribe {id, payload}              → next* then complete, or error (no complete)
//     subscription operations: one next per event (graphql::Subscribe)
//     query and mutation: one next (graphql::Service::ExecuteAsync)
//     syntax and validation errors, or no operation to run: error
//   complete {id}                        → the operation is cancelled, nothing is sent
//
// Refusals close the connection: 4406 without the subprotocol, 4400 for an
// invalid message (the reason says why), 4401 for subscribe before the ack,
// 4409 "Subscriber for <id> already exists", 4403 "Forbidden" when the
// context factory answers UNAUTHENTICATED. Closing the connection cancels
// every operation.
//
// Authentication: the connection_init payload's bearer token ("authorization"
// with or without "Bearer ", or "token") becomes the gateway::Caller of every
// operation of the connection. The OperationContextFactory is called once per
// subscribe message, with the connection's strand as executor, so an expired
// token stops the next operation; executions start on that strand.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "gateway/metrics/operation_metrics.h"
#include "gateway/operation_context.h"
#include "graphql/limits.h"
#include "graphql/schema.h"
#include "graphql/service.h"
#include "net/router.h"
#include "net/websocket.h"

namespace parfumerie::gateway::ws {

struct GraphqlWsOptions {
  // How long a connection may wait before sending connection_init; 0 waits forever.
  std::chrono::milliseconds connection_init_timeout{std::chrono::seconds(3)};
  // Operations running at once on one connection; one more gets an error message.
  size_t max_operations = 100;
  // Document limits for subscription operations and for the checks made
  // before running an operation; build the Service with the same ones.
  graphql::Limits limits;
  // Message size, send queue, idle timeout. The subprotocol list is set here.
  net::WebSocketOptions socket;
  // Where each operation is counted and timed (see metrics/operation_metrics.h);
  // null: nowhere. Must outlive the router.
  OperationMetrics* metrics = nullptr;
};

// Serves GraphQL over WebSocket at `path` of `router` (beside any HTTP route
// of that path). `schema` and `service` must outlive the server that runs
// the router; `context_factory` is called from the connections' strands and
// must not block.
void RegisterGraphqlWs(net::Router& router, std::string path, GraphqlWsOptions options,
                       const graphql::Schema& schema, graphql::Service& service,
                       OperationContextFactory context_factory);

}  // namespace parfumerie::gateway::ws

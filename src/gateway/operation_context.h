// What the GraphQL transports (http/, ws/) need from the host to run one
// operation: a context object for the resolvers, made from the caller's
// credentials. The transports know nothing of accounts or of the shop.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "absl/status/statusor.h"
#include "common/log.h"

namespace parfumerie::gateway {

struct Caller {
  // The bearer token without its "Bearer " prefix; empty when none was sent.
  // HTTP: the `Authorization` header. WebSocket: the connection_init payload's
  // "authorization" (with or without "Bearer ") or "token" field.
  std::string bearer_token;
  // The request's correlation ids (trace id, span id, request id).
  log::Context trace;
};

// Makes the context of one operation (one HTTP request; one WebSocket
// subscribe message). `executor` is the strand the operation's execution runs
// on: the transport starts the execution there, and resolvers that defer must
// resolve their Completion on it (so a batching loader can post its dispatch
// behind the current wave of resolvers). The returned object is passed to the
// engine as Request::context (its get()) and kept alive until the operation
// ends. UNAUTHENTICATED when the token is invalid or expired: the transport
// refuses the operation (HTTP 401; WebSocket close 4403).
using OperationContextFactory = std::function<absl::StatusOr<std::shared_ptr<void>>(
    const Caller& caller, boost::asio::any_io_executor executor)>;

}  // namespace parfumerie::gateway

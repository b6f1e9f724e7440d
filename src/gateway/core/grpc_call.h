// One asynchronous unary gRPC call of a resolver: a deadline, the caller's
// trace context in metadata, and the reply delivered on the operation's
// executor (so resolvers and loaders never run on gRPC's threads).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <grpcpp/client_context.h>

#include "absl/status/statusor.h"
#include "rpc/status.h"

namespace parfumerie::gateway {

struct CallSettings {
  std::chrono::milliseconds deadline{5000};
  std::string traceparent;  // W3C trace context to pass on; empty: none
  boost::asio::any_io_executor executor;
};

template <typename Response>
using Reply = std::function<void(absl::StatusOr<Response>)>;

// `start(context, request, response, on_done)` issues the call, usually
// `stub->async()->Method(context, request, response, std::move(on_done))`.
template <typename Request, typename Response, typename Start>
void Call(const CallSettings& settings, Request request, Start start, Reply<Response> reply) {
  struct State {
    grpc::ClientContext context;
    Request request;
    Response response;
    Reply<Response> reply;
  };
  auto state = std::make_shared<State>();
  state->request = std::move(request);
  state->reply = std::move(reply);
  state->context.set_deadline(std::chrono::system_clock::now() + settings.deadline);
  if (!settings.traceparent.empty()) state->context.AddMetadata("traceparent", settings.traceparent);
  auto executor = settings.executor;
  start(&state->context, &state->request, &state->response,
        [state, executor](grpc::Status status) {
          boost::asio::post(executor, [state, status = std::move(status)] {
            if (status.ok()) {
              state->reply(std::move(state->response));
            } else {
              state->reply(rpc::FromGrpc(status));
            }
          });
        });
}

}  // namespace parfumerie::gateway

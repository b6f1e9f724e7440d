// Spans for gRPC calls, as interceptors (internal to parfumerie_rpc: every
// server and channel made here gets them).
//
// Server: a SERVER span per call, child of the `traceparent` metadata the
// client sent, named "<package.Service>/<Method>". The handler sees this
// span's `traceparent` in its client metadata (so the events it emits are
// its children), and its log lines carry the span's ids: the span is the
// thread's log context from the moment the request is read until the status
// is sent, which is one thread for synchronous handlers (the only kind our
// services implement). gRPC's own services (health, reflection) get none.
//
// Client: a CLIENT span per call, child of the `traceparent` the caller put
// in the metadata or else of the thread's context; none outside a trace.
// The metadata sent carries the CLIENT span's id, so the server's span is
// its child.
#pragma once

#include <memory>

#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/server_interceptor.h>

namespace parfumerie::rpc::internal {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerTracing();
std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface> MakeClientTracing();

}  // namespace parfumerie::rpc::internal

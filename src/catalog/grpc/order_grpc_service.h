// The orders' gRPC API (parfumerie.v1.OrderService), served on the
// catalogue's port: a thin translation between protobuf messages and
// OrderService. Handlers run on gRPC's synchronous worker threads, where the
// blocking store calls are allowed. A `traceparent` request header is passed
// on to the events the call writes.
#pragma once

#include <memory>

#include <grpcpp/impl/service_type.h>

#include "catalog/orders/order_service.h"

namespace parfumerie::catalog {

// `service` must outlive the returned gRPC service.
std::unique_ptr<grpc::Service> MakeOrderGrpcService(OrderService& service);

}  // namespace parfumerie::catalog

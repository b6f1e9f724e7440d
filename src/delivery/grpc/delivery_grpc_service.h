// The delivery service's gRPC API (parfumerie.v1.DeliveryService, port 50055
// by default): a thin translation between protobuf messages and
// DeliveryService. Handlers run on gRPC's synchronous worker threads, where
// the blocking store calls are allowed. Errors map in rpc/status.h.
#pragma once

#include <memory>

#include <grpcpp/impl/service_type.h>

#include "delivery/delivery_service.h"

namespace parfumerie::delivery {

// `service` must outlive the returned gRPC service. Register it with
// rpc::Server under v1::DeliveryService::service_full_name()
// ("parfumerie.v1.DeliveryService", also DeliveryGrpcServiceName()).
std::unique_ptr<grpc::Service> MakeDeliveryGrpcService(DeliveryService& service);
const char* DeliveryGrpcServiceName();

}  // namespace parfumerie::delivery

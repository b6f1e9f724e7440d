// The payment service's gRPC API (parfumerie.v1.PaymentService, port 50054):
// a thin translation between protobuf messages and PaymentService. Handlers
// run on gRPC's synchronous worker threads, where blocking calls are allowed.
#pragma once

#include <memory>

#include <grpcpp/impl/service_type.h>

#include "payment/payment_service.h"

namespace parfumerie::payment {

// `service` must outlive the returned gRPC service.
std::unique_ptr<grpc::Service> MakePaymentGrpcService(PaymentService& service);

}  // namespace parfumerie::payment

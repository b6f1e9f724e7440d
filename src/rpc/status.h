// The one place where our error model (absl::Status, whose codes are gRPC's
// canonical codes) meets grpc::Status. Both directions keep code and message.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace parfumerie::rpc {

grpc::Status ToGrpc(const absl::Status& status);
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace parfumerie::rpc

// Reads the whole shop through its gRPC APIs (every page of perfumes, orders,
// payments and deliveries) for CheckInvariants. Works against any running
// shop, all-in-one or distributed.
#pragma once

#include <memory>

#include <grpcpp/channel.h>

#include "absl/status/statusor.h"
#include "check/invariants.h"

namespace parfumerie::check {

struct Endpoints {
  std::shared_ptr<grpc::Channel> catalog;   // CatalogService and OrderService
  std::shared_ptr<grpc::Channel> payment;   // PaymentService
  std::shared_ptr<grpc::Channel> delivery;  // DeliveryService
};

absl::StatusOr<Snapshot> FetchSnapshot(const Endpoints& endpoints);

}  // namespace parfumerie::check

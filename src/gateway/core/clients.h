// The gateway's view of the services: one gRPC channel per service and the
// stubs over it. Channels connect lazily and reconnect by themselves, so the
// gateway starts before the services it calls are up.
//
// Thread-safe (gRPC stubs are).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "rpc/tls.h"

namespace parfumerie::gateway {

struct ServiceAddresses {
  std::string catalog;   // "host:port", serves CatalogService and OrderService
  std::string payment;
  std::string delivery;
};

class ServiceClients {
 public:
  // Channels to `addresses` (see rpc::MakeChannel). INVALID_ARGUMENT when
  // the TLS files are unusable.
  static absl::StatusOr<std::unique_ptr<ServiceClients>> Create(
      const ServiceAddresses& addresses, std::chrono::milliseconds deadline = std::chrono::seconds(5),
      const rpc::TlsOptions& tls = {});

  // gRPC service config for the gateway's channels: calls that are safe to
  // repeat (reads, PlaceOrder with its idempotency key, TokenizeCard) are
  // retried on UNAVAILABLE, so a replica that dies mid-call costs a retry on
  // another, not an error; operator writes are not retried.
  static const std::string& RetryServiceConfig();

  struct Channels {
    std::shared_ptr<grpc::Channel> catalog, payment, delivery;
  };
  // Over channels the caller made (e.g. in-process ones).
  static std::unique_ptr<ServiceClients> FromChannels(const Channels& channels,
                                                      std::chrono::milliseconds deadline);

  v1::CatalogService::Stub& catalog() { return *catalog_; }
  v1::OrderService::Stub& orders() { return *orders_; }
  v1::PaymentService::Stub& payment() { return *payment_; }
  v1::DeliveryService::Stub& delivery() { return *delivery_; }
  std::chrono::milliseconds deadline() const { return deadline_; }

 private:
  explicit ServiceClients(std::chrono::milliseconds deadline) : deadline_(deadline) {}
  std::chrono::milliseconds deadline_;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::unique_ptr<v1::PaymentService::Stub> payment_;
  std::unique_ptr<v1::DeliveryService::Stub> delivery_;
};

}  // namespace parfumerie::gateway

#include "gateway/core/clients.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

namespace parfumerie::gateway {

ServiceClients::ServiceClients(const ServiceAddresses& addresses, std::chrono::milliseconds deadline)
    : deadline_(deadline) {
  auto catalog = grpc::CreateChannel(addresses.catalog, grpc::InsecureChannelCredentials());
  catalog_ = v1::CatalogService::NewStub(catalog);
  orders_ = v1::OrderService::NewStub(catalog);
  payment_ = v1::PaymentService::NewStub(
      grpc::CreateChannel(addresses.payment, grpc::InsecureChannelCredentials()));
  delivery_ = v1::DeliveryService::NewStub(
      grpc::CreateChannel(addresses.delivery, grpc::InsecureChannelCredentials()));
}

}  // namespace parfumerie::gateway

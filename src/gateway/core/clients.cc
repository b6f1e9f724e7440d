#include "gateway/core/clients.h"

namespace parfumerie::gateway {

absl::StatusOr<std::unique_ptr<ServiceClients>> ServiceClients::Create(const ServiceAddresses& addresses,
                                                                       std::chrono::milliseconds deadline,
                                                                       const rpc::TlsOptions& tls) {
  auto catalog = rpc::MakeChannel(addresses.catalog, tls);
  if (!catalog.ok()) return catalog.status();
  auto payment = rpc::MakeChannel(addresses.payment, tls);
  if (!payment.ok()) return payment.status();
  auto delivery = rpc::MakeChannel(addresses.delivery, tls);
  if (!delivery.ok()) return delivery.status();
  std::unique_ptr<ServiceClients> clients(new ServiceClients(deadline));
  clients->catalog_ = v1::CatalogService::NewStub(*catalog);
  clients->orders_ = v1::OrderService::NewStub(*catalog);
  clients->payment_ = v1::PaymentService::NewStub(*payment);
  clients->delivery_ = v1::DeliveryService::NewStub(*delivery);
  return clients;
}

}  // namespace parfumerie::gateway

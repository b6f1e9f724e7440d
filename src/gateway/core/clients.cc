#include "gateway/core/clients.h"

namespace parfumerie::gateway {

absl::StatusOr<std::unique_ptr<ServiceClients>> ServiceClients::Create(const ServiceAddresses& addresses,
                                                                       std::chrono::milliseconds deadline,
                                                                       const rpc::TlsOptions& tls) {
  Channels channels;
  for (auto [address, channel] : {std::pair{&addresses.catalog, &channels.catalog},
                                  std::pair{&addresses.payment, &channels.payment},
                                  std::pair{&addresses.delivery, &channels.delivery}}) {
    auto made = rpc::MakeChannel(*address, tls);
    if (!made.ok()) return made.status();
    *channel = std::move(*made);
  }
  return FromChannels(channels, deadline);
}

std::unique_ptr<ServiceClients> ServiceClients::FromChannels(const Channels& channels,
                                                             std::chrono::milliseconds deadline) {
  std::unique_ptr<ServiceClients> clients(new ServiceClients(deadline));
  clients->catalog_ = v1::CatalogService::NewStub(channels.catalog);
  clients->orders_ = v1::OrderService::NewStub(channels.catalog);
  clients->payment_ = v1::PaymentService::NewStub(channels.payment);
  clients->delivery_ = v1::DeliveryService::NewStub(channels.delivery);
  return clients;
}

}  // namespace parfumerie::gateway

#include "gateway/core/clients.h"

#include <utility>
#include <vector>

namespace parfumerie::gateway {

absl::StatusOr<std::unique_ptr<ServiceClients>> ServiceClients::Create(const ServiceAddresses& addresses,
                                                                       std::chrono::milliseconds deadline,
                                                                       const rpc::TlsOptions& tls) {
  Channels channels;
  for (auto [address, channel] : {std::pair{&addresses.catalog, &channels.catalog},
                                  std::pair{&addresses.payment, &channels.payment},
                                  std::pair{&addresses.delivery, &channels.delivery}}) {
    auto made = rpc::MakeChannel(*address, tls, RetryServiceConfig());
    if (!made.ok()) return made.status();
    *channel = std::move(*made);
  }
  return FromChannels(channels, deadline);
}

const std::string& ServiceClients::RetryServiceConfig() {
  static const std::string config = [] {
    const std::pair<const char*, std::vector<const char*>> retryable[] = {
        {"parfumerie.v1.CatalogService", {"GetParfum", "BatchGetParfums", "ListParfums"}},
        {"parfumerie.v1.OrderService", {"PlaceOrder", "GetOrder", "ListOrders"}},
        {"parfumerie.v1.PaymentService",
         {"TokenizeCard", "GetPayment", "GetPaymentForOrder", "BatchGetPaymentsForOrders", "ListPayments"}},
        {"parfumerie.v1.DeliveryService",
         {"GetDelivery", "GetDeliveryForOrder", "BatchGetDeliveriesForOrders", "ListDeliveries"}},
    };
    std::string names;
    for (const auto& [service, methods] : retryable) {
      for (const char* method : methods) {
        names += std::string(names.empty() ? "" : ",") + R"({"service":")" + service + R"(","method":")" + method +
                 R"("})";
      }
    }
    return R"({"methodConfig":[{"name":[)" + names +
           R"(],"retryPolicy":{"maxAttempts":3,"initialBackoff":"0.05s","maxBackoff":"0.5s",)"
           R"("backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]}}]})";
  }();
  return config;
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

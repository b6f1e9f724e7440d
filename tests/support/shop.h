// Test support for end-to-end tests: a `parfumerie` process on free ports
// (read from its own log) with gRPC stubs to every service it runs, and the
// customer actions the tests repeat.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "support/process.h"

namespace parfumerie::testing {

// Stripe-style test cards the simulated provider knows (docs/payment.md).
inline constexpr const char* kCardOk = "4242424242424242";
inline constexpr const char* kCardDeclined = "4000000000000002";
inline constexpr const char* kCardInsufficientFunds = "4000000000009995";
inline constexpr const char* kCardTransient = "4000000000000119";

std::string Binary();

class Shop {
 public:
  // Starts `parfumerie [args...]` on `data_dir` with every port free and JSON
  // logs; waits until it is ready. `args` may start with "serve".
  Shop(std::string data_dir, std::vector<std::string> args = {});
  ~Shop();

  bool ok() const { return ready_; }
  ChildProcess& process() { return *process_; }
  int http_port() const { return http_port_; }  // the catalogue's REST port
  int gateway_port() const { return gateway_port_; }  // GraphQL; 0 when not a target
  std::shared_ptr<grpc::Channel> CatalogChannel() const;

  v1::CatalogService::Stub& catalog() { return *catalog_; }
  v1::OrderService::Stub& orders() { return *orders_; }
  v1::PaymentService::Stub& payments() { return *payments_; }
  v1::DeliveryService::Stub& deliveries() { return *deliveries_; }

  std::string CatalogAddress() const;
  std::string PaymentAddress() const;
  std::string DeliveryAddress() const;

  // A card token for `number` (expiry next year, CVC 123).
  std::string Tokenize(const std::string& number);
  // A new perfume with `stock` bottles at 50 €.
  v1::Parfum CreateParfum(const std::string& nom, int32_t stock);
  v1::Parfum GetParfum(const std::string& id);

  // Places an order; the status is the gRPC outcome.
  grpc::Status Place(const std::string& key, const std::string& token,
                     const std::vector<std::pair<std::string, int>>& lines, v1::Commande* out);
  v1::Commande GetOrder(const std::string& id);

  // Polls the order until `done(order)` or `timeout`; returns the last read.
  v1::Commande WaitOrder(const std::string& id, const std::function<bool(const v1::Commande&)>& done,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Runs `parfumerie check` against this shop; returns {exit code, output}.
  std::pair<int, std::string> Check(std::chrono::milliseconds settle);

  // Sends SIGTERM and waits for the exit code.
  int Stop();
  void Kill();  // SIGKILL, no waiting for a clean stop

 private:
  std::unique_ptr<ChildProcess> process_;
  bool ready_ = false;
  int catalog_port_ = 0;
  int http_port_ = 0;
  int payment_port_ = 0;
  int delivery_port_ = 0;
  int gateway_port_ = 0;
  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::OrderService::Stub> orders_;
  std::unique_ptr<v1::PaymentService::Stub> payments_;
  std::unique_ptr<v1::DeliveryService::Stub> deliveries_;
};

v1::Adresse TestAddress();

}  // namespace parfumerie::testing

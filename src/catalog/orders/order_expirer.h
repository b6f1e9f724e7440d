// Cancels orders whose payment deadline passed (OrderService::ExpireOverdue),
// every `interval`, on one background thread. Errors are logged and retried
// at the next tick.
//
// Start() once; Stop() (or the destructor) waits for the tick in progress.
// Not copyable; Start/Stop from one thread.
#pragma once

#include <chrono>
#include <memory>

#include "catalog/orders/order_service.h"

namespace parfumerie::catalog {

struct OrderExpirerOptions {
  std::chrono::milliseconds interval = std::chrono::seconds(10);
  size_t batch = 100;  // orders per ExpireOverdue call; more ticks drain the rest
};

class OrderExpirer {
 public:
  // `service` must outlive the expirer.
  OrderExpirer(OrderService& service, OrderExpirerOptions options = {});
  ~OrderExpirer();
  OrderExpirer(const OrderExpirer&) = delete;
  OrderExpirer& operator=(const OrderExpirer&) = delete;

  void Start();
  void Stop();
  // Runs one pass now on the calling thread; returns how many were cancelled.
  absl::StatusOr<int> RunOnce();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parfumerie::catalog

// The orders' business metrics and the order status gauge.
//
// OrderMetrics is what OrderService records where a change commits (never on
// a redelivery, which changes nothing): orders_placed_total,
// orders_refused_total{reason}, orders_cancelled_total{reason},
// stock_outs_total and saga_stage_duration_seconds{stage}.
//
// OrderStatusGauge keeps orders{status} from a count per status that a
// background thread refreshes (every `interval`, and soon after Poke()), so
// that a scrape reads five numbers and never the store.
//
// Thread-safe. The registry must outlive both.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include "absl/status/status.h"
#include "catalog/orders/commande.h"
#include "catalog/orders/order_store.h"
#include "metrics/registry.h"

namespace parfumerie::catalog {

// Bounded values of orders_cancelled_total{reason}.
enum class CancelReason { kPaymentDeclined, kCustomer, kDeadline, kOther };
std::string_view CancelReasonLabel(CancelReason r);

// Bounded value of orders_refused_total{reason} for a PlaceOrder error:
// insufficient_stock, unknown_perfume, duplicate (idempotency key reused
// with other content), invalid, error (storage).
std::string_view RefusalReason(const absl::Status& error);

class OrderMetrics {
 public:
  explicit OrderMetrics(metrics::Registry& registry);

  void Placed(const Commande& order, int stock_outs);
  void Refused(const absl::Status& error);
  // An order went from `before` to `after.statut` (a committed change):
  // counts a cancellation and observes the saga stages it completes, from
  // the order's history.
  void Transition(OrderStatus before, const Commande& after, CancelReason reason);

 private:
  metrics::Counter& placed_;
  metrics::CounterFamily& refused_;
  metrics::CounterFamily& cancelled_;
  metrics::Counter& stock_outs_;
  metrics::HistogramFamily& stages_;
};

// Buckets of saga_stage_duration_seconds: 10 ms to a week.
std::vector<double> SagaStageBuckets();

struct OrderStatusGaugeOptions {
  std::chrono::milliseconds interval{5000};
  metrics::Registry* metrics = nullptr;  // null: the process's registry
};

class OrderStatusGauge {
 public:
  // `store` must outlive this object.
  OrderStatusGauge(OrderStore& store, OrderStatusGaugeOptions options = {});
  ~OrderStatusGauge();  // Stop()
  OrderStatusGauge(const OrderStatusGauge&) = delete;
  OrderStatusGauge& operator=(const OrderStatusGauge&) = delete;

  // Counts once now (errors are logged; the gauges stay at their last
  // values), then refreshes in the background.
  void Start();
  // An order changed: refresh at the next occasion (cheap; never blocks).
  void Poke();
  void Stop();

  // One refresh, on the caller's thread (tests; Start's first count).
  absl::Status Refresh();

 private:
  static constexpr size_t kStatuses = 5;
  void Run();

  OrderStore& store_;
  const OrderStatusGaugeOptions options_;
  std::array<std::atomic<int64_t>, kStatuses> counts_{};
  std::mutex mu_;
  std::condition_variable cv_;
  bool poked_ = false;     // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
  // Declared last: removed before what they read.
  std::vector<metrics::CallbackHandle> gauges_;
};

}  // namespace parfumerie::catalog

#include "catalog/orders/order_metrics.h"

#include <optional>

#include "absl/strings/match.h"
#include "common/log.h"

namespace parfumerie::catalog {
namespace {

constexpr OrderStatus kAllStatuses[] = {OrderStatus::kEnAttente, OrderStatus::kPayee, OrderStatus::kExpediee,
                                        OrderStatus::kLivree, OrderStatus::kAnnulee};

// When the order first reached `s`, from its history.
std::optional<Timestamp> ReachedAt(const Commande& c, OrderStatus s) {
  for (const StatusChange& h : c.historique) {
    if (h.statut == s) return h.at;
  }
  return std::nullopt;
}

double Seconds(Timestamp from, Timestamp to) {
  return std::max(std::chrono::duration<double>(to - from).count(), 0.0);
}

}  // namespace

std::string_view CancelReasonLabel(CancelReason r) {
  switch (r) {
    case CancelReason::kPaymentDeclined:
      return "payment_declined";
    case CancelReason::kCustomer:
      return "customer";
    case CancelReason::kDeadline:
      return "deadline";
    case CancelReason::kOther:
      break;
  }
  return "other";
}

std::string_view RefusalReason(const absl::Status& error) {
  switch (error.code()) {
    case absl::StatusCode::kFailedPrecondition:
      return "insufficient_stock";
    case absl::StatusCode::kNotFound:
      return "unknown_perfume";
    case absl::StatusCode::kInvalidArgument:
      // The store's message for a key reused with other content (order_store.h).
      return absl::StartsWith(error.message(), "idempotency_key") ? "duplicate" : "invalid";
    default:
      return "error";
  }
}

std::vector<double> SagaStageBuckets() {
  return {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400, 259200, 604800};
}

OrderMetrics::OrderMetrics(metrics::Registry& registry)
    : placed_(registry.AddCounter({.name = "orders_placed_total", .help = "Orders placed (stock reserved)."})
                  .Get()),
      refused_(registry.AddCounter({.name = "orders_refused_total",
                                    .help = "Orders refused when placed, by reason.",
                                    .labels = {"reason"}})),
      cancelled_(registry.AddCounter(
          {.name = "orders_cancelled_total", .help = "Orders cancelled, by reason.", .labels = {"reason"}})),
      stock_outs_(registry
                      .AddCounter({.name = "stock_outs_total",
                                   .help = "Times an order took a perfume's stock down to zero."})
                      .Get()),
      stages_(registry.AddHistogram({.name = "saga_stage_duration_seconds",
                                     .help = "Time an order took through a stage of the saga.",
                                     .labels = {"stage"}},
                                    SagaStageBuckets())) {}

void OrderMetrics::Placed(const Commande& /*order*/, int stock_outs) {
  placed_.Inc();
  if (stock_outs > 0) stock_outs_.Inc(static_cast<uint64_t>(stock_outs));
}

void OrderMetrics::Refused(const absl::Status& error) { refused_.Labels({std::string(RefusalReason(error))}).Inc(); }

void OrderMetrics::Transition(OrderStatus before, const Commande& after, CancelReason reason) {
  if (before == after.statut) return;
  const std::optional<Timestamp> paid = ReachedAt(after, OrderStatus::kPayee);
  switch (after.statut) {
    case OrderStatus::kPayee:
      if (paid) stages_.Labels({"placed_to_paid"}).Observe(Seconds(after.date_commande, *paid));
      break;
    case OrderStatus::kLivree:
      if (const std::optional<Timestamp> delivered = ReachedAt(after, OrderStatus::kLivree); paid && delivered) {
        stages_.Labels({"paid_to_delivered"}).Observe(Seconds(*paid, *delivered));
      }
      break;
    case OrderStatus::kAnnulee:
      cancelled_.Labels({std::string(CancelReasonLabel(reason))}).Inc();
      if (const std::optional<Timestamp> at = ReachedAt(after, OrderStatus::kAnnulee)) {
        stages_.Labels({"placed_to_cancelled"}).Observe(Seconds(after.date_commande, *at));
      }
      break;
    default:
      break;
  }
}

OrderStatusGauge::OrderStatusGauge(OrderStore& store, OrderStatusGaugeOptions options)
    : store_(store), options_(std::move(options)) {
  metrics::Registry& registry = options_.metrics != nullptr ? *options_.metrics : metrics::Registry::Default();
  for (size_t i = 0; i < kStatuses; ++i) {
    gauges_.push_back(registry.AddGaugeCallback(
        {.name = "orders", .help = "Orders by current status.", .labels = {"status"}},
        {std::string(OrderStatusName(kAllStatuses[i]))},
        [this, i] { return static_cast<double>(counts_[i].load(std::memory_order_relaxed)); }));
  }
}

OrderStatusGauge::~OrderStatusGauge() {
  Stop();
  gauges_.clear();
}

absl::Status OrderStatusGauge::Refresh() {
  for (size_t i = 0; i < kStatuses; ++i) {
    // A one-item page: its total is the count, in the store's snapshot.
    absl::StatusOr<OrderPage> page = store_.ListOrders(OrderQuery{.statut = kAllStatuses[i], .limit = 1});
    if (!page.ok()) return page.status();
    counts_[i].store(page->total, std::memory_order_relaxed);
  }
  return absl::OkStatus();
}

void OrderStatusGauge::Start() {
  if (thread_.joinable()) return;
  if (absl::Status s = Refresh(); !s.ok()) log::Get("orders")->warn("orders by status: {}", s.ToString());
  thread_ = std::thread([this] { Run(); });
}

void OrderStatusGauge::Poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void OrderStatusGauge::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OrderStatusGauge::Run() {
  // Pokes that come during a refresh or soon after it are served together:
  // at most one refresh per kMinGap however busy the shop is.
  constexpr std::chrono::milliseconds kMinGap{200};
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.interval, [this] { return poked_ || stopping_; });
      if (stopping_) return;
      if (poked_ && cv_.wait_for(lock, kMinGap, [this] { return stopping_; })) return;
      poked_ = false;
    }
    if (absl::Status s = Refresh(); !s.ok()) log::Get("orders")->warn("orders by status: {}", s.ToString());
  }
}

}  // namespace parfumerie::catalog

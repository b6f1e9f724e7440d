// The orders' business metrics: what a committed transition records, and
// the orders{status} gauge that reads counts refreshed off the scrape path.
#include "catalog/orders/order_metrics.h"

#include <gtest/gtest.h>

#include <atomic>

#include "catalog/store_support.h"
#include "metrics/registry.h"
#include "scrape.h"

namespace parfumerie::catalog {
namespace {

using metrics::testing::SampleValue;
using metrics::testing::WaitForSample;
using namespace std::chrono_literals;

Commande Order(std::vector<std::pair<OrderStatus, int>> history_seconds) {
  const Timestamp t0 = TruncateToMillis(std::chrono::system_clock::now());
  Commande c;
  c.id = "cmd_test";
  c.date_commande = t0;
  for (const auto& [s, sec] : history_seconds) c.historique.push_back({s, t0 + std::chrono::seconds(sec), ""});
  c.statut = c.historique.back().statut;
  return c;
}

TEST(OrderMetricsTest, StagesAreObservedFromTheHistoryOncePerTransition) {
  metrics::Registry registry;
  OrderMetrics m(registry);
  const Commande paid = Order({{OrderStatus::kEnAttente, 0}, {OrderStatus::kPayee, 2}});
  m.Transition(OrderStatus::kEnAttente, paid, CancelReason::kOther);
  m.Transition(OrderStatus::kPayee, paid, CancelReason::kOther);  // no change: nothing
  const Commande delivered = Order({{OrderStatus::kEnAttente, 0},
                                    {OrderStatus::kPayee, 2},
                                    {OrderStatus::kExpediee, 5},
                                    {OrderStatus::kLivree, 62}});
  m.Transition(OrderStatus::kExpediee, delivered, CancelReason::kOther);
  const Commande cancelled = Order({{OrderStatus::kEnAttente, 0}, {OrderStatus::kAnnulee, 900}});
  m.Transition(OrderStatus::kEnAttente, cancelled, CancelReason::kDeadline);

  const std::string text = registry.Exposition();
  EXPECT_EQ(SampleValue(text, R"(saga_stage_duration_seconds_count{stage="placed_to_paid"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(saga_stage_duration_seconds_sum{stage="placed_to_paid"})"), 2);
  EXPECT_EQ(SampleValue(text, R"(saga_stage_duration_seconds_sum{stage="paid_to_delivered"})"), 60);
  EXPECT_EQ(SampleValue(text, R"(saga_stage_duration_seconds_sum{stage="placed_to_cancelled"})"), 900);
  EXPECT_EQ(SampleValue(text, R"(orders_cancelled_total{reason="deadline"})"), 1);
  EXPECT_EQ(SampleValue(text, R"(orders_cancelled_total{reason="payment_declined"})"), std::nullopt);
}

TEST(OrderMetricsTest, PlacementsRefusalsAndStockOutsAreCountedWithBoundedReasons) {
  metrics::Registry registry;
  OrderMetrics m(registry);
  m.Placed(Order({{OrderStatus::kEnAttente, 0}}), 2);
  m.Refused(absl::FailedPreconditionError("lignes[0].quantite: only 1 left"));
  m.Refused(absl::InvalidArgumentError("idempotency_key: already used for an order with other content"));
  m.Refused(absl::InvalidArgumentError("adresse_livraison.pays: unknown"));
  m.Refused(absl::NotFoundError("lignes[0].parfum_id: no perfume"));
  m.Refused(absl::UnavailableError("disk"));
  const std::string text = registry.Exposition();
  EXPECT_EQ(SampleValue(text, "orders_placed_total"), 1);
  EXPECT_EQ(SampleValue(text, "stock_outs_total"), 2);
  for (const char* reason : {"insufficient_stock", "duplicate", "invalid", "unknown_perfume", "error"}) {
    EXPECT_EQ(SampleValue(text, std::string(R"(orders_refused_total{reason=")") + reason + "\"}"), 1) << reason;
  }
}

// Counts per status, and how often the store was asked.
class CountingStore final : public OrderStore {
 public:
  std::atomic<int64_t> payee{0};
  std::atomic<int> lists{0};

  absl::StatusOr<OrderPage> ListOrders(const OrderQuery& query) override {
    ++lists;
    OrderPage page;
    page.total = query.statut == OrderStatus::kPayee ? payee.load() : 1;
    return page;
  }
  absl::StatusOr<PlaceOrderResult> PlaceOrder(const NewOrder&, const PlacedEvents&) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<Commande> GetOrder(std::string_view) override { return absl::UnimplementedError(""); }
  absl::StatusOr<UpdateResult> UpdateOrder(std::string_view, const std::optional<InboxMark>&, Timestamp,
                                           const Decide&) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<std::vector<std::string>> OverdueOrderIds(Timestamp, size_t) override {
    return absl::UnimplementedError("");
  }
};

TEST(OrderStatusGaugeTest, ScrapesReadCountsRefreshedOnPokeNotTheStore) {
  metrics::Registry registry;
  CountingStore store;
  store.payee = 4;
  OrderStatusGauge gauge(store, {.interval = std::chrono::hours(1), .metrics = &registry});
  gauge.Start();
  std::string text = registry.Exposition();
  EXPECT_EQ(SampleValue(text, R"(orders{status="PAYEE"})"), 4);
  EXPECT_EQ(SampleValue(text, R"(orders{status="LIVREE"})"), 1);
  const int lists = store.lists;
  for (int i = 0; i < 100; ++i) (void)registry.Exposition();
  EXPECT_EQ(store.lists, lists);  // no query per scrape

  store.payee = 7;
  gauge.Poke();
  EXPECT_TRUE(WaitForSample(registry, R"(orders{status="PAYEE"})", 7));
  gauge.Stop();
}

}  // namespace
}  // namespace parfumerie::catalog

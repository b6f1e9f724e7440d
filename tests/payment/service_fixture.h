// A payment service over a real SQLite store and the simulated provider in a
// temporary directory, with a fixed clock, a provider decorator to inject the
// faults a test needs, and helpers to build the catalogue's events.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bus/message.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/events.pb.h"
#include "payment/payment_events.h"
#include "payment/payment_service.h"
#include "payment/provider.h"
#include "payment/sqlite/sqlite_payment_store.h"
#include "support/process.h"

namespace parfumerie::payment::testing {

inline constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// Forwards to the simulated provider; lets a test lose responses or run code
// at the moment a charge has been made but not yet answered.
class HookedProvider : public PaymentProvider {
 public:
  explicit HookedProvider(PaymentProvider& inner) : inner_(inner) {}
  absl::StatusOr<std::string> CreatePaymentMethod(const ValidatedCard& card) override {
    return inner_.CreatePaymentMethod(card);
  }
  absl::StatusOr<Charge> CreateCharge(const ChargeRequest& request) override {
    ++charge_calls;
    absl::StatusOr<Charge> c = inner_.CreateCharge(request);
    if (after_charge) after_charge();
    if (c.ok() && lost_charge_responses.fetch_sub(1) > 0) return absl::UnavailableError("response lost");
    return c;
  }
  absl::StatusOr<Refund> CreateRefund(const RefundRequest& request) override {
    ++refund_calls;
    return inner_.CreateRefund(request);
  }

  std::atomic<int> charge_calls{0};
  std::atomic<int> refund_calls{0};
  std::atomic<int> lost_charge_responses{0};
  std::function<void()> after_charge;

 private:
  PaymentProvider& inner_;
};

class PaymentServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(SimulatedProviderOptions options) {
    service_.reset();
    hooked_.reset();
    auto store = OpenSqlitePaymentStore(StoreFile());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto provider = OpenSimulatedProvider(ProviderFile(), options);
    ASSERT_TRUE(provider.ok()) << provider.status();
    provider_ = *std::move(provider);
    hooked_ = std::make_unique<HookedProvider>(*provider_);
    // Handlers run on several threads in some tests: the id counter is atomic.
    auto n = std::make_shared<std::atomic<int>>(0);
    service_ = std::make_unique<PaymentService>(
        *store_, *hooked_,
        PaymentServiceOptions{[this] { return now_; }, [n] { return "pay_" + std::to_string(++*n); }});
    handler_ = MakePaymentEventHandler(*service_);
  }

  std::string StoreFile() const { return dir_.path() + "/payment.db"; }
  std::string ProviderFile() const { return dir_.path() + "/provider.db"; }

  std::string Tokenize(const std::string& number, const std::string& cvc = "123") {
    auto t = service_->TokenizeCard(CardDetails{number, 12, 2030, cvc, "Camille Durand"});
    EXPECT_TRUE(t.ok()) << t.status();
    return t.ok() ? t->token : "";
  }

  bus::Message Placed(const std::string& order, const std::string& token, int64_t total) {
    v1::OrderPlaced e;
    e.set_commande_id(order);
    e.set_client_id("cli_1");
    e.set_total_cents(total);
    e.set_payment_method_token(token);
    return bus::MakeEvent(bus::kTopicCommandes, order, e, "/parfumerie/catalog", now_, kTraceparent);
  }

  bus::Message Cancelled(const std::string& order, bool refund) {
    v1::OrderCancelled e;
    e.set_commande_id(order);
    e.set_raison("annulée par le client");
    e.set_refund(refund);
    return bus::MakeEvent(bus::kTopicCommandes, order, e, "/parfumerie/catalog", now_, kTraceparent);
  }

  std::vector<bus::Message> Outbox() {
    auto pending = store_->PendingOutbox(1000);
    EXPECT_TRUE(pending.ok()) << pending.status();
    std::vector<bus::Message> out;
    if (pending.ok()) {
      for (auto& e : *pending) out.push_back(std::move(e.message));
    }
    return out;
  }

  std::vector<LedgerEntry> Ledger() {
    auto l = provider_->Ledger();
    EXPECT_TRUE(l.ok()) << l.status();
    return l.value_or(std::vector<LedgerEntry>{});
  }

  parfumerie::testing::TempDir dir_;
  Timestamp now_ = FromUnixMillis(1'795'000'000'000);  // 2026-11-18
  std::unique_ptr<PaymentStore> store_;
  std::unique_ptr<SimulatedProvider> provider_;
  std::unique_ptr<HookedProvider> hooked_;
  std::unique_ptr<PaymentService> service_;
  bus::Handler handler_;
};

}  // namespace parfumerie::payment::testing

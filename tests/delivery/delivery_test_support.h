// A delivery service over the SQLite store in a fresh temp dir, with a
// manual clock and predictable ids ("liv_1", "liv_2", ...).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "delivery/delivery_service.h"
#include "delivery/sqlite/sqlite_delivery_store.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/events.pb.h"
#include "support/process.h"

namespace parfumerie::delivery::testing {

class DeliveryFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<DeliveryStore>> store = OpenSqliteDeliveryStore(dir_.path() + "/delivery.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    DeliveryServiceOptions options;
    options.clock = [this] { return Now(); };
    options.new_id = [this] { return "liv_" + std::to_string(++next_id_); };
    options.on_outbox_write = [this] { ++notified_; };
    service_ = std::make_unique<DeliveryService>(*store_, options);
  }

  Timestamp Now() const { return Timestamp(std::chrono::milliseconds(now_ms_.load())); }
  void Tick() { now_ms_ += 1000; }

  static OrderPaid Paid(const std::string& commande_id) {
    return OrderPaid{commande_id, Adresse{"Inès Durand", "3 cours de l'Intendance", "", "33000", "Bordeaux", "FR", ""}};
  }
  static EventContext Ctx(const std::string& message_id) { return EventContext{message_id, ""}; }

  // Creates the delivery of `commande_id` through the saga; returns its id.
  std::string Created(const std::string& commande_id) {
    EXPECT_TRUE(service_->OnOrderPaid(Paid(commande_id), Ctx("paid-" + commande_id)).ok());
    absl::StatusOr<Livraison> l = service_->GetForOrder(commande_id);
    EXPECT_TRUE(l.ok()) << l.status();
    return l.ok() ? l->id : std::string();
  }

  // Every event in the outbox, oldest first, decoded.
  std::vector<v1::DeliveryStatusChanged> Events() {
    std::vector<v1::DeliveryStatusChanged> out;
    absl::StatusOr<std::vector<bus::OutboxEntry>> pending = store_->PendingOutbox(10'000);
    EXPECT_TRUE(pending.ok()) << pending.status();
    if (!pending.ok()) return out;
    for (const bus::OutboxEntry& e : *pending) {
      EXPECT_EQ(e.message.topic, bus::kTopicLivraisons);
      EXPECT_EQ(e.message.Type(), "parfumerie.v1.DeliveryStatusChanged");
      v1::DeliveryStatusChanged& event = out.emplace_back();
      EXPECT_TRUE(event.ParseFromString(e.message.payload));
      EXPECT_EQ(e.message.key, event.commande_id());
    }
    return out;
  }

  ::parfumerie::testing::TempDir dir_;
  std::atomic<int64_t> now_ms_{1'750'000'000'000};
  std::atomic<int> next_id_{0};
  std::atomic<int> notified_{0};
  std::unique_ptr<DeliveryStore> store_;
  std::unique_ptr<DeliveryService> service_;
};

}  // namespace parfumerie::delivery::testing

// Live order changes for GraphQL subscriptions. The gateway consumes the
// saga's topics as its own consumer group (each replica its own group, so
// every replica sees every event) and hands each event to OrderFeed, which
// tells the listeners of that order (and, for a new order, the operators'
// feed). Listeners only learn *which* order changed; they read its current
// state themselves, so a replayed or reordered event can never show stale data.
//
// Thread-safe: Listen* from any thread, Handle from the consumer's thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "bus/message.h"

namespace parfumerie::gateway {

class OrderFeed {
 public:
  // Called with the changed order's id; must not block. Stays registered
  // while `alive` is true (the listener clears it when its subscription ends).
  using Listener = std::function<void(const std::string& order_id)>;
  using Alive = std::shared_ptr<std::atomic<bool>>;

  void ListenOrder(const std::string& order_id, Alive alive, Listener listener);
  void ListenNewOrders(Alive alive, Listener listener);

  // The consumer's handler: every event on `commandes`, `paiements` and
  // `livraisons` is keyed by its order id. Never fails (nothing to retry).
  absl::Status Handle(const bus::Message& message);

  // Listeners registered and not yet dropped (dead ones go at the next
  // event of their order or at the next sweep).
  size_t listeners() const;

 private:
  struct Entry {
    Alive alive;
    Listener listener;
  };
  static void Notify(std::vector<Entry>& entries, const std::string& order_id, std::vector<Entry>* out);

  // Drops every dead listener; done every kSweepEvery registrations, so
  // listeners of orders that never change again do not pile up.
  void SweepLocked();
  static constexpr size_t kSweepEvery = 256;

  mutable std::mutex mu_;
  size_t registrations_ = 0;
  std::unordered_map<std::string, std::vector<Entry>> by_order_;
  std::vector<Entry> new_orders_;
};

// The topics the feed follows.
std::vector<std::string> OrderFeedTopics();

}  // namespace parfumerie::gateway

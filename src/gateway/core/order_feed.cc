#include "gateway/core/order_feed.h"

namespace parfumerie::gateway {
namespace {
constexpr std::string_view kOrderPlacedType = "parfumerie.v1.OrderPlaced";
}

std::vector<std::string> OrderFeedTopics() {
  return {std::string(bus::kTopicCommandes), std::string(bus::kTopicPaiements),
          std::string(bus::kTopicLivraisons)};
}

void OrderFeed::ListenOrder(const std::string& order_id, Alive alive, Listener listener) {
  std::lock_guard lock(mu_);
  if (++registrations_ % kSweepEvery == 0) SweepLocked();
  by_order_[order_id].push_back({std::move(alive), std::move(listener)});
}

void OrderFeed::SweepLocked() {
  for (auto it = by_order_.begin(); it != by_order_.end();) {
    std::erase_if(it->second, [](const Entry& e) { return !e.alive->load(); });
    it = it->second.empty() ? by_order_.erase(it) : std::next(it);
  }
  std::erase_if(new_orders_, [](const Entry& e) { return !e.alive->load(); });
}

void OrderFeed::ListenNewOrders(Alive alive, Listener listener) {
  std::lock_guard lock(mu_);
  new_orders_.push_back({std::move(alive), std::move(listener)});
}

// Keeps the live entries in place and copies them to `out` for calling
// outside the lock.
void OrderFeed::Notify(std::vector<Entry>& entries, const std::string&, std::vector<Entry>* out) {
  std::erase_if(entries, [](const Entry& e) { return !e.alive->load(); });
  out->insert(out->end(), entries.begin(), entries.end());
}

absl::Status OrderFeed::Handle(const bus::Message& message) {
  const std::string& order_id = message.key;
  if (order_id.empty()) return absl::OkStatus();
  std::vector<Entry> to_call;
  {
    std::lock_guard lock(mu_);
    if (auto it = by_order_.find(order_id); it != by_order_.end()) {
      Notify(it->second, order_id, &to_call);
      if (it->second.empty()) by_order_.erase(it);
    }
    if (message.topic == bus::kTopicCommandes && message.Type() == kOrderPlacedType) {
      Notify(new_orders_, order_id, &to_call);
    }
  }
  for (const Entry& e : to_call) e.listener(order_id);
  return absl::OkStatus();
}

size_t OrderFeed::listeners() const {
  std::lock_guard lock(mu_);
  size_t n = new_orders_.size();
  for (const auto& [id, entries] : by_order_) n += entries.size();
  return n;
}

}  // namespace parfumerie::gateway

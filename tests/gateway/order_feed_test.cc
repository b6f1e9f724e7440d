#include "gateway/core/order_feed.h"

#include <gtest/gtest.h>

#include "bus/message.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::gateway {
namespace {

bus::Message Event(std::string_view topic, const std::string& order_id, const google::protobuf::Message& payload) {
  return bus::MakeEvent(topic, order_id, payload, "/test", std::chrono::system_clock::now());
}

OrderFeed::Alive Alive() { return std::make_shared<std::atomic<bool>>(true); }

TEST(OrderFeedTest, TellsTheListenersOfTheOrderAndOperatorsOfNewOrders) {
  OrderFeed feed;
  std::vector<std::string> order_a, new_orders;
  feed.ListenOrder("cmd_a", Alive(), [&](const std::string& id) { order_a.push_back(id); });
  feed.ListenNewOrders(Alive(), [&](const std::string& id) { new_orders.push_back(id); });

  v1::OrderPlaced placed;
  ASSERT_TRUE(feed.Handle(Event(bus::kTopicCommandes, "cmd_b", placed)).ok());
  v1::OrderStatusChanged changed;
  ASSERT_TRUE(feed.Handle(Event(bus::kTopicCommandes, "cmd_a", changed)).ok());
  v1::DeliveryStatusChanged shipped;
  ASSERT_TRUE(feed.Handle(Event(bus::kTopicLivraisons, "cmd_a", shipped)).ok());

  EXPECT_EQ(order_a, (std::vector<std::string>{"cmd_a", "cmd_a"}));
  EXPECT_EQ(new_orders, (std::vector<std::string>{"cmd_b"}));
}

TEST(OrderFeedTest, DeadListenersAreDroppedEvenIfTheirOrderNeverChanges) {
  OrderFeed feed;
  std::vector<OrderFeed::Alive> alive;
  for (int i = 0; i < 1000; ++i) {
    alive.push_back(Alive());
    feed.ListenOrder("cmd_" + std::to_string(i), alive.back(), [](const std::string&) {});
    alive.back()->store(false);  // the subscription ended at once
  }
  EXPECT_LT(feed.listeners(), 256u);
  int calls = 0;
  auto live = Alive();
  feed.ListenOrder("cmd_live", live, [&](const std::string&) { ++calls; });
  live->store(false);
  v1::OrderStatusChanged changed;
  ASSERT_TRUE(feed.Handle(Event(bus::kTopicCommandes, "cmd_live", changed)).ok());
  EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace parfumerie::gateway

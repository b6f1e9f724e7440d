// The catalogue's consumer of the saga: payment results (topic "paiements")
// and delivery steps (topic "livraisons") applied to orders.
//
// Run it with a bus::ConsumerRunner, group kOrderConsumerGroup, topics
// kOrderConsumerTopics. Each message is applied in one transaction with its
// inbox mark (OrderService::On*), so a redelivered message changes nothing.
// Errors: INVALID_ARGUMENT (dead-lettered at once) for a payload that does not
// decode, a message without ce_id, or an order that does not exist; storage
// errors pass through (retried). Unknown event types are skipped (OK), so
// producers can add events without breaking this consumer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bus/consumer_runner.h"
#include "catalog/orders/order_service.h"

namespace parfumerie::catalog {

inline constexpr std::string_view kOrderConsumerGroup = "catalog";
std::vector<std::string> OrderConsumerTopics();  // {"paiements", "livraisons"}

// `service` must outlive the handler.
bus::Handler MakeOrderEventHandler(OrderService& service);

}  // namespace parfumerie::catalog

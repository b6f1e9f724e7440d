// The delivery service on the event bus: what it consumes (order events on
// topic "commandes", as consumer group "delivery") and what it publishes
// (DeliveryStatusChanged on topic "livraisons", key = order id, through the
// store's outbox).
//
// Thread-safe (the handler only calls the service).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bus/consumer_runner.h"
#include "bus/message.h"
#include "delivery/delivery_service.h"
#include "delivery/livraison.h"

namespace parfumerie::delivery {

// The consumer group the delivery target joins, and its topics.
inline constexpr std::string_view kConsumerGroup = "delivery";
std::vector<std::string> ConsumedTopics();  // {"commandes"}

// CloudEvents source of the events the service publishes.
inline constexpr std::string_view kEventSource = "/parfumerie/delivery";

// The DeliveryStatusChanged event of `l`'s last step, on topic "livraisons"
// with key = order id, timed at that step.
bus::Message MakeStatusChangedEvent(const Livraison& l, std::string_view traceparent);

// Decodes each message by its ce_type and hands it to `service`:
// "parfumerie.v1.OrderPaid" → OnOrderPaid, "parfumerie.v1.OrderCancelled" →
// OnOrderCancelled; any other type is acknowledged (OK) and ignored. An
// undecodable payload or a missing ce_id is INVALID_ARGUMENT, which the
// consumer runner dead-letters at once; other errors are retried.
// `service` must outlive the handler.
bus::Handler MakeDeliveryEventHandler(DeliveryService& service);

}  // namespace parfumerie::delivery

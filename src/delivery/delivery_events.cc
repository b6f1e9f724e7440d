#include "delivery/delivery_events.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "delivery/proto_conversion.h"
#include "parfumerie/v1/events.pb.h"
#include "trace/tracer.h"

namespace parfumerie::delivery {
namespace {

constexpr std::string_view kOrderPaidType = "parfumerie.v1.OrderPaid";
constexpr std::string_view kOrderCancelledType = "parfumerie.v1.OrderCancelled";

template <typename Proto>
absl::Status Decode(const bus::Message& message, Proto& out) {
  if (!out.ParseFromString(message.payload)) {
    return absl::InvalidArgumentError(
        absl::StrCat("payload: not a valid ", std::string(message.Type()), " (", message.payload.size(), " bytes)"));
  }
  return absl::OkStatus();
}

EventContext ContextOf(const bus::Message& message) {
  return EventContext{std::string(message.Id()), std::string(message.Get(bus::kTraceparent).value_or(""))};
}

// The event's traceparent (the consumer's span) → the log context, so the
// handler's log lines and spans carry the trace of the request that caused
// the event, with its sampling decision.
log::Context LogContextOf(std::string_view traceparent) {
  std::optional<trace::SpanContext> parent = trace::ParseTraceParent(traceparent);
  return parent ? trace::LogContextOf(*parent) : log::CurrentContext();
}

absl::Status Handle(DeliveryService& service, const bus::Message& message) {
  const std::string_view type = message.Type();
  log::ScopedContext scope(LogContextOf(message.Get(bus::kTraceparent).value_or("")));
  if (type == kOrderPaidType) {
    v1::OrderPaid paid;
    if (absl::Status s = Decode(message, paid); !s.ok()) return s;
    return service.OnOrderPaid(OrderPaid{paid.commande_id(), FromProto(paid.adresse_livraison())},
                               ContextOf(message));
  }
  if (type == kOrderCancelledType) {
    v1::OrderCancelled cancelled;
    if (absl::Status s = Decode(message, cancelled); !s.ok()) return s;
    return service.OnOrderCancelled(OrderCancelled{cancelled.commande_id(), cancelled.raison()},
                                    ContextOf(message));
  }
  return absl::OkStatus();  // not for us: OrderPlaced, OrderStatusChanged, ...
}

}  // namespace

std::vector<std::string> ConsumedTopics() { return {std::string(bus::kTopicCommandes)}; }

bus::Message MakeStatusChangedEvent(const Livraison& l, std::string_view traceparent) {
  // A Livraison always has at least its creation step.
  const EvenementSuivi& step = l.suivi.back();
  v1::DeliveryStatusChanged event;
  event.set_livraison_id(l.id);
  event.set_commande_id(l.commande_id);
  event.set_numero_suivi(l.numero_suivi);
  ToProto(step, event.mutable_evenement());
  return bus::MakeEvent(bus::kTopicLivraisons, l.commande_id, event, kEventSource, step.at, traceparent);
}

bus::Handler MakeDeliveryEventHandler(DeliveryService& service) {
  return [&service](const bus::Message& message) { return Handle(service, message); };
}

}  // namespace parfumerie::delivery

#include "payment/payment_events.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "parfumerie/v1/events.pb.h"
#include "trace/tracer.h"

namespace parfumerie::payment {
namespace {

constexpr std::string_view kOrderPlaced = "parfumerie.v1.OrderPlaced";
constexpr std::string_view kOrderCancelled = "parfumerie.v1.OrderCancelled";

// The log context of the event's W3C traceparent (the consumer's span), with
// its sampling decision; trace::ParseTraceParent refuses anything that could
// forge log lines.
log::Context ContextOf(std::string_view traceparent) {
  std::optional<trace::SpanContext> parent = trace::ParseTraceParent(traceparent);
  return parent ? trace::LogContextOf(*parent) : log::CurrentContext();
}

absl::Status Undecodable(const bus::Message& m) {
  return absl::InvalidArgumentError(
      absl::StrCat("payload: not a valid ", std::string(m.Type()), " (offset ", m.offset, ")"));
}

absl::Status Handle(PaymentService& service, const bus::Message& m) {
  const std::string_view type = m.Type();
  if (type != kOrderPlaced && type != kOrderCancelled) return absl::OkStatus();
  if (m.Id().empty()) return absl::InvalidArgumentError("ce_id: missing, the event cannot be deduplicated");
  const EventEnvelope envelope{std::string(m.Id()), std::string(m.Get(bus::kTraceparent).value_or(""))};
  log::ScopedContext scope(ContextOf(envelope.traceparent));

  if (type == kOrderPlaced) {
    v1::OrderPlaced e;
    if (!e.ParseFromString(m.payload)) return Undecodable(m);
    return service.HandleOrderPlaced({e.commande_id(), e.payment_method_token(), e.total_cents()}, envelope);
  }
  v1::OrderCancelled e;
  if (!e.ParseFromString(m.payload)) return Undecodable(m);
  return service.HandleOrderCancelled({e.commande_id(), e.raison(), e.refund()}, envelope);
}

}  // namespace

bus::Handler MakePaymentEventHandler(PaymentService& service) {
  return [&service](const bus::Message& m) { return Handle(service, m); };
}

}  // namespace parfumerie::payment

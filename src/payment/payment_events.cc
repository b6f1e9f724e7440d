#include "payment/payment_events.h"

#include <algorithm>
#include <latch>
#include <memory>
#include <utility>
#include <vector>

#include <boost/asio/post.hpp>

#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "net/blocking_pool.h"
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

bus::Preparer MakePaymentPreparer(PaymentService& service, size_t concurrency) {
  auto pool = std::make_shared<net::BlockingPool>("payment-charge", static_cast<int>(std::max<size_t>(concurrency, 1)));
  return [&service, pool](std::span<const bus::Message* const> messages) {
    std::vector<std::pair<OrderPlacedEvent, std::string>> charges;  // with the event's traceparent
    for (const bus::Message* m : messages) {
      if (m->Type() != kOrderPlaced) continue;
      v1::OrderPlaced e;
      if (!e.ParseFromString(m->payload)) continue;  // the handler dead-letters it
      charges.emplace_back(OrderPlacedEvent{e.commande_id(), e.payment_method_token(), e.total_cents()},
                           std::string(m->Get(bus::kTraceparent).value_or("")));
    }
    if (charges.size() < 2) return;  // the handler makes a lone charge itself
    std::latch done(static_cast<std::ptrdiff_t>(charges.size()));
    for (const auto& [event, traceparent] : charges) {
      boost::asio::post(pool->executor(), [&service, &done, &event, &traceparent] {
        {
          log::ScopedContext scope(ContextOf(traceparent));
          service.PrepareCharge(event);
        }
        done.count_down();
      });
    }
    done.wait();
  };
}

}  // namespace parfumerie::payment

#include "catalog/orders/order_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "catalog/ids.h"
#include "catalog/orders/order_proto.h"
#include "catalog/orders/order_state.h"
#include "catalog/orders/order_validation.h"
#include "catalog/store_support.h"
#include "catalog/text.h"
#include "common/log.h"
#include "parfumerie/v1/events.pb.h"
#include "trace/tracer.h"

namespace parfumerie::catalog {
namespace {

constexpr std::string_view kOrderIdPrefix = "cmd_";

int64_t TotalQuantity(const Commande& c) {
  int64_t n = 0;
  for (const OrderLine& l : c.lignes) n += l.quantite;
  return n;
}

absl::Status CheckOrderId(std::string_view id) {
  if (!IsWellFormedId(id)) return absl::InvalidArgumentError("id: must be a well-formed order id");
  return absl::OkStatus();
}

}  // namespace

namespace {

// The trace of the request or event being handled, for the business log
// lines, when the thread has none yet: "00-<trace id>-<span id>-<flags>".
log::Context TraceLogContext(std::string_view traceparent) {
  log::Context ctx = log::CurrentContext();
  if (!ctx.trace_id.empty()) return ctx;
  std::optional<trace::SpanContext> parent = trace::ParseTraceParent(traceparent);
  return parent ? trace::LogContextOf(*parent) : ctx;
}

}  // namespace

OrderService::OrderService(OrderStore& store, OrderServiceOptions options, Clock clock, IdGenerator new_id)
    : store_(store),
      options_(std::move(options)),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      new_id_(new_id ? std::move(new_id) : IdGenerator([] { return NewRandomId(kOrderIdPrefix); })),
      metrics_(options_.metrics != nullptr ? *options_.metrics : metrics::Registry::Default()) {}

Timestamp OrderService::Now() const { return TruncateToMillis(clock_()); }

void OrderService::Notify() const {
  if (options_.on_outbox_written) options_.on_outbox_written();
}

absl::StatusOr<Commande> OrderService::PlaceOrder(PlaceOrderInput input, std::string_view traceparent) {
  log::ScopedContext log_context(TraceLogContext(traceparent));
  NormalizePlaceOrder(input);
  if (absl::Status s = ValidatePlaceOrder(input); !s.ok()) {
    metrics_.Refused(s);
    return s;
  }
  const Timestamp now = Now();
  NewOrder order{
      .id = new_id_(),
      .client_id = input.client_id,
      .lignes = input.lignes,
      .adresse_livraison = input.adresse_livraison,
      .placed_at = now,
      .payment_deadline = TruncateToMillis(now + options_.payment_timeout),
      .idempotency_key = input.idempotency_key,
      .fingerprint = RequestFingerprint(input),
      .max_total_cents = kMaxOrderTotalCents,
  };
  const std::string token = input.payment_method_token;
  const std::string trace(traceparent);
  auto events = [&](const Commande& c) {
    v1::OrderPlaced placed;
    placed.set_commande_id(c.id);
    placed.set_client_id(c.client_id);
    for (const OrderLine& l : c.lignes) ToProto(l, placed.add_lignes());
    placed.set_total_cents(c.total_cents);
    placed.set_payment_method_token(token);
    ToProto(c.adresse_livraison, placed.mutable_adresse_livraison());
    ToProto(c.date_commande, placed.mutable_placed_at());
    ToProto(c.date_limite_paiement, placed.mutable_payment_deadline());
    v1::OrderStatusChanged changed;
    changed.set_commande_id(c.id);
    changed.set_client_id(c.client_id);
    changed.set_statut(ToProto(c.statut));
    ToProto(c.date_commande, changed.mutable_at());
    return std::vector<bus::Message>{
        bus::MakeEvent(bus::kTopicCommandes, c.id, placed, options_.event_source, now, trace),
        bus::MakeEvent(bus::kTopicCommandes, c.id, changed, options_.event_source, now, trace)};
  };
  absl::StatusOr<PlaceOrderResult> placed = store_.PlaceOrder(order, events);
  if (!placed.ok()) {
    metrics_.Refused(placed.status());
    return placed.status();
  }
  if (!placed->replayed) {
    const Commande& c = placed->order;
    metrics_.Placed(c, placed->stock_outs);
    log::Get("orders")->info("order placed: commande_id={} client_id={} total_cents={} lines={} quantite={}", c.id,
                             c.client_id, c.total_cents, c.lignes.size(), TotalQuantity(c));
    Notify();
  }
  return std::move(placed->order);
}

absl::StatusOr<Commande> OrderService::GetOrder(std::string_view id) {
  if (absl::Status s = CheckOrderId(id); !s.ok()) return s;
  return store_.GetOrder(id);
}

absl::StatusOr<OrderPage> OrderService::ListOrders(const OrderQuery& query) {
  if (absl::Status s = ValidateOrderQuery(query); !s.ok()) return s;
  return store_.ListOrders(query);
}

absl::StatusOr<Commande> OrderService::CancelOrder(std::string_view id, std::string_view raison,
                                                   std::string_view traceparent) {
  if (absl::Status s = CheckOrderId(id); !s.ok()) return s;
  const std::string why(TrimAsciiWhitespace(raison));
  if (absl::Status s = ValidateRaison(why); !s.ok()) return s;
  absl::StatusOr<UpdateResult> r =
      Apply(id, nullptr, traceparent, CancelReason::kCustomer,
            [&](const Commande& c, Timestamp now) { return DecideCancel(c, why, now); });
  if (!r.ok()) return r.status();
  return std::move(r->order);
}

absl::StatusOr<int> OrderService::ExpireOverdue(Timestamp now, size_t limit) {
  now = TruncateToMillis(now);
  absl::StatusOr<std::vector<std::string>> ids = store_.OverdueOrderIds(now, limit);
  if (!ids.ok()) return ids.status();
  int cancelled = 0;
  for (const std::string& id : *ids) {
    // The decision re-checks status and deadline inside the transaction: a
    // payment that landed since the query wins.
    absl::StatusOr<UpdateResult> r =
        Apply(id, nullptr, {}, CancelReason::kDeadline, [&](const Commande& c, Timestamp) { return DecideExpiry(c, now); });
    if (!r.ok()) return r.status();
    if (r->changed) ++cancelled;
  }
  return cancelled;
}

absl::StatusOr<UpdateResult> OrderService::OnPaymentSucceeded(const EventOrigin& origin,
                                                              std::string_view commande_id,
                                                              std::string_view paiement_id) {
  return Apply(commande_id, &origin, origin.traceparent, CancelReason::kOther, [&](const Commande& c, Timestamp now) {
    return DecidePaymentSucceeded(c, paiement_id, now);
  });
}

absl::StatusOr<UpdateResult> OrderService::OnPaymentFailed(const EventOrigin& origin, std::string_view commande_id,
                                                           std::string_view paiement_id, std::string_view why) {
  return Apply(commande_id, &origin, origin.traceparent, CancelReason::kPaymentDeclined,
               [&](const Commande& c, Timestamp now) { return DecidePaymentFailed(c, why, now); });
}

absl::StatusOr<UpdateResult> OrderService::OnPaymentRefunded(const EventOrigin& origin,
                                                             std::string_view commande_id,
                                                             std::string_view paiement_id) {
  return Apply(commande_id, &origin, origin.traceparent, CancelReason::kOther,
               [&](const Commande& c, Timestamp) { return DecidePaymentRefunded(c, paiement_id); });
}

absl::StatusOr<UpdateResult> OrderService::OnDeliveryStep(const EventOrigin& origin, std::string_view commande_id,
                                                          std::string_view livraison_id, DeliveryStep step,
                                                          std::string_view commentaire) {
  return Apply(commande_id, &origin, origin.traceparent, CancelReason::kOther, [&](const Commande& c, Timestamp now) {
    return DecideDeliveryStep(c, livraison_id, step, commentaire, now);
  });
}

absl::StatusOr<UpdateResult> OrderService::Apply(std::string_view id, const EventOrigin* origin,
                                                 std::string_view traceparent, CancelReason cancel_reason,
                                                 const Decision& decision) {
  log::ScopedContext log_context(TraceLogContext(traceparent));
  OrderStatus before = OrderStatus::kEnAttente;
  std::optional<InboxMark> inbox;
  if (origin != nullptr) inbox = InboxMark{options_.inbox_consumer, origin->message_id};
  const Timestamp now = Now();
  std::string note;
  absl::StatusOr<UpdateResult> r =
      store_.UpdateOrder(id, inbox, now, [&](const Commande& current) -> absl::StatusOr<OrderChange> {
        before = current.statut;  // the last call is the one that commits
        absl::StatusOr<OrderDecision> d = decision(current, now);
        if (!d.ok()) return d.status();
        note = d->note;
        OrderChange change{.decision = *std::move(d), .events = {}};
        if (change.decision.changed) change.events = EventsFor(current, change.decision, now, traceparent);
        return change;
      });
  if (!r.ok()) return r.status();
  if (!note.empty()) log::Get("orders")->info("order {}: {}", std::string(id), note);
  if (r->changed) {
    metrics_.Transition(before, r->order, cancel_reason);
    LogChange(before, r->order, cancel_reason);
    Notify();
  }
  return r;
}

void OrderService::LogChange(OrderStatus before, const Commande& c, CancelReason cancel_reason) const {
  if (before == c.statut) return;
  const std::shared_ptr<spdlog::logger> log = log::Get("orders");
  switch (c.statut) {
    case OrderStatus::kPayee:
      log->info("order paid: commande_id={} paiement_id={} total_cents={}", c.id, c.paiement_id, c.total_cents);
      break;
    case OrderStatus::kExpediee:
      log->info("order shipped: commande_id={}", c.id);
      break;
    case OrderStatus::kLivree:
      log->info("order delivered: commande_id={}", c.id);
      break;
    case OrderStatus::kAnnulee:
      log->info("order cancelled: commande_id={} reason={} from={} raison=\"{}\"", c.id,
                CancelReasonLabel(cancel_reason), OrderStatusName(before), c.raison_annulation);
      break;
    case OrderStatus::kEnAttente:
      break;
  }
}

std::vector<bus::Message> OrderService::EventsFor(const Commande& before, const OrderDecision& d, Timestamp now,
                                                  std::string_view traceparent) const {
  const Commande& c = d.order;
  std::vector<bus::Message> out;
  auto add = [&](const google::protobuf::Message& payload) {
    out.push_back(bus::MakeEvent(bus::kTopicCommandes, c.id, payload, options_.event_source, now, traceparent));
  };
  if (d.emit_order_paid) {
    v1::OrderPaid paid;
    paid.set_commande_id(c.id);
    paid.set_paiement_id(c.paiement_id);
    ToProto(c.adresse_livraison, paid.mutable_adresse_livraison());
    for (const OrderLine& l : c.lignes) ToProto(l, paid.add_lignes());
    add(paid);
  }
  if (d.emit_order_cancelled) {
    v1::OrderCancelled cancelled;
    cancelled.set_commande_id(c.id);
    cancelled.set_raison(c.raison_annulation);
    cancelled.set_refund(*d.emit_order_cancelled);
    if (*d.emit_order_cancelled) cancelled.set_paiement_id(d.refund_paiement_id);
    add(cancelled);
  }
  for (size_t i = before.historique.size(); i < c.historique.size(); ++i) {
    v1::OrderStatusChanged changed;
    changed.set_commande_id(c.id);
    changed.set_client_id(c.client_id);
    changed.set_statut(ToProto(c.historique[i].statut));
    changed.set_raison(c.historique[i].raison);
    ToProto(c.historique[i].at, changed.mutable_at());
    add(changed);
  }
  return out;
}

}  // namespace parfumerie::catalog

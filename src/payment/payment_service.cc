#include "payment/payment_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "bus/message.h"
#include "common/ids.h"
#include "common/log.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::payment {
namespace {

constexpr char kMessageUnknownMethod[] =
    "Moyen de paiement inconnu : saisissez à nouveau votre carte puis repassez la commande.";
constexpr char kMessageInvalidAmount[] = "Montant de la commande invalide : aucun débit n'a été effectué.";

Timestamp SystemNow() {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

absl::Status CheckOrderId(std::string_view id) {
  if (!IsWellFormedId(id)) {
    return absl::InvalidArgumentError("commande_id: missing or malformed order id in the event");
  }
  return absl::OkStatus();
}

std::shared_ptr<spdlog::logger> Log() {
  static const auto logger = log::Get("payment");
  return logger;
}

bus::Message PaymentEvent(const Payment& p, Timestamp now, const EventEnvelope& envelope) {
  const auto make = [&](const google::protobuf::Message& payload) {
    return bus::MakeEvent(bus::kTopicPaiements, p.order_id, payload, kPaymentEventSource, now, envelope.traceparent);
  };
  switch (p.status) {
    case PaymentStatus::kAccepted: {
      v1::PaymentSucceeded e;
      e.set_commande_id(p.order_id);
      e.set_paiement_id(p.id);
      e.set_montant_cents(p.amount_cents);
      return make(e);
    }
    case PaymentStatus::kRefused: {
      v1::PaymentFailed e;
      e.set_commande_id(p.order_id);
      e.set_paiement_id(p.id);
      e.set_code_refus(p.decline_code);
      e.set_message_refus(p.decline_message);
      return make(e);
    }
    case PaymentStatus::kRefunded:
      break;
  }
  v1::PaymentRefunded e;
  e.set_commande_id(p.order_id);
  e.set_paiement_id(p.id);
  e.set_montant_cents(p.amount_cents);
  return make(e);
}

void Refuse(Payment& p, std::string_view code, std::string_view message) {
  p.status = PaymentStatus::kRefused;
  p.decline_code = std::string(code);
  p.decline_message = std::string(message);
}

}  // namespace

PaymentService::PaymentService(PaymentStore& store, PaymentProvider& provider, PaymentServiceOptions options)
    : store_(store),
      provider_(provider),
      options_(std::move(options)),
      payments_((options_.metrics != nullptr ? *options_.metrics : metrics::Registry::Default())
                    .AddCounter({.name = "payments_total",
                                 .help = "Payments by outcome: succeeded, declined, failed (provider error, retried).",
                                 .labels = {"outcome"}})) {
  if (!options_.clock) options_.clock = SystemNow;
  if (!options_.new_id) options_.new_id = [] { return NewRandomId("pay_"); };
}

InboxRecord PaymentService::Inbox(const EventEnvelope& envelope, Timestamp now) const {
  return InboxRecord{std::string(kPaymentConsumer), envelope.message_id, now};
}

absl::StatusOr<CardToken> PaymentService::TokenizeCard(const CardDetails& card) {
  const Timestamp now = options_.clock();
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(now)};
  absl::StatusOr<ValidatedCard> valid = ValidateCard(card, today);
  if (!valid.ok()) return valid.status();
  absl::StatusOr<std::string> token = provider_.CreatePaymentMethod(*valid);
  if (!token.ok()) return token.status();
  CardToken t{*std::move(token), valid->summary, now};
  if (absl::Status s = store_.InsertCardToken(t); !s.ok()) return s;
  // Never the token: whoever holds it can charge the card.
  Log()->info("card tokenised: {} ending {}", CardBrandName(t.card.brand), t.card.last4);
  return t;
}

absl::StatusOr<Payment> PaymentService::Get(std::string_view id) {
  if (!IsWellFormedId(id)) return absl::InvalidArgumentError("id: missing or malformed payment id");
  return store_.Get(id);
}

absl::StatusOr<Payment> PaymentService::GetForOrder(std::string_view order_id) {
  if (!IsWellFormedId(order_id)) return absl::InvalidArgumentError("commande_id: missing or malformed order id");
  return store_.GetForOrder(order_id);
}

absl::StatusOr<PaymentPage> PaymentService::List(PaymentQuery query) {
  if (query.limit == 0) query.limit = kDefaultPageSize;
  if (query.limit < 0 || query.limit > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: must be 0 to ", kMaxPageSize));
  }
  return store_.List(query);
}

absl::Status PaymentService::HandleOrderPlaced(const OrderPlacedEvent& event, const EventEnvelope& envelope) {
  if (absl::Status s = CheckOrderId(event.order_id); !s.ok()) return s;
  absl::StatusOr<OrderPaymentState> state = store_.GetOrderState(event.order_id);
  if (!state.ok()) return state.status();
  if (state->payment) {
    Log()->debug("order {} already has payment {}: nothing to do", event.order_id, state->payment->id);
    return absl::OkStatus();
  }
  if (state->cancellation) {
    Log()->info("order {} was cancelled before its payment: not charged", event.order_id);
    return absl::OkStatus();
  }
  absl::StatusOr<Payment> payment = Charge(event);
  if (!payment.ok()) return payment.status();
  return Record(*std::move(payment), envelope);
}

void PaymentService::PrepareCharge(const OrderPlacedEvent& event) {
  if (!CheckOrderId(event.order_id).ok() || event.total_cents <= 0 || !IsWellFormedId(event.token)) return;
  absl::StatusOr<OrderPaymentState> state = store_.GetOrderState(event.order_id);
  if (!state.ok() || state->payment || state->cancellation) return;
  // Charge() refuses a token this store does not know without asking the
  // provider: so must this, or the provider would hold a charge nobody records.
  if (!store_.GetCardToken(event.token).ok()) return;
  absl::StatusOr<payment::Charge> charge = provider_.CreateCharge({event.order_id, event.token, event.total_cents});
  if (!charge.ok()) return;
  std::lock_guard lock(prepared_mu_);
  if (prepared_.size() < kMaxPrepared) prepared_.insert_or_assign(event.order_id, *std::move(charge));
}

absl::StatusOr<payment::Charge> PaymentService::CreateCharge(const ChargeRequest& request) {
  {
    std::lock_guard lock(prepared_mu_);
    auto it = prepared_.find(request.idempotency_key);
    if (it != prepared_.end()) {
      payment::Charge charge = std::move(it->second);
      prepared_.erase(it);
      // Another request for the same order (other token or amount) is the
      // provider's to judge.
      if (charge.token == request.token && charge.amount_cents == request.amount_cents) return charge;
    }
  }
  return provider_.CreateCharge(request);
}

absl::StatusOr<Payment> PaymentService::Charge(const OrderPlacedEvent& event) {
  Payment p;
  p.id = options_.new_id();
  p.order_id = event.order_id;
  p.amount_cents = event.total_cents;
  p.token = event.token;
  p.created_at = options_.clock();

  absl::StatusOr<CardToken> card = absl::NotFoundError("no token");
  if (IsWellFormedId(event.token)) card = store_.GetCardToken(event.token);
  if (!card.ok() && !absl::IsNotFound(card.status())) return card.status();
  if (card.ok()) {
    p.card_brand = std::string(CardBrandName(card->card.brand));
    p.card_last4 = card->card.last4;
  }
  if (event.total_cents <= 0) {
    Refuse(p, kDeclineInvalidAmount, kMessageInvalidAmount);
    return p;
  }
  if (!card.ok()) {
    Refuse(p, kDeclineUnknownPaymentMethod, kMessageUnknownMethod);
    return p;
  }

  absl::StatusOr<payment::Charge> charge = CreateCharge({event.order_id, event.token, event.total_cents});
  if (absl::IsNotFound(charge.status())) {
    Refuse(p, kDeclineUnknownPaymentMethod, kMessageUnknownMethod);
    return p;
  }
  if (absl::IsFailedPrecondition(charge.status()) || absl::IsInvalidArgument(charge.status())) {
    // The order id was used with another token or amount: two different
    // OrderPlaced for one order, a defect upstream. Poison, not a retry.
    return absl::InvalidArgumentError(absl::StrCat("order ", event.order_id, ": provider refused the charge: ",
                                                   std::string(charge.status().message())));
  }
  if (!charge.ok()) {
    payments_.Labels({"failed"}).Inc();
    Log()->warn("order {}: charge not done yet ({}), will retry", event.order_id,
                std::string(charge.status().message()));
    return charge.status();
  }
  p.charge_id = charge->id;
  p.status = charge->succeeded ? PaymentStatus::kAccepted : PaymentStatus::kRefused;
  p.decline_code = charge->decline_code;
  p.decline_message = charge->decline_message;
  return p;
}

absl::Status PaymentService::Record(Payment p, const EventEnvelope& envelope) {
  const Timestamp now = options_.clock();
  absl::StatusOr<WriteResult> written = store_.RecordPayment(p, PaymentEvent(p, now, envelope), Inbox(envelope, now));
  if (written.ok()) {
    if (*written == WriteResult::kApplied) LogRecorded(p);
    return absl::OkStatus();
  }
  if (absl::IsAlreadyExists(written.status())) {
    // Another consumer recorded this order's payment first; the provider's
    // idempotency made it the same charge.
    return absl::OkStatus();
  }
  if (absl::IsFailedPrecondition(written.status()) && p.status == PaymentStatus::kAccepted) {
    // The order was cancelled while it was being charged: give the money back
    // and keep the trace of it, so the invariant "no accepted payment for a
    // cancelled order" holds.
    absl::StatusOr<payment::Refund> refund =
        provider_.CreateRefund({absl::StrCat("refund:", p.order_id), p.charge_id});
    if (!refund.ok()) return refund.status();
    p.status = PaymentStatus::kRefunded;
    p.refunded_at = now;
    return Record(std::move(p), envelope);
  }
  if (absl::IsFailedPrecondition(written.status())) return absl::OkStatus();  // cancelled, nothing charged
  return written.status();
}

void PaymentService::LogRecorded(const Payment& p) {
  switch (p.status) {
    case PaymentStatus::kAccepted:
      payments_.Labels({"succeeded"}).Inc();
      Log()->info("payment succeeded: commande_id={} paiement_id={} amount_cents={} brand={} last4={}", p.order_id,
                  p.id, p.amount_cents, p.card_brand, p.card_last4);
      break;
    case PaymentStatus::kRefused:
      payments_.Labels({"declined"}).Inc();
      Log()->info("payment declined: commande_id={} paiement_id={} amount_cents={} reason={} brand={} last4={}",
                  p.order_id, p.id, p.amount_cents, p.decline_code, p.card_brand.empty() ? "-" : p.card_brand,
                  p.card_last4.empty() ? "-" : p.card_last4);
      break;
    case PaymentStatus::kRefunded:
      // Charged after the order was cancelled, refunded at once.
      Log()->info("payment refunded: commande_id={} paiement_id={} amount_cents={}", p.order_id, p.id,
                  p.amount_cents);
      break;
  }
}

absl::Status PaymentService::HandleOrderCancelled(const OrderCancelledEvent& event, const EventEnvelope& envelope) {
  if (absl::Status s = CheckOrderId(event.order_id); !s.ok()) return s;
  absl::StatusOr<OrderPaymentState> state = store_.GetOrderState(event.order_id);
  if (!state.ok()) return state.status();
  if (state->payment) {
    if (state->payment->status != PaymentStatus::kAccepted) return absl::OkStatus();
    if (!event.refund) {
      // A cancelled order must not keep the customer's money, whatever the
      // flag says (e.g. a deadline cancellation that crossed our success).
      Log()->warn("order {} cancelled without refund but payment {} is accepted: refunding", event.order_id,
                  state->payment->id);
    }
    return Refund(*state->payment, envelope);
  }
  const Timestamp now = options_.clock();
  absl::StatusOr<WriteResult> written =
      store_.RecordCancellation({event.order_id, event.reason, now}, Inbox(envelope, now));
  if (absl::IsAlreadyExists(written.status())) {
    // A payment appeared since we looked: retry, and the retry refunds it.
    return absl::AbortedError(absl::StrCat("order ", event.order_id, " got a payment meanwhile; retry"));
  }
  return written.status();
}

absl::Status PaymentService::Refund(const Payment& payment, const EventEnvelope& envelope) {
  absl::StatusOr<payment::Refund> refund =
      provider_.CreateRefund({absl::StrCat("refund:", payment.order_id), payment.charge_id});
  if (!refund.ok()) {
    Log()->warn("order {}: refund not done yet ({})", payment.order_id, std::string(refund.status().message()));
    return refund.status();
  }
  const Timestamp now = options_.clock();
  Payment refunded = payment;
  refunded.status = PaymentStatus::kRefunded;
  refunded.refunded_at = now;
  absl::StatusOr<WriteResult> written =
      store_.RecordRefund(payment.id, now, PaymentEvent(refunded, now, envelope), Inbox(envelope, now));
  if (written.ok()) {
    if (*written == WriteResult::kApplied) {
      Log()->info("order {}: payment {} refunded ({} cents)", payment.order_id, payment.id, payment.amount_cents);
    }
    return absl::OkStatus();
  }
  if (absl::IsFailedPrecondition(written.status())) return absl::OkStatus();  // refunded concurrently
  return written.status();
}

}  // namespace parfumerie::payment

#include "catalog/orders/order_events.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::catalog {
namespace {

template <typename Event>
absl::StatusOr<Event> Decode(const bus::Message& m) {
  Event e;
  if (!e.ParseFromString(m.payload)) {
    return absl::InvalidArgumentError(absl::StrCat("payload: not a ", Event::descriptor()->full_name()));
  }
  if (e.commande_id().empty()) return absl::InvalidArgumentError("payload: commande_id is empty");
  return e;
}

template <typename Event>
std::string TypeName() {
  return Event::descriptor()->full_name();
}

absl::StatusOr<DeliveryStep> StepFromProto(v1::StatutLivraison s) {
  switch (s) {
    case v1::STATUT_LIVRAISON_EN_PREPARATION:
      return DeliveryStep::kEnPreparation;
    case v1::STATUT_LIVRAISON_EXPEDIEE:
      return DeliveryStep::kExpediee;
    case v1::STATUT_LIVRAISON_EN_TRANSIT:
      return DeliveryStep::kEnTransit;
    case v1::STATUT_LIVRAISON_LIVREE:
      return DeliveryStep::kLivree;
    case v1::STATUT_LIVRAISON_ECHEC:
      return DeliveryStep::kEchec;
    default:
      return absl::InvalidArgumentError(absl::StrCat("evenement.statut: unknown delivery status ", int{s}));
  }
}

// An order the catalogue never had will not appear by retrying: dead-letter.
absl::Status Outcome(const absl::StatusOr<UpdateResult>& r) {
  if (r.ok()) return absl::OkStatus();
  if (absl::IsNotFound(r.status())) return absl::InvalidArgumentError(std::string(r.status().message()));
  return r.status();
}

absl::Status Handle(OrderService& service, const bus::Message& m) {
  const std::string type(m.Type());
  if (m.Id().empty()) return absl::InvalidArgumentError("headers: ce_id is missing");
  const EventOrigin origin{std::string(m.Id()), std::string(m.Get(bus::kTraceparent).value_or(""))};
  if (type == TypeName<v1::PaymentSucceeded>()) {
    auto e = Decode<v1::PaymentSucceeded>(m);
    if (!e.ok()) return e.status();
    return Outcome(service.OnPaymentSucceeded(origin, e->commande_id(), e->paiement_id()));
  }
  if (type == TypeName<v1::PaymentFailed>()) {
    auto e = Decode<v1::PaymentFailed>(m);
    if (!e.ok()) return e.status();
    const std::string& why = e->message_refus().empty() ? e->code_refus() : e->message_refus();
    return Outcome(service.OnPaymentFailed(origin, e->commande_id(), e->paiement_id(), why));
  }
  if (type == TypeName<v1::PaymentRefunded>()) {
    auto e = Decode<v1::PaymentRefunded>(m);
    if (!e.ok()) return e.status();
    return Outcome(service.OnPaymentRefunded(origin, e->commande_id(), e->paiement_id()));
  }
  if (type == TypeName<v1::DeliveryStatusChanged>()) {
    auto e = Decode<v1::DeliveryStatusChanged>(m);
    if (!e.ok()) return e.status();
    absl::StatusOr<DeliveryStep> step = StepFromProto(e->evenement().statut());
    if (!step.ok()) return step.status();
    return Outcome(service.OnDeliveryStep(origin, e->commande_id(), e->livraison_id(), *step,
                                          e->evenement().commentaire()));
  }
  return absl::OkStatus();  // not for us
}

}  // namespace

std::vector<std::string> OrderConsumerTopics() {
  return {std::string(bus::kTopicPaiements), std::string(bus::kTopicLivraisons)};
}

bus::Handler MakeOrderEventHandler(OrderService& service) {
  return [&service](const bus::Message& m) { return Handle(service, m); };
}

}  // namespace parfumerie::catalog

// Conversions between the delivery domain and parfumerie.v1 messages, shared
// by the event handler and the gRPC adapter.
#pragma once

#include <optional>

#include "delivery/livraison.h"
#include "parfumerie/v1/delivery.pb.h"

namespace parfumerie::delivery {

v1::StatutLivraison ToProto(Statut s);
// nullopt for UNSPECIFIED and unknown values.
std::optional<Statut> FromProto(v1::StatutLivraison s);

void ToProto(const Adresse& in, v1::Adresse* out);
Adresse FromProto(const v1::Adresse& in);

void ToProto(const EvenementSuivi& in, v1::EvenementSuivi* out);
void ToProto(const Livraison& in, v1::Livraison* out);

}  // namespace parfumerie::delivery

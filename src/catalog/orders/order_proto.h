// Conversions between orders and parfumerie.v1 messages, shared by the gRPC
// adapter and the events the orders write.
#pragma once

#include "absl/status/statusor.h"
#include "catalog/orders/commande.h"
#include "parfumerie/v1/catalog.pb.h"
#include "parfumerie/v1/common.pb.h"

namespace parfumerie::catalog {

v1::StatutCommande ToProto(OrderStatus s);
// INVALID_ARGUMENT for UNSPECIFIED or an unknown value, naming `field`.
absl::StatusOr<OrderStatus> OrderStatusFromProto(int value, const char* field);

void ToProto(const Adresse& in, v1::Adresse* out);
Adresse FromProto(const v1::Adresse& in);

void ToProto(const OrderLine& in, v1::LigneCommande* out);
void ToProto(const Commande& in, v1::Commande* out);
void ToProto(Timestamp t, google::protobuf::Timestamp* out);

PlaceOrderInput FromProto(const v1::PlaceOrderRequest& in);

}  // namespace parfumerie::catalog

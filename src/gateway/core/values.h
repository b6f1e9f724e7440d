// The services' messages as the GraphQL values the schema describes: JSON
// objects keyed by GraphQL field names, so the engine's default resolver
// reads plain fields and only fields that call a service need a resolver.
// Money: Float euros at the edge, from integer cents (and the cents beside).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "absl/status/statusor.h"
#include "parfumerie/v1/catalog.pb.h"
#include "parfumerie/v1/delivery.pb.h"
#include "parfumerie/v1/payment.pb.h"

namespace parfumerie::gateway {

boost::json::object ParfumValue(const v1::Parfum& parfum);
boost::json::object CommandeValue(const v1::Commande& commande);
boost::json::object PaiementValue(const v1::Paiement& paiement);
boost::json::object LivraisonValue(const v1::Livraison& livraison);

// RFC 3339 in UTC, exactly as protobuf's TimeUtil::ToString writes it
// ("2026-11-29T10:00:00Z", fractions in 3, 6 or 9 digits when not zero), for
// timestamps from year 1 to 9999; several times faster (no printf).
std::string FormatTimestamp(const google::protobuf::Timestamp& t);

// GraphQL enum value ("FLORAL") of a proto enum value, and back.
std::string EnumName(const google::protobuf::EnumDescriptor* type, int value);
// INVALID_ARGUMENT naming `field` when `name` is not a value of `type`.
absl::StatusOr<int> EnumValue(const google::protobuf::EnumDescriptor* type, std::string_view name,
                              std::string_view field);

// Euros (an input Float) to cents: INVALID_ARGUMENT naming `field` unless
// finite, >= 0, at most 1,000,000 € and with at most two decimals.
absl::StatusOr<int64_t> EurosToCents(double euros, std::string_view field);

// A string argument or input field, if present and not null.
std::optional<std::string> OptionalString(const boost::json::object& object, std::string_view key);
// An Int argument or input field, if present and not null.
std::optional<int64_t> OptionalInt(const boost::json::object& object, std::string_view key);

}  // namespace parfumerie::gateway

// Input rules of orders. Each function returns OK or INVALID_ARGUMENT with a
// message "<field>: <rule>" naming the first field that breaks a rule, e.g.
// "lignes[2].quantite: must be between 1 and 10", "adresse.pays: must be an
// ISO 3166-1 alpha-2 code such as FR".
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "catalog/orders/commande.h"

namespace parfumerie::catalog {

inline constexpr size_t kMaxOrderLines = 20;
// Per perfume, after duplicate lines are merged: a shop, not a wholesaler.
inline constexpr int32_t kMaxQuantitePerLine = 10;
// 100 000 €: an order above this is refused (keeps every sum far from overflow).
inline constexpr int64_t kMaxOrderTotalCents = 10'000'000;
inline constexpr size_t kMaxIdempotencyKeyLength = 255;
inline constexpr size_t kMaxPaymentTokenLength = 255;
inline constexpr size_t kMaxRaisonLength = 500;

// Trims the address fields and the key; merges lines naming the same perfume
// (first occurrence keeps its place, quantities add up).
void NormalizePlaceOrder(PlaceOrderInput& input);

// Expects a normalized input.
absl::Status ValidatePlaceOrder(const PlaceOrderInput& input);
absl::Status ValidateAdresse(const Adresse& a);
absl::Status ValidateIdempotencyKey(std::string_view key);
// Optional cancellation reason: valid UTF-8, no control characters, <= 500.
absl::Status ValidateRaison(std::string_view raison);
absl::Status ValidateOrderQuery(const OrderQuery& query);

bool IsIsoCountryCode(std::string_view code);

// What "same content" means for an idempotency key: a digest (hex SHA-256)
// of the normalized request (client, lines, address, payment token). The
// token itself is never stored, only this digest.
std::string RequestFingerprint(const PlaceOrderInput& normalized);

}  // namespace parfumerie::catalog

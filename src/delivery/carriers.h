// The carriers the shop ships with and their tracking-number formats.
//
// The carrier is a function of the order id, so that two attempts to create
// the same order's delivery (a redelivered event) agree, and the orders spread
// evenly over the carriers. Tracking numbers follow each carrier's public
// format so they look right on the tracking page; they are derived from the
// (random) delivery id, so they are unique in practice and reproducible in tests.
//
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace parfumerie::delivery {

inline constexpr std::string_view kColissimo = "Colissimo";    // 6A + 11 digits
inline constexpr std::string_view kChronopost = "Chronopost";  // 2 letters + 9 digits + FR
inline constexpr std::string_view kDpd = "DPD";                 // 14 digits

std::span<const std::string_view> Carriers();

std::string_view CarrierFor(std::string_view commande_id);

std::string TrackingNumber(std::string_view carrier, std::string_view seed);

}  // namespace parfumerie::delivery

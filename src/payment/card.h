// Card data as the shop may handle it, and its validation before
// tokenisation: Luhn checksum, brand from the IIN ranges, expiry, CVC.
//
// A CardDetails holds the full number and CVC; it lives only for the duration
// of one TokenizeCard call, is handed to the provider, and is never logged,
// stored or put in an event. Everything that outlives the call is a
// CardSummary (brand, last four digits, expiry).
//
// Pure functions, thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace parfumerie::payment {

enum class CardBrand { kVisa, kMastercard, kAmex, kDiscover, kDiners, kJcb, kUnionPay };

// Stable lower-case wire names ("visa", "mastercard", "amex", ...).
std::string_view CardBrandName(CardBrand brand);
std::optional<CardBrand> ParseCardBrand(std::string_view name);

// What the client sends. `number` may contain spaces or dashes between digits.
struct CardDetails {
  std::string number;
  int exp_month = 0;  // 1..12
  int exp_year = 0;   // four digits, or two (20YY)
  std::string cvc;
  std::string holder;  // optional; validated, never kept
};

// What is kept about a card: enough to show it ("Visa •••• 4242") and no more.
struct CardSummary {
  CardBrand brand = CardBrand::kVisa;
  std::string last4;
  int exp_month = 0;
  int exp_year = 0;  // four digits
  friend bool operator==(const CardSummary&, const CardSummary&) = default;
};

// A card that passed validation: the normalised number (digits only), for the
// provider's eyes only, and its summary.
struct ValidatedCard {
  std::string number;
  CardSummary summary;
};

inline constexpr size_t kMaxHolderLength = 100;
// An expiry further away than this is a typo, not a card.
inline constexpr int kMaxYearsAhead = 20;

// Digits of `number` with spaces and dashes removed; nullopt if anything else
// is in it or the length is not 12..19 digits.
std::optional<std::string> NormalizeCardNumber(std::string_view number);

// True when the digits pass the Luhn (mod 10) checksum.
bool LuhnValid(std::string_view digits);

// The brand whose IIN range and length match `digits`, if any.
std::optional<CardBrand> DetectBrand(std::string_view digits);

// Validates `card` against `today` (the civil date decides whether it has
// expired: a card is valid through the last day of its expiry month).
// INVALID_ARGUMENT naming the field and the rule; messages never quote the
// number or the CVC.
absl::StatusOr<ValidatedCard> ValidateCard(const CardDetails& card, std::chrono::year_month_day today);

}  // namespace parfumerie::payment

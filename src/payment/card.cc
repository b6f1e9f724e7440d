#include "payment/card.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace parfumerie::payment {
namespace {

struct BrandInfo {
  CardBrand brand;
  std::string_view name;
};

constexpr std::array<BrandInfo, 7> kBrands = {{
    {CardBrand::kVisa, "visa"},
    {CardBrand::kMastercard, "mastercard"},
    {CardBrand::kAmex, "amex"},
    {CardBrand::kDiscover, "discover"},
    {CardBrand::kDiners, "diners"},
    {CardBrand::kJcb, "jcb"},
    {CardBrand::kUnionPay, "unionpay"},
}};

// The first `n` digits as a number (digits.size() >= n is checked by callers
// through the 12-digit minimum length).
int Prefix(std::string_view digits, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n && i < digits.size(); ++i) v = v * 10 + (digits[i] - '0');
  return v;
}

bool InRange(int v, int lo, int hi) { return v >= lo && v <= hi; }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string_view CardBrandName(CardBrand brand) {
  for (const BrandInfo& b : kBrands) {
    if (b.brand == brand) return b.name;
  }
  return "unknown";
}

std::optional<CardBrand> ParseCardBrand(std::string_view name) {
  for (const BrandInfo& b : kBrands) {
    if (b.name == name) return b.brand;
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeCardNumber(std::string_view number) {
  std::string digits;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '-') {
      return std::nullopt;
    }
  }
  if (digits.size() < 12 || digits.size() > 19) return std::nullopt;
  return digits;
}

bool LuhnValid(std::string_view digits) {
  if (digits.empty() || !AllDigits(digits)) return false;
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<CardBrand> DetectBrand(std::string_view digits) {
  const size_t len = digits.size();
  if (len < 12 || !AllDigits(digits)) return std::nullopt;
  const int p1 = Prefix(digits, 1), p2 = Prefix(digits, 2), p3 = Prefix(digits, 3), p4 = Prefix(digits, 4);
  if ((p2 == 34 || p2 == 37) && len == 15) return CardBrand::kAmex;
  if (p1 == 4 && (len == 13 || len == 16 || len == 19)) return CardBrand::kVisa;
  if ((InRange(p2, 51, 55) || InRange(p4, 2221, 2720)) && len == 16) return CardBrand::kMastercard;
  const bool long_card = len >= 16 && len <= 19;
  if ((p4 == 6011 || InRange(p3, 644, 649) || p2 == 65) && long_card) return CardBrand::kDiscover;
  if (InRange(p4, 3528, 3589) && long_card) return CardBrand::kJcb;
  if ((InRange(p3, 300, 305) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) && len >= 14 && len <= 19) {
    return CardBrand::kDiners;
  }
  if (p2 == 62 && long_card) return CardBrand::kUnionPay;
  return std::nullopt;
}

absl::StatusOr<ValidatedCard> ValidateCard(const CardDetails& card, std::chrono::year_month_day today) {
  std::optional<std::string> digits = NormalizeCardNumber(card.number);
  if (!digits) {
    return absl::InvalidArgumentError("numero: must be 12 to 19 digits (spaces and dashes allowed between them)");
  }
  if (!LuhnValid(*digits)) {
    return absl::InvalidArgumentError("numero: invalid card number (checksum failed); check the digits");
  }
  std::optional<CardBrand> brand = DetectBrand(*digits);
  if (!brand) {
    return absl::InvalidArgumentError(
        "numero: card brand not accepted (visa, mastercard, amex, discover, diners, jcb, unionpay)");
  }
  if (card.exp_month < 1 || card.exp_month > 12) {
    return absl::InvalidArgumentError("mois_expiration: must be 1 to 12");
  }
  int year = card.exp_year;
  if (year >= 0 && year < 100) year += 2000;
  const int this_year = static_cast<int>(today.year());
  const int this_month = static_cast<int>(static_cast<unsigned>(today.month()));
  if (year < this_year || (year == this_year && card.exp_month < this_month)) {
    return absl::InvalidArgumentError("annee_expiration: the card has expired");
  }
  if (year > this_year + kMaxYearsAhead) {
    return absl::InvalidArgumentError(
        absl::StrCat("annee_expiration: more than ", kMaxYearsAhead, " years ahead; check the year"));
  }
  const size_t cvc_length = *brand == CardBrand::kAmex ? 4 : 3;
  if (card.cvc.size() != cvc_length || !AllDigits(card.cvc)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cvc: must be ", cvc_length, " digits for a ", std::string(CardBrandName(*brand)), " card"));
  }
  if (card.holder.size() > kMaxHolderLength) {
    return absl::InvalidArgumentError(absl::StrCat("titulaire: at most ", kMaxHolderLength, " bytes"));
  }
  ValidatedCard out;
  out.summary = CardSummary{*brand, digits->substr(digits->size() - 4), card.exp_month, year};
  out.number = *std::move(digits);
  return out;
}

}  // namespace parfumerie::payment

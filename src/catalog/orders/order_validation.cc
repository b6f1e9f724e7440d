#include "catalog/orders/order_validation.h"

#include <sodium.h>

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "catalog/ids.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

// ISO 3166-1 alpha-2, every officially assigned code (iso-codes 4.x), sorted.
constexpr std::string_view kCountryCodes = "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

void Trim(std::string& s) { s = std::string(TrimAsciiWhitespace(s)); }

absl::Status Invalid(std::string_view field, std::string_view rule) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": ", std::string(rule)));
}

// Valid UTF-8, no control characters, min..max code points.
absl::Status CheckText(std::string_view field, std::string_view value, size_t min, size_t max) {
  const std::optional<size_t> n = CountCodePoints(value);
  if (!n) return Invalid(field, "must be valid UTF-8");
  if (HasControlCharacters(value, false)) return Invalid(field, "must not contain control characters");
  if (*n < min || *n > max) {
    if (min > 0 && *n == 0) return Invalid(field, "must not be empty");
    return Invalid(field, absl::StrCat("must be between ", min, " and ", max, " characters"));
  }
  return absl::OkStatus();
}

bool AllOf(std::string_view s, std::string_view allowed_punct) {
  return std::all_of(s.begin(), s.end(), [&](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           allowed_punct.find(c) != std::string_view::npos;
  });
}

void AppendField(std::string& out, std::string_view s) {
  // Length-prefixed so that no two different inputs concatenate alike.
  absl::StrAppend(&out, s.size(), ":", std::string(s), ";");
}

}  // namespace

void NormalizePlaceOrder(PlaceOrderInput& in) {
  Trim(in.idempotency_key);
  Trim(in.client_id);
  Adresse& a = in.adresse_livraison;
  for (std::string* f : {&a.nom_complet, &a.ligne1, &a.ligne2, &a.code_postal, &a.ville, &a.pays, &a.telephone}) {
    Trim(*f);
  }
  std::vector<RequestedLine> merged;
  std::unordered_map<std::string, size_t> index;
  for (RequestedLine& l : in.lignes) {
    Trim(l.parfum_id);
    auto [it, inserted] = index.emplace(l.parfum_id, merged.size());
    if (inserted) {
      merged.push_back(std::move(l));
    } else {
      // Saturate rather than overflow; validation refuses the result anyway.
      const int64_t sum = int64_t{merged[it->second].quantite} + l.quantite;
      merged[it->second].quantite = static_cast<int32_t>(std::clamp<int64_t>(sum, INT32_MIN, INT32_MAX));
    }
  }
  in.lignes = std::move(merged);
}

absl::Status ValidateIdempotencyKey(std::string_view key) {
  if (key.size() > kMaxIdempotencyKeyLength) {
    return Invalid("idempotency_key", absl::StrCat("must be at most ", kMaxIdempotencyKeyLength, " characters"));
  }
  if (!std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; })) {
    return Invalid("idempotency_key", "must be printable ASCII without spaces");
  }
  return absl::OkStatus();
}

absl::Status ValidateAdresse(const Adresse& a) {
  if (auto s = CheckText("adresse.nom_complet", a.nom_complet, 1, 100); !s.ok()) return s;
  if (auto s = CheckText("adresse.ligne1", a.ligne1, 1, 200); !s.ok()) return s;
  if (auto s = CheckText("adresse.ligne2", a.ligne2, 0, 200); !s.ok()) return s;
  if (a.code_postal.empty() || a.code_postal.size() > 16 || !AllOf(a.code_postal, " -")) {
    return Invalid("adresse.code_postal", "must be 1 to 16 letters, digits, spaces or hyphens");
  }
  if (auto s = CheckText("adresse.ville", a.ville, 1, 100); !s.ok()) return s;
  if (!IsIsoCountryCode(a.pays)) {
    return Invalid("adresse.pays", "must be an ISO 3166-1 alpha-2 code such as FR");
  }
  const bool phone_chars = std::all_of(a.telephone.begin(), a.telephone.end(), [](char c) {
    return (c >= '0' && c <= '9') || std::string_view(" +-.()").find(c) != std::string_view::npos;
  });
  if (a.telephone.size() > 32 || !phone_chars) {
    return Invalid("adresse.telephone", "must be at most 32 digits, spaces and + - . ( )");
  }
  return absl::OkStatus();
}

absl::Status ValidatePlaceOrder(const PlaceOrderInput& in) {
  if (auto s = ValidateIdempotencyKey(in.idempotency_key); !s.ok()) return s;
  if (!IsWellFormedId(in.client_id)) return Invalid("client_id", "must be a well-formed id");
  if (in.lignes.empty()) return Invalid("lignes", "an order needs at least one line");
  if (in.lignes.size() > kMaxOrderLines) {
    return Invalid("lignes", absl::StrCat("at most ", kMaxOrderLines, " different perfumes per order"));
  }
  for (size_t i = 0; i < in.lignes.size(); ++i) {
    const RequestedLine& l = in.lignes[i];
    if (!IsWellFormedId(l.parfum_id)) {
      return Invalid(absl::StrCat("lignes[", i, "].parfum_id"), "must be a well-formed id");
    }
    if (l.quantite < 1 || l.quantite > kMaxQuantitePerLine) {
      return Invalid(absl::StrCat("lignes[", i, "].quantite"),
                     absl::StrCat("must be between 1 and ", kMaxQuantitePerLine, " per perfume"));
    }
  }
  if (auto s = ValidateAdresse(in.adresse_livraison); !s.ok()) return s;
  if (in.payment_method_token.empty() || in.payment_method_token.size() > kMaxPaymentTokenLength ||
      !AllOf(in.payment_method_token, "_-.:")) {
    return Invalid("payment_method_token", "must be the token the payment service returned");
  }
  return absl::OkStatus();
}

absl::Status ValidateRaison(std::string_view raison) { return CheckText("raison", raison, 0, kMaxRaisonLength); }

absl::Status ValidateOrderQuery(const OrderQuery& q) {
  if (!q.client_id.empty() && !IsWellFormedId(q.client_id)) return Invalid("client_id", "must be a well-formed id");
  if (q.limit < 1 || q.limit > kMaxPageSize) {
    return Invalid("page_size", absl::StrCat("must be between 1 and ", kMaxPageSize));
  }
  return absl::OkStatus();
}

bool IsIsoCountryCode(std::string_view code) {
  if (code.size() != 2) return false;
  for (size_t i = 0; i + 1 < kCountryCodes.size(); i += 2) {
    if (kCountryCodes.substr(i, 2) == code) return true;
  }
  return false;
}

std::string RequestFingerprint(const PlaceOrderInput& in) {
  std::string canonical = "v1;";
  AppendField(canonical, in.client_id);
  for (const RequestedLine& l : in.lignes) {
    AppendField(canonical, l.parfum_id);
    AppendField(canonical, absl::StrCat(l.quantite));
  }
  const Adresse& a = in.adresse_livraison;
  for (const std::string* f : {&a.nom_complet, &a.ligne1, &a.ligne2, &a.code_postal, &a.ville, &a.pays, &a.telephone}) {
    AppendField(canonical, *f);
  }
  AppendField(canonical, in.payment_method_token);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace parfumerie::catalog

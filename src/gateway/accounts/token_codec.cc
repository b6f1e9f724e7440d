#include "gateway/accounts/token_codec.h"

#include <jwt.h>
#include <sodium.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace parfumerie::gateway::accounts {
namespace {

struct JwtFree {
  void operator()(jwt_t* j) const { jwt_free(j); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CharFree {
  void operator()(char* p) const { std::free(p); }
};

int64_t ToUnixSeconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

Timestamp FromUnixSeconds(int64_t s) { return Timestamp(std::chrono::seconds(s)); }

absl::Status Unauthenticated(std::string_view why) {
  return absl::UnauthenticatedError(
      absl::StrCat("token: ", absl::string_view(why.data(), why.size())));
}

// A string claim, or nullopt when absent or not a string.
std::optional<std::string> StringClaim(jwt_t* j, const char* name) {
  const char* v = jwt_get_grant(j, name);
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

// An integer claim, or nullopt when absent or not an integer. Read from the
// claim's JSON: libjwt's jwt_get_grant_int answers 0 for a string or a float
// without saying so.
std::optional<int64_t> IntClaim(jwt_t* j, const char* name) {
  std::unique_ptr<char, CharFree> json(jwt_get_grants_json(j, name));
  if (!json) return std::nullopt;
  absl::string_view digits(json.get());
  absl::ConsumePrefix(&digits, "-");
  if (digits.empty() || digits.find_first_not_of("0123456789") != absl::string_view::npos)
    return std::nullopt;
  int64_t v = 0;
  if (!absl::SimpleAtoi(absl::string_view(json.get()), &v)) return std::nullopt;
  return v;
}

}  // namespace

absl::StatusOr<TokenCodec> TokenCodec::Create(TokenOptions options) {
  if (options.secret.size() < kMinTokenSecretBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("jwt-secret: at least ", kMinTokenSecretBytes,
                     " bytes; leave it unset to draw a random one at start"));
  }
  if (options.ttl < std::chrono::seconds(1))
    return absl::InvalidArgumentError("token-ttl: at least one second");
  if (options.issuer.empty()) return absl::InvalidArgumentError("token issuer: required");
  return TokenCodec(std::move(options));
}

Timestamp TokenCodec::Now() const {
  return options_.clock ? options_.clock() : std::chrono::system_clock::now();
}

absl::StatusOr<IssuedToken> TokenCodec::Issue(const Principal& principal) const {
  const int64_t iat = ToUnixSeconds(Now());
  const int64_t exp = iat + options_.ttl.count();
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) return absl::InternalError("token: libjwt could not allocate a token");
  JwtPtr j(raw);
  const std::string role(RoleName(principal.role));
  int rc = jwt_add_grant(j.get(), "sub", principal.account_id.c_str());
  if (rc == 0) rc = jwt_add_grant(j.get(), "role", role.c_str());
  if (rc == 0) rc = jwt_add_grant(j.get(), "email", principal.email.c_str());
  if (rc == 0) rc = jwt_add_grant(j.get(), "iss", options_.issuer.c_str());
  if (rc == 0) rc = jwt_add_grant_int(j.get(), "iat", static_cast<long>(iat));
  if (rc == 0) rc = jwt_add_grant_int(j.get(), "exp", static_cast<long>(exp));
  if (rc == 0) {
    rc = jwt_set_alg(j.get(), JWT_ALG_HS256,
                     reinterpret_cast<const unsigned char*>(options_.secret.data()),
                     static_cast<int>(options_.secret.size()));
  }
  if (rc != 0)
    return absl::InternalError(
        absl::StrCat("token: libjwt could not build the token (error ", rc, ")"));
  std::unique_ptr<char, CharFree> encoded(jwt_encode_str(j.get()));
  if (!encoded) return absl::InternalError("token: libjwt could not encode the token");
  return IssuedToken{std::string(encoded.get()), FromUnixSeconds(exp)};
}

absl::StatusOr<TokenClaims> TokenCodec::Verify(std::string_view token) const {
  if (token.empty()) return Unauthenticated("missing; sign in to get one");
  if (token.size() > kMaxTokenBytes) return Unauthenticated("malformed (too long)");
  const std::string str(token);

  // First pass without a key: libjwt then only parses, which tells a
  // malformed token from a forged one and shows the header's algorithm
  // before any key is used with it.
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, str.c_str(), nullptr, 0) != 0 || raw == nullptr) {
    return Unauthenticated("malformed (not a JWT); sign in again");
  }
  JwtPtr parsed(raw);
  // The header's own words: without a key, libjwt reports every token as
  // `none` (unverified), whatever its header says.
  const char* alg = jwt_get_header(parsed.get(), "alg");
  if (alg == nullptr || std::string_view(alg) != "HS256") {
    return Unauthenticated(
        absl::StrCat("algorithm ", alg ? alg : "(missing)", " is not accepted (HS256 only)"));
  }
  parsed.reset();

  raw = nullptr;
  if (jwt_decode(&raw, str.c_str(), reinterpret_cast<const unsigned char*>(options_.secret.data()),
                 static_cast<int>(options_.secret.size())) != 0 ||
      raw == nullptr) {
    return Unauthenticated("invalid signature; sign in again");
  }
  JwtPtr j(raw);
  // The verified token's algorithm, again: the pin must hold for the bytes
  // that were checked, not only for the first parse.
  if (jwt_get_alg(j.get()) != JWT_ALG_HS256)
    return Unauthenticated("algorithm is not accepted (HS256 only)");

  if (StringClaim(j.get(), "iss") != options_.issuer)
    return Unauthenticated("issued by another issuer");
  const std::optional<int64_t> exp = IntClaim(j.get(), "exp");
  const std::optional<int64_t> iat = IntClaim(j.get(), "iat");
  if (!exp || !iat) return Unauthenticated("claims exp and iat must be integers");
  if (ToUnixSeconds(Now()) >= *exp) return Unauthenticated("expired; sign in again");

  std::optional<std::string> sub = StringClaim(j.get(), "sub");
  std::optional<std::string> email = StringClaim(j.get(), "email");
  std::optional<std::string> role_name = StringClaim(j.get(), "role");
  if (!sub || sub->empty() || !email || !role_name)
    return Unauthenticated("claims sub, email and role are required");
  std::optional<Role> role = ParseRole(*role_name);
  if (!role) return Unauthenticated("unknown role");
  TokenClaims claims;
  claims.principal = Principal{*std::move(sub), *std::move(email), *role};
  claims.issued_at = FromUnixSeconds(*iat);
  claims.expires_at = FromUnixSeconds(*exp);
  return claims;
}

std::string GenerateTokenSecret() {
  // Fails only without a usable entropy source: no secret can be drawn then,
  // and a predictable one would let anyone forge tokens.
  if (sodium_init() < 0) std::abort();
  unsigned char bytes[48];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  return std::string(out);
}

}  // namespace parfumerie::gateway::accounts

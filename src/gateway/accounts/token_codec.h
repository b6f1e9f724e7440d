// Bearer tokens: JWTs signed with HS256 through libjwt.
//
// Claims: sub (account id), role, email, iat and exp (Unix seconds), iss
// ("parfumerie"). Verification checks, in order: the token parses, its
// header's alg is exactly HS256 (`none` and every other algorithm are
// refused whatever the signature says), the signature under the secret, the
// issuer, the expiry against the injected clock, and the claims' types. A
// token is valid until exp: signing out, a password change or a role change
// do not revoke the tokens already issued (keep the TTL short).
//
// Thread-safe (immutable after Create); no I/O.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gateway/accounts/account.h"

namespace parfumerie::gateway::accounts {

inline constexpr size_t kMinTokenSecretBytes = 32;  // HS256's key is 256 bits
inline constexpr std::string_view kTokenIssuer = "parfumerie";
inline constexpr std::chrono::seconds kDefaultTokenTtl = std::chrono::hours(1);
// Longer "tokens" are refused before any parsing.
inline constexpr size_t kMaxTokenBytes = 4096;

struct TokenOptions {
  // The HMAC key, at least kMinTokenSecretBytes bytes, used as is (bytes).
  std::string secret;
  std::chrono::seconds ttl = kDefaultTokenTtl;
  std::string issuer = std::string(kTokenIssuer);
  // Default: the system clock. Called from any thread.
  std::function<Timestamp()> clock;
};

// What a token says.
struct TokenClaims {
  Principal principal;
  Timestamp issued_at;   // whole seconds
  Timestamp expires_at;  // whole seconds
  friend bool operator==(const TokenClaims&, const TokenClaims&) = default;
};

// A token and when it stops being accepted.
struct IssuedToken {
  std::string token;
  Timestamp expires_at;
};

class TokenCodec {
 public:
  // INVALID_ARGUMENT "jwt-secret: ..." for a secret shorter than
  // kMinTokenSecretBytes; "token-ttl: ..." for a TTL under one second.
  static absl::StatusOr<TokenCodec> Create(TokenOptions options);

  // A token for `principal`, issued now and valid for the TTL. INTERNAL if
  // libjwt fails (out of memory).
  absl::StatusOr<IssuedToken> Issue(const Principal& principal) const;

  // The claims of a valid token; UNAUTHENTICATED "token: ..." saying why
  // not: malformed, algorithm not accepted, invalid signature, wrong issuer,
  // expired, or claims missing.
  absl::StatusOr<TokenClaims> Verify(std::string_view token) const;

  std::chrono::seconds ttl() const { return options_.ttl; }

 private:
  explicit TokenCodec(TokenOptions options) : options_(std::move(options)) {}
  Timestamp Now() const;

  TokenOptions options_;
};

// 64 characters of URL-safe base64 from 48 bytes of libsodium's CSPRNG: a
// secret for when none is configured (the all-in-one demo). Tokens signed
// with it stop being valid when the process restarts, since the next start
// draws another.
std::string GenerateTokenSecret();

}  // namespace parfumerie::gateway::accounts

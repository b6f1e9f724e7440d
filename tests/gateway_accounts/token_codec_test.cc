// JWT bearer tokens: what is accepted, and every way a token is refused.
#include "gateway/accounts/token_codec.h"

#include <jwt.h>
#include <sodium.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace parfumerie::gateway::accounts {
namespace {

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-test";
constexpr int64_t kStart = 1'800'000'000;  // seconds

std::string Base64Url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the NUL
  return out;
}

// A token signed with libjwt as an attacker or a buggy issuer would make it.
std::string SignWith(jwt_alg_t alg, std::string_view key, const std::string& grants_json) {
  jwt_t* j = nullptr;
  EXPECT_EQ(jwt_new(&j), 0);
  EXPECT_EQ(jwt_add_grants_json(j, grants_json.c_str()), 0);
  EXPECT_EQ(jwt_set_alg(j, alg, reinterpret_cast<const unsigned char*>(key.data()),
                        static_cast<int>(key.size())),
            0);
  char* s = jwt_encode_str(j);
  std::string out = s ? s : "";
  std::free(s);
  jwt_free(j);
  return out;
}

std::string Claims(int64_t exp, const std::string& role = "ADMIN",
                   const std::string& iss = "parfumerie") {
  return absl::StrCat(R"({"sub":"cpt_1","email":"a@exemple.fr","role":")", role, R"(","iss":")",
                      iss, R"(","iat":)", kStart, R"(,"exp":)", exp, "}");
}

class TokenCodecTest : public ::testing::Test {
 protected:
  TokenCodec Codec(std::string secret = kSecret, std::string issuer = "parfumerie") {
    TokenOptions o;
    o.secret = std::move(secret);
    o.issuer = std::move(issuer);
    o.ttl = std::chrono::seconds(3600);
    o.clock = [this] { return Timestamp(std::chrono::seconds(now_.load())); };
    auto codec = TokenCodec::Create(std::move(o));
    EXPECT_TRUE(codec.ok()) << codec.status();
    return *std::move(codec);
  }

  void ExpectRefused(const TokenCodec& codec, const std::string& token, const std::string& why) {
    auto claims = codec.Verify(token);
    EXPECT_TRUE(absl::IsUnauthenticated(claims.status())) << claims.status();
    EXPECT_TRUE(absl::StartsWith(claims.status().message(), "token: ")) << claims.status();
    EXPECT_NE(claims.status().message().find(why), absl::string_view::npos) << claims.status();
  }

  const Principal principal_{"cpt_abc", "camille@exemple.fr", Role::kClient};
  std::atomic<int64_t> now_{kStart};
};

TEST_F(TokenCodecTest, IssuedTokenVerifiesToItsClaims) {
  const TokenCodec codec = Codec();
  auto issued = codec.Issue(principal_);
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->expires_at, Timestamp(std::chrono::seconds(kStart + 3600)));
  auto claims = codec.Verify(issued->token);
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->principal, principal_);
  EXPECT_EQ(claims->issued_at, Timestamp(std::chrono::seconds(kStart)));
  EXPECT_EQ(claims->expires_at, issued->expires_at);
}

TEST_F(TokenCodecTest, HeaderSaysHs256AndBodyHasTheClaims) {
  auto issued = Codec().Issue(principal_);
  ASSERT_TRUE(issued.ok());
  jwt_t* j = nullptr;
  ASSERT_EQ(jwt_decode(&j, issued->token.c_str(), reinterpret_cast<const unsigned char*>(kSecret),
                       static_cast<int>(sizeof kSecret - 1)),
            0);
  EXPECT_EQ(jwt_get_alg(j), JWT_ALG_HS256);
  EXPECT_STREQ(jwt_get_grant(j, "sub"), "cpt_abc");
  EXPECT_STREQ(jwt_get_grant(j, "role"), "CLIENT");
  EXPECT_STREQ(jwt_get_grant(j, "email"), "camille@exemple.fr");
  EXPECT_STREQ(jwt_get_grant(j, "iss"), "parfumerie");
  EXPECT_EQ(jwt_get_grant_int(j, "iat"), kStart);
  EXPECT_EQ(jwt_get_grant_int(j, "exp"), kStart + 3600);
  jwt_free(j);
}

TEST_F(TokenCodecTest, ExpiresAtExp) {
  const TokenCodec codec = Codec();
  const std::string token = codec.Issue(principal_)->token;
  now_ = kStart + 3599;
  EXPECT_TRUE(codec.Verify(token).ok());
  now_ = kStart + 3600;
  ExpectRefused(codec, token, "expired");
  now_ = kStart + 100'000;
  ExpectRefused(codec, token, "expired");
}

TEST_F(TokenCodecTest, TamperedSignatureOrBodyIsRefused) {
  const TokenCodec codec = Codec();
  const std::string token = codec.Issue(principal_)->token;
  std::vector<std::string> parts = absl::StrSplit(token, '.');
  ASSERT_EQ(parts.size(), 3u);

  std::string sig = parts[2];
  sig[10] = sig[10] == 'A' ? 'B' : 'A';
  ExpectRefused(codec, absl::StrCat(parts[0], ".", parts[1], ".", sig), "invalid signature");

  // Promote oneself to ADMIN, keeping the original signature.
  const std::string forged_body =
      Base64Url(absl::StrCat(R"({"email":"camille@exemple.fr","exp":)", kStart + 3600, R"(,"iat":)",
                             kStart, R"(,"iss":"parfumerie","role":"ADMIN","sub":"cpt_abc"})"));
  ExpectRefused(codec, absl::StrCat(parts[0], ".", forged_body, ".", parts[2]),
                "invalid signature");
  ExpectRefused(codec, absl::StrCat(parts[0], ".", parts[1], "."), "invalid signature");
}

TEST_F(TokenCodecTest, AlgNoneIsRefused) {
  const TokenCodec codec = Codec();
  const std::string header = Base64Url(R"({"alg":"none","typ":"JWT"})");
  const std::string body = Base64Url(Claims(kStart + 3600));
  ExpectRefused(codec, header + "." + body + ".", "algorithm none is not accepted");
  ExpectRefused(codec, header + "." + body + "." + Base64Url("anything"), "not accepted");
  // Spelled otherwise: unknown to libjwt, so not even a JWT.
  const std::string none_caps = Base64Url(R"({"alg":"None","typ":"JWT"})");
  EXPECT_TRUE(absl::IsUnauthenticated(codec.Verify(none_caps + "." + body + ".").status()));
}

TEST_F(TokenCodecTest, OtherHmacAlgorithmsWithTheRightSecretAreRefused) {
  const TokenCodec codec = Codec();
  for (jwt_alg_t alg : {JWT_ALG_HS384, JWT_ALG_HS512}) {
    ExpectRefused(codec, SignWith(alg, kSecret, Claims(kStart + 3600)),
                  "is not accepted (HS256 only)");
  }
  // The same claims with HS256 pass: only the algorithm was wrong.
  EXPECT_TRUE(codec.Verify(SignWith(JWT_ALG_HS256, kSecret, Claims(kStart + 3600))).ok());
}

TEST_F(TokenCodecTest, WrongSecretIsAnInvalidSignature) {
  const std::string token = Codec("another secret of thirty-two bytes!!").Issue(principal_)->token;
  ExpectRefused(Codec(), token, "invalid signature");
}

TEST_F(TokenCodecTest, WrongIssuerIsRefused) {
  const std::string token = Codec(kSecret, "boutique-voisine").Issue(principal_)->token;
  ExpectRefused(Codec(), token, "another issuer");
  ExpectRefused(Codec(), SignWith(JWT_ALG_HS256, kSecret, Claims(kStart + 3600, "ADMIN", "")),
                "another issuer");
}

TEST_F(TokenCodecTest, MissingOrBadClaimsAreRefused) {
  const TokenCodec codec = Codec();
  ExpectRefused(codec, SignWith(JWT_ALG_HS256, kSecret, R"({"sub":"cpt_1","iss":"parfumerie"})"),
                "exp and iat");
  ExpectRefused(codec, SignWith(JWT_ALG_HS256, kSecret, Claims(kStart + 3600, "ROOT")),
                "unknown role");
  ExpectRefused(codec,
                SignWith(JWT_ALG_HS256, kSecret,
                         absl::StrCat(R"({"iss":"parfumerie","role":"CLIENT","iat":1,"exp":)",
                                      kStart + 10, "}")),
                "sub, email and role");
  ExpectRefused(
      codec,
      SignWith(JWT_ALG_HS256, kSecret,
               absl::StrCat(
                   R"({"sub":"x","email":"e","role":"CLIENT","iss":"parfumerie","iat":1,"exp":")",
                   kStart + 10, "\"}")),
      "exp and iat");
  ExpectRefused(
      codec,
      SignWith(JWT_ALG_HS256, kSecret,
               absl::StrCat(
                   R"({"sub":"x","email":"e","role":"CLIENT","iss":"parfumerie","iat":true,"exp":)",
                   kStart + 10.5, "}")),
      "exp and iat");
}

TEST_F(TokenCodecTest, MalformedTokensAreRefused) {
  const TokenCodec codec = Codec();
  ExpectRefused(codec, "", "missing");
  ExpectRefused(codec, "garbage", "malformed");
  ExpectRefused(codec, "a.b.c", "malformed");
  ExpectRefused(codec, Base64Url("{}") + "." + Base64Url("{}") + ".", "malformed");  // no alg
  ExpectRefused(codec, std::string(kMaxTokenBytes + 1, 'a'), "too long");
}

TEST_F(TokenCodecTest, ShortSecretOrTtlIsRefusedNamingTheSetting) {
  TokenOptions o;
  o.secret = std::string(kMinTokenSecretBytes - 1, 'k');
  auto codec = TokenCodec::Create(o);
  EXPECT_TRUE(absl::IsInvalidArgument(codec.status()));
  EXPECT_TRUE(absl::StartsWith(codec.status().message(), "jwt-secret:")) << codec.status();
  o.secret = std::string(kMinTokenSecretBytes, 'k');
  EXPECT_TRUE(TokenCodec::Create(o).ok());
  o.ttl = std::chrono::seconds(0);
  EXPECT_TRUE(absl::StartsWith(TokenCodec::Create(o).status().message(), "token-ttl:"));
}

TEST_F(TokenCodecTest, GeneratedSecretsAreLongRandomAndUsable) {
  const std::string a = GenerateTokenSecret();
  const std::string b = GenerateTokenSecret();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  const TokenCodec codec = Codec(a);
  EXPECT_TRUE(codec.Verify(codec.Issue(principal_)->token).ok());
  // A restart draws another secret: earlier tokens no longer verify.
  ExpectRefused(Codec(b), codec.Issue(principal_)->token, "invalid signature");
}

}  // namespace
}  // namespace parfumerie::gateway::accounts

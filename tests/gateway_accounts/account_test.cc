// What people type: email normalisation, the password policy, the nom.
#include "gateway/accounts/account.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace parfumerie::gateway::accounts {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

void ExpectInvalid(const absl::Status& s, const std::string& field) {
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  EXPECT_TRUE(absl::StartsWith(s.message(), absl::StrCat(field, ": "))) << s;
}

TEST(NormalizeEmailTest, TrimsAndLowercases) {
  EXPECT_EQ(*NormalizeEmail("  Camille.Martin+Parfums@Exemple.FR \t\n"),
            "camille.martin+parfums@exemple.fr");
  EXPECT_EQ(*NormalizeEmail("a@b.co"), "a@b.co");
  // Only ASCII letters fold; other characters are kept as typed.
  EXPECT_EQ(*NormalizeEmail("ÉLOÏSE@Exemple.fr"), "ÉloÏse@exemple.fr");
}

TEST(NormalizeEmailTest, RefusesWhatIsNotAnAddress) {
  for (std::string_view bad :
       {"", "   ", "camille", "camille@exemple", "a@@exemple.fr", "a@b@exemple.fr", "@exemple.fr",
        "a@.fr", "a@exemple..fr", "a@exemple.fr.", "a b@exemple.fr", "a@exem ple.fr",
        "<a@exemple.fr>", "a,b@exemple.fr", "a\x01@exemple.fr", "a\xff@exemple.fr"}) {
    ExpectInvalid(NormalizeEmail(bad).status(), "email");
  }
}

TEST(NormalizeEmailTest, LengthLimits) {
  const std::string local64 = Repeat("a", 64);
  EXPECT_TRUE(NormalizeEmail(local64 + "@exemple.fr").ok());
  ExpectInvalid(NormalizeEmail(local64 + "a@exemple.fr").status(), "email");
  const std::string domain =
      Repeat("d", 63) + "." + Repeat("d", 63) + "." + Repeat("d", 63) + ".fr";  // 194
  const std::string at_limit =
      Repeat("a", 254 - 1 - static_cast<int>(domain.size())) + "@" + domain;
  ASSERT_EQ(at_limit.size(), kMaxEmailBytes);
  EXPECT_TRUE(NormalizeEmail(at_limit).ok());
  ExpectInvalid(NormalizeEmail("a" + at_limit).status(), "email");
  // Surrounding spaces do not count.
  EXPECT_TRUE(NormalizeEmail("   " + at_limit + "   ").ok());
}

TEST(PasswordPolicyTest, EightToOneHundredTwentyEightCodePoints) {
  ExpectInvalid(CheckPasswordPolicy(""), "password");
  ExpectInvalid(CheckPasswordPolicy("1234567"), "password");
  EXPECT_TRUE(CheckPasswordPolicy("12345678").ok());
  EXPECT_TRUE(CheckPasswordPolicy(Repeat("x", 128)).ok());
  ExpectInvalid(CheckPasswordPolicy(Repeat("x", 129)), "password");
  EXPECT_NE(CheckPasswordPolicy("1234567").message().find("at least 8"), std::string::npos);
  EXPECT_NE(CheckPasswordPolicy(Repeat("x", 129)).message().find("at most 128"), std::string::npos);
}

TEST(PasswordPolicyTest, CountsCodePointsNotBytes) {
  ExpectInvalid(CheckPasswordPolicy(Repeat("é", 7)), "password");  // 14 bytes, 7 characters
  EXPECT_TRUE(CheckPasswordPolicy(Repeat("é", 8)).ok());
  EXPECT_TRUE(CheckPasswordPolicy(Repeat("€", 128)).ok());  // 384 bytes
  EXPECT_TRUE(CheckPasswordPolicy(Repeat("🌸", 128)).ok());  // 512 bytes
  ExpectInvalid(CheckPasswordPolicy(Repeat("€", 129)), "password");
}

TEST(PasswordPolicyTest, TakesPasswordsAsTypedButRefusesInvalidUtf8) {
  EXPECT_TRUE(CheckPasswordPolicy("  spaces  ").ok());  // never trimmed
  EXPECT_TRUE(CheckPasswordPolicy(std::string("with\0nul!", 9)).ok());
  ExpectInvalid(CheckPasswordPolicy("12345678\xff"), "password");
  ExpectInvalid(CheckPasswordPolicy("12345678\xc0\xaf"), "password");      // overlong '/'
  ExpectInvalid(CheckPasswordPolicy("12345678\xed\xa0\x80"), "password");  // surrogate
  ExpectInvalid(CheckPasswordPolicy("12345678\xe2\x82"), "password");      // truncated
}

TEST(NormalizeNomTest, TrimsAndBounds) {
  EXPECT_EQ(*NormalizeNom("  Éloïse Dupont "), "Éloïse Dupont");
  ExpectInvalid(NormalizeNom("   ").status(), "nom");
  EXPECT_TRUE(NormalizeNom(Repeat("é", kMaxNomChars)).ok());
  ExpectInvalid(NormalizeNom(Repeat("é", kMaxNomChars + 1)).status(), "nom");
  ExpectInvalid(NormalizeNom("a\nb").status(), "nom");
  ExpectInvalid(NormalizeNom("\xff").status(), "nom");
}

TEST(RoleTest, NamesRoundTrip) {
  for (Role r : {Role::kClient, Role::kAdmin}) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_EQ(RoleName(Role::kAdmin), "ADMIN");
  EXPECT_FALSE(ParseRole("admin").has_value());
}

}  // namespace
}  // namespace parfumerie::gateway::accounts

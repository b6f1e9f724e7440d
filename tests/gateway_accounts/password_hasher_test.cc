// argon2id through libsodium, with the cheapest limits to stay fast.
#include "gateway/accounts/password_hasher.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace parfumerie::gateway::accounts {
namespace {

std::unique_ptr<PasswordHasher> Hasher(Argon2Limits limits = Argon2Limits::Fastest()) {
  auto h = MakeArgon2idHasher(limits);
  EXPECT_TRUE(h.ok()) << h.status();
  return *std::move(h);
}

TEST(PasswordHasherTest, HashRoundTripsAndRefusesAWrongPassword) {
  auto hasher = Hasher();
  auto hash = hasher->Hash("jasmin et vétiver");
  ASSERT_TRUE(hash.ok()) << hash.status();
  EXPECT_TRUE(absl::StartsWith(*hash, "$argon2id$v=19$m=8,t=1,p=1$")) << *hash;
  EXPECT_EQ(hash->find("jasmin"), std::string::npos);
  EXPECT_TRUE(hasher->Verify(*hash, "jasmin et vétiver"));
  EXPECT_FALSE(hasher->Verify(*hash, "jasmin et vetiver"));
  EXPECT_FALSE(hasher->Verify(*hash, ""));
  EXPECT_FALSE(hasher->NeedsRehash(*hash));
}

TEST(PasswordHasherTest, EverySaltIsFresh) {
  auto hasher = Hasher();
  EXPECT_NE(*hasher->Hash("même mot de passe"), *hasher->Hash("même mot de passe"));
}

TEST(PasswordHasherTest, EveryByteOfThePasswordCounts) {
  auto hasher = Hasher();
  const std::string with_nul("abcd\0efgh", 9);
  auto hash = hasher->Hash(with_nul);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hasher->Verify(*hash, with_nul));
  EXPECT_FALSE(hasher->Verify(*hash, "abcd"));
}

TEST(PasswordHasherTest, OtherLimitsOrAlgorithmsNeedARehash) {
  auto fast = Hasher();
  auto stronger = Hasher({2, kArgon2MemLimitMin * 2});
  auto old_hash = fast->Hash("rose de mai");
  ASSERT_TRUE(old_hash.ok());
  EXPECT_TRUE(stronger->NeedsRehash(*old_hash));
  EXPECT_TRUE(stronger->Verify(*old_hash, "rose de mai"));  // the limits travel with the hash
  // argon2i (an older default) and garbage: rehash; garbage never verifies.
  EXPECT_TRUE(fast->NeedsRehash("$argon2i$v=19$m=8,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"));
  EXPECT_TRUE(fast->NeedsRehash("not a hash"));
  EXPECT_FALSE(fast->Verify("not a hash", "rose de mai"));
  EXPECT_FALSE(fast->Verify("", ""));
}

TEST(PasswordHasherTest, LimitsOutsideArgon2idsRangeAreRefused) {
  auto ops = MakeArgon2idHasher({0, kArgon2MemLimitMin});
  EXPECT_TRUE(absl::IsInvalidArgument(ops.status()));
  EXPECT_TRUE(absl::StartsWith(ops.status().message(), "argon2-opslimit:")) << ops.status();
  auto mem = MakeArgon2idHasher({1, kArgon2MemLimitMin - 1});
  EXPECT_TRUE(absl::IsInvalidArgument(mem.status()));
  EXPECT_TRUE(absl::StartsWith(mem.status().message(), "argon2-memlimit:")) << mem.status();
}

TEST(PasswordHasherTest, DefaultsAreLibsodiumsInteractiveLimits) {
  const Argon2Limits defaults;
  EXPECT_EQ(defaults.opslimit, kArgon2OpsLimitInteractive);
  EXPECT_EQ(defaults.memlimit, kArgon2MemLimitInteractive);
  EXPECT_TRUE(MakeArgon2idHasher(defaults).ok());
}

}  // namespace
}  // namespace parfumerie::gateway::accounts

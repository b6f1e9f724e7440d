// The account service over the in-memory store, a counting argon2id hasher
// with the cheapest limits, and a fixed clock.
#include "gateway/accounts/account_service.h"

#include <atomic>
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "memory_account_store.h"

namespace parfumerie::gateway::accounts::testing {
namespace {

constexpr char kSecret[] = "a test secret that is long enough, really";
constexpr int64_t kStart = 1'800'000'000;  // seconds

// Forwards to argon2id and counts the calls: what a sign-in does is visible.
class CountingHasher : public PasswordHasher {
 public:
  explicit CountingHasher(Argon2Limits limits = Argon2Limits::Fastest())
      : inner_(*MakeArgon2idHasher(limits)) {}
  absl::StatusOr<std::string> Hash(std::string_view password) override {
    ++hashes;
    return inner_->Hash(password);
  }
  bool Verify(std::string_view encoded, std::string_view password) override {
    ++verifies;
    return inner_->Verify(encoded, password);
  }
  bool NeedsRehash(std::string_view encoded) override { return inner_->NeedsRehash(encoded); }

  std::atomic<int> hashes{0};
  std::atomic<int> verifies{0};

 private:
  std::unique_ptr<PasswordHasher> inner_;
};

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TokenOptions o;
    o.secret = kSecret;
    o.ttl = std::chrono::seconds(600);
    o.clock = [this] { return Timestamp(std::chrono::seconds(now_.load())); };
    auto codec = TokenCodec::Create(std::move(o));
    ASSERT_TRUE(codec.ok()) << codec.status();
    AccountServiceOptions options;
    options.clock = [this] { return Timestamp(std::chrono::seconds(now_.load())); };
    service_ = std::make_unique<AccountService>(store_, hasher_, *std::move(codec), options);
  }

  Session MustSignUp(std::string_view email, std::string_view password,
                     std::string_view nom = "Camille") {
    auto s = service_->SignUp(email, password, nom);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.value_or(Session{});
  }

  static void ExpectStatus(const absl::Status& s, absl::StatusCode code,
                           const std::string& prefix) {
    EXPECT_EQ(s.code(), code) << s;
    EXPECT_TRUE(absl::StartsWith(s.message(), prefix)) << s;
  }

  std::atomic<int64_t> now_{kStart};
  MemoryAccountStore store_;
  CountingHasher hasher_;
  std::unique_ptr<AccountService> service_;
};

TEST_F(AccountServiceTest, SignUpCreatesANormalisedClientAndSignsItIn) {
  const Session s =
      MustSignUp("  Camille.Martin@Exemple.FR ", "jasmin-sambac", "  Camille Martin ");
  EXPECT_TRUE(absl::StartsWith(s.compte.id, "cpt_")) << s.compte.id;
  EXPECT_EQ(s.compte.email, "camille.martin@exemple.fr");
  EXPECT_EQ(s.compte.nom, "Camille Martin");
  EXPECT_EQ(s.compte.role, Role::kClient);
  EXPECT_EQ(s.compte.created_at, Timestamp(std::chrono::seconds(kStart)));
  EXPECT_TRUE(s.compte.password_hash.empty());  // never handed out
  EXPECT_EQ(s.expires_at, Timestamp(std::chrono::seconds(kStart + 600)));

  auto stored = store_.Get(s.compte.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(absl::StartsWith(stored->password_hash, "$argon2id$")) << stored->password_hash;

  auto who = service_->Authenticate(s.token);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(*who, (Principal{s.compte.id, "camille.martin@exemple.fr", Role::kClient}));
}

TEST_F(AccountServiceTest, SignUpWithATakenEmailIsAlreadyExists) {
  MustSignUp("camille@exemple.fr", "jasmin-sambac");
  ExpectStatus(service_->SignUp(" CAMILLE@exemple.fr", "autre-mot-de-passe", "Autre").status(),
               absl::StatusCode::kAlreadyExists, "email: ");
}

TEST_F(AccountServiceTest, SignUpNamesTheBadFieldAndHashesNothing) {
  ExpectStatus(service_->SignUp("camille", "jasmin-sambac", "C").status(),
               absl::StatusCode::kInvalidArgument, "email: ");
  ExpectStatus(service_->SignUp("c@exemple.fr", "court", "C").status(),
               absl::StatusCode::kInvalidArgument, "password: ");
  ExpectStatus(service_->SignUp("c@exemple.fr", std::string(129, 'x'), "C").status(),
               absl::StatusCode::kInvalidArgument, "password: ");
  ExpectStatus(service_->SignUp("c@exemple.fr", "jasmin-sambac", " ").status(),
               absl::StatusCode::kInvalidArgument, "nom: ");
  EXPECT_EQ(hasher_.hashes.load(), 0);
  EXPECT_TRUE(absl::IsNotFound(store_.FindByEmail("c@exemple.fr").status()));
}

TEST_F(AccountServiceTest, SignInReturnsAFreshTokenForTheRightPassword) {
  const Session up = MustSignUp("camille@exemple.fr", "jasmin-sambac");
  now_ = kStart + 30;
  auto in = service_->SignIn(" Camille@Exemple.fr", "jasmin-sambac");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(in->compte.id, up.compte.id);
  EXPECT_TRUE(in->compte.password_hash.empty());
  EXPECT_EQ(in->expires_at, Timestamp(std::chrono::seconds(kStart + 630)));
  EXPECT_EQ(service_->Authenticate(in->token)->account_id, up.compte.id);
}

TEST_F(AccountServiceTest, WrongPasswordAndUnknownEmailFailAlikeAndBothVerify) {
  MustSignUp("camille@exemple.fr", "jasmin-sambac");
  const int before = hasher_.verifies.load();
  absl::Status wrong = service_->SignIn("camille@exemple.fr", "jasmin-sambaC").status();
  EXPECT_EQ(hasher_.verifies.load(), before + 1);
  absl::Status unknown = service_->SignIn("personne@exemple.fr", "jasmin-sambac").status();
  // The unknown email still paid for one verification.
  EXPECT_EQ(hasher_.verifies.load(), before + 2);
  EXPECT_TRUE(absl::IsUnauthenticated(wrong)) << wrong;
  EXPECT_EQ(wrong, unknown);
  EXPECT_EQ(wrong.message().find("personne"), absl::string_view::npos);
  // The dummy hash is made once, not per attempt.
  const int hashes = hasher_.hashes.load();
  EXPECT_TRUE(absl::IsUnauthenticated(service_->SignIn("autre@exemple.fr", "x").status()));
  EXPECT_EQ(hasher_.hashes.load(), hashes);
  EXPECT_EQ(hasher_.verifies.load(), before + 3);
}

TEST_F(AccountServiceTest, SignInWithAMalformedEmailNamesTheField) {
  ExpectStatus(service_->SignIn("pas-un-email", "jasmin-sambac").status(),
               absl::StatusCode::kInvalidArgument, "email: ");
}

TEST_F(AccountServiceTest, SignInUpgradesAHashMadeWithOtherLimits) {
  CountingHasher old_hasher({2, kArgon2MemLimitMin * 2});
  Compte c;
  c.id = "cpt_old";
  c.email = "ancien@exemple.fr";
  c.nom = "Ancien";
  c.password_hash = *old_hasher.Hash("vieux-mot-de-passe");
  c.created_at = Timestamp(std::chrono::seconds(1));
  ASSERT_TRUE(store_.Create(c).ok());
  ASSERT_TRUE(hasher_.NeedsRehash(c.password_hash));

  ASSERT_TRUE(service_->SignIn("ancien@exemple.fr", "vieux-mot-de-passe").ok());
  const std::string upgraded = store_.Get("cpt_old")->password_hash;
  EXPECT_NE(upgraded, c.password_hash);
  EXPECT_FALSE(hasher_.NeedsRehash(upgraded));
  ASSERT_TRUE(service_->SignIn("ancien@exemple.fr", "vieux-mot-de-passe").ok());
  EXPECT_EQ(store_.Get("cpt_old")->password_hash, upgraded);  // up to date: left alone
}

TEST_F(AccountServiceTest, AuthenticateSaysWhyATokenIsRefused) {
  const Session s = MustSignUp("camille@exemple.fr", "jasmin-sambac");
  ExpectStatus(service_->Authenticate("").status(), absl::StatusCode::kUnauthenticated,
               "token: missing");
  ExpectStatus(service_->Authenticate("n.importe.quoi").status(),
               absl::StatusCode::kUnauthenticated, "token: malformed");
  std::string tampered = s.token;
  tampered[tampered.size() - 5] = tampered[tampered.size() - 5] == 'x' ? 'y' : 'x';
  ExpectStatus(service_->Authenticate(tampered).status(), absl::StatusCode::kUnauthenticated,
               "token: invalid signature");
  now_ = kStart + 600;
  ExpectStatus(service_->Authenticate(s.token).status(), absl::StatusCode::kUnauthenticated,
               "token: expired");
}

TEST_F(AccountServiceTest, GetReturnsTheAccountWithoutItsHash) {
  const Session s = MustSignUp("camille@exemple.fr", "jasmin-sambac", "Camille");
  auto got = service_->Get(s.compte.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, s.compte);
  EXPECT_TRUE(got->password_hash.empty());
  EXPECT_TRUE(absl::IsNotFound(service_->Get("cpt_none").status()));
}

TEST_F(AccountServiceTest, EnsureAdminCreatesThenChangesNothing) {
  auto first = service_->EnsureAdmin(" Admin@Parfumerie.fr", "mot-de-passe-admin");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, AdminSetup::kCreated);
  auto stored = store_.FindByEmail("admin@parfumerie.fr");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->role, Role::kAdmin);
  EXPECT_EQ(stored->nom, kDefaultAdminNom);

  auto second = service_->EnsureAdmin("admin@parfumerie.fr", "mot-de-passe-admin");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, AdminSetup::kUnchanged);
  EXPECT_EQ(*store_.FindByEmail("admin@parfumerie.fr"), *stored);

  auto in = service_->SignIn("admin@parfumerie.fr", "mot-de-passe-admin");
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_EQ(service_->Authenticate(in->token)->role, Role::kAdmin);
}

TEST_F(AccountServiceTest, EnsureAdminUpdatesThePassword) {
  ASSERT_EQ(*service_->EnsureAdmin("admin@parfumerie.fr", "ancien-mot-de-passe"),
            AdminSetup::kCreated);
  const std::string id = store_.FindByEmail("admin@parfumerie.fr")->id;
  auto changed = service_->EnsureAdmin("admin@parfumerie.fr", "nouveau-mot-de-passe");
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(*changed, AdminSetup::kUpdated);
  EXPECT_EQ(store_.FindByEmail("admin@parfumerie.fr")->id, id);  // same account
  EXPECT_TRUE(absl::IsUnauthenticated(
      service_->SignIn("admin@parfumerie.fr", "ancien-mot-de-passe").status()));
  EXPECT_TRUE(service_->SignIn("admin@parfumerie.fr", "nouveau-mot-de-passe").ok());
  EXPECT_EQ(*service_->EnsureAdmin("admin@parfumerie.fr", "nouveau-mot-de-passe"),
            AdminSetup::kUnchanged);
}

TEST_F(AccountServiceTest, EnsureAdminTakesOverACustomerAccountWithThatEmail) {
  const Session customer = MustSignUp("admin@parfumerie.fr", "mot-du-client");
  auto r = service_->EnsureAdmin("admin@parfumerie.fr", "mot-de-passe-admin");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, AdminSetup::kUpdated);
  auto stored = store_.Get(customer.compte.id);
  EXPECT_EQ(stored->role, Role::kAdmin);
  EXPECT_TRUE(
      absl::IsUnauthenticated(service_->SignIn("admin@parfumerie.fr", "mot-du-client").status()));
  EXPECT_EQ(
      service_->Authenticate(service_->SignIn("admin@parfumerie.fr", "mot-de-passe-admin")->token)
          ->role,
      Role::kAdmin);
}

TEST_F(AccountServiceTest, EnsureAdminChecksItsArguments) {
  ExpectStatus(service_->EnsureAdmin("admin", "mot-de-passe-admin").status(),
               absl::StatusCode::kInvalidArgument, "email: ");
  ExpectStatus(service_->EnsureAdmin("admin@parfumerie.fr", "court").status(),
               absl::StatusCode::kInvalidArgument, "password: ");
  EXPECT_TRUE(absl::IsNotFound(store_.FindByEmail("admin@parfumerie.fr").status()));
}

}  // namespace
}  // namespace parfumerie::gateway::accounts::testing

#include "gateway/accounts/account_service.h"

#include <utility>

#include "absl/strings/match.h"
#include "common/ids.h"
#include "common/log.h"

namespace parfumerie::gateway::accounts {
namespace {

// One message for every credential failure: which of email or password was
// wrong is exactly what must not be told.
constexpr char kBadCredentials[] = "email or password is incorrect";

std::shared_ptr<spdlog::logger> Log() {
  static const auto logger = log::Get("gateway");
  return logger;
}

Compte WithoutHash(Compte c) {
  c.password_hash.clear();
  return c;
}

}  // namespace

AccountService::AccountService(AccountStore& store, PasswordHasher& hasher, TokenCodec tokens,
                               AccountServiceOptions options)
    : store_(store),
      hasher_(hasher),
      tokens_(std::move(tokens)),
      options_(std::move(options)),
      dummy_hash_(absl::UnknownError("not computed")) {}

Timestamp AccountService::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

absl::StatusOr<Session> AccountService::Open(Compte compte) {
  absl::StatusOr<IssuedToken> token =
      tokens_.Issue(Principal{compte.id, compte.email, compte.role});
  if (!token.ok()) return token.status();
  return Session{WithoutHash(std::move(compte)), std::move(token->token), token->expires_at};
}

absl::StatusOr<std::string> AccountService::DummyHash() {
  std::call_once(dummy_once_,
                 [this] { dummy_hash_ = hasher_.Hash("parfumerie: no account has this email"); });
  return dummy_hash_;
}

void AccountService::UpgradeHash(const Compte& compte, std::string_view password) {
  if (!hasher_.NeedsRehash(compte.password_hash)) return;
  absl::StatusOr<std::string> fresh = hasher_.Hash(password);
  absl::Status s = fresh.ok() ? store_.UpdatePasswordHash(compte.id, compte.password_hash, *fresh)
                              : fresh.status();
  // Not fatal: the old hash still verifies; the next sign-in tries again. A
  // lost race (FAILED_PRECONDITION) means the password changed meanwhile.
  if (!s.ok() && !absl::IsFailedPrecondition(s)) {
    Log()->warn("account {}: password hash not upgraded: {}", compte.id, s.ToString());
  }
}

absl::StatusOr<Session> AccountService::SignUp(std::string_view email, std::string_view password,
                                               std::string_view nom) {
  absl::StatusOr<std::string> normal_email = NormalizeEmail(email);
  if (!normal_email.ok()) return normal_email.status();
  if (absl::Status s = CheckPasswordPolicy(password); !s.ok()) return s;
  absl::StatusOr<std::string> normal_nom = NormalizeNom(nom);
  if (!normal_nom.ok()) return normal_nom.status();
  absl::StatusOr<std::string> hash = hasher_.Hash(password);
  if (!hash.ok()) return hash.status();

  Compte c;
  c.id = options_.new_id ? options_.new_id() : NewRandomId(kAccountIdPrefix);
  c.email = *std::move(normal_email);
  c.nom = *std::move(normal_nom);
  c.role = Role::kClient;
  c.password_hash = *std::move(hash);
  c.created_at = Now();
  if (absl::Status s = store_.Create(c); !s.ok()) {
    if (absl::IsAlreadyExists(s) && absl::StartsWith(s.message(), "email")) {
      return absl::AlreadyExistsError(
          "email: an account already exists with this address; sign in instead");
    }
    return s;
  }
  return Open(std::move(c));
}

absl::StatusOr<Session> AccountService::SignIn(std::string_view email, std::string_view password) {
  absl::StatusOr<std::string> normal_email = NormalizeEmail(email);
  if (!normal_email.ok()) return normal_email.status();
  absl::StatusOr<Compte> found = store_.FindByEmail(*normal_email);
  if (!found.ok()) {
    if (!absl::IsNotFound(found.status())) return found.status();
    // Same work as for a known email, so that timing does not tell.
    absl::StatusOr<std::string> dummy = DummyHash();
    if (!dummy.ok()) return dummy.status();
    (void)hasher_.Verify(*dummy, password);
    return absl::UnauthenticatedError(kBadCredentials);
  }
  if (!hasher_.Verify(found->password_hash, password))
    return absl::UnauthenticatedError(kBadCredentials);
  UpgradeHash(*found, password);
  return Open(*std::move(found));
}

absl::StatusOr<Principal> AccountService::Authenticate(std::string_view token) const {
  absl::StatusOr<TokenClaims> claims = tokens_.Verify(token);
  if (!claims.ok()) return claims.status();
  return std::move(claims->principal);
}

absl::StatusOr<Compte> AccountService::Get(std::string_view id) {
  absl::StatusOr<Compte> c = store_.Get(id);
  if (!c.ok()) return c.status();
  return WithoutHash(*std::move(c));
}

absl::StatusOr<AdminSetup> AccountService::EnsureAdmin(std::string_view email,
                                                       std::string_view password,
                                                       std::string_view nom) {
  absl::StatusOr<std::string> normal_email = NormalizeEmail(email);
  if (!normal_email.ok()) return normal_email.status();
  if (absl::Status s = CheckPasswordPolicy(password); !s.ok()) return s;
  absl::StatusOr<std::string> normal_nom = NormalizeNom(nom);
  if (!normal_nom.ok()) return normal_nom.status();

  absl::StatusOr<Compte> found = store_.FindByEmail(*normal_email);
  if (absl::IsNotFound(found.status())) {
    absl::StatusOr<std::string> hash = hasher_.Hash(password);
    if (!hash.ok()) return hash.status();
    Compte c;
    c.id = options_.new_id ? options_.new_id() : NewRandomId(kAccountIdPrefix);
    c.email = *normal_email;
    c.nom = *std::move(normal_nom);
    c.role = Role::kAdmin;
    c.password_hash = *std::move(hash);
    c.created_at = Now();
    absl::Status s = store_.Create(c);
    if (s.ok()) return AdminSetup::kCreated;
    if (!absl::IsAlreadyExists(s)) return s;
    found = store_.FindByEmail(*normal_email);  // created meanwhile: update it below
  }
  if (!found.ok()) return found.status();

  bool changed = false;
  // The password before the role: an interrupted update never leaves an
  // ADMIN account that still opens with a customer's password.
  if (!hasher_.Verify(found->password_hash, password) ||
      hasher_.NeedsRehash(found->password_hash)) {
    absl::StatusOr<std::string> hash = hasher_.Hash(password);
    if (!hash.ok()) return hash.status();
    if (absl::Status s = store_.UpdatePasswordHash(found->id, found->password_hash, *hash); !s.ok())
      return s;
    changed = true;
  }
  if (found->role != Role::kAdmin) {
    if (absl::Status s = store_.SetRole(found->id, Role::kAdmin); !s.ok()) return s;
    changed = true;
  }
  return changed ? AdminSetup::kUpdated : AdminSetup::kUnchanged;
}

}  // namespace parfumerie::gateway::accounts

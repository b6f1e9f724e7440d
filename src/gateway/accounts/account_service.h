// The gateway's account use cases: sign up, sign in, authenticate a bearer
// token, and the initial operator account. The GraphQL resolvers are thin
// translations to and from this class.
//
// Security rules (docs/accounts.md has the reasoning):
// - Passwords are hashed with argon2id (PasswordHasher) and never stored,
//   logged or returned; accounts leave the service with password_hash cleared.
// - A failed sign-in says the same thing whether or not the email has an
//   account, and an unknown email still costs one password verification
//   (against a dummy hash made with the same limits), so neither the message
//   nor the time taken tells who has an account.
// - A successful sign-in whose hash was made with other limits (or another
//   algorithm) stores a new hash: raising the limits upgrades accounts as
//   their owners sign in.
// - Tokens carry the role: a role change applies to tokens issued after it.
//
// Errors: INVALID_ARGUMENT naming the field ("email: ...", "password: ...",
// "nom: ..."); ALREADY_EXISTS when the email is taken; UNAUTHENTICATED for
// bad credentials or a bad token; NOT_FOUND for an unknown account id;
// UNAVAILABLE/INTERNAL from the store.
//
// Thread-safe. SignUp, SignIn, EnsureAdmin and Get block (store calls and
// argon2id, tens of milliseconds each): run them on the blocking pool, never
// on an I/O thread. Authenticate does no I/O and costs one HMAC.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "gateway/accounts/account.h"
#include "gateway/accounts/account_store.h"
#include "gateway/accounts/password_hasher.h"
#include "gateway/accounts/token_codec.h"

namespace parfumerie::gateway::accounts {

// A signed-in account and its bearer token.
struct Session {
  Compte compte;  // password_hash cleared
  std::string token;
  Timestamp expires_at;
};

// What EnsureAdmin did.
enum class AdminSetup {
  kCreated,    // no account had the email: an ADMIN account was created
  kUpdated,    // the account's password and/or role were changed
  kUnchanged,  // the account was already ADMIN with that password
};

inline constexpr std::string_view kDefaultAdminNom = "Administrateur";

struct AccountServiceOptions {
  // Defaults: the system clock (truncated to milliseconds) and "cpt_" ids.
  // Both are called from any thread and must be thread-safe.
  std::function<Timestamp()> clock;
  std::function<std::string()> new_id;
};

class AccountService {
 public:
  // `store` and `hasher` must outlive the service.
  AccountService(AccountStore& store, PasswordHasher& hasher, TokenCodec tokens,
                 AccountServiceOptions options = {});

  // Creates a CLIENT account and signs it in. The email is normalised
  // (NormalizeEmail), the password checked against the policy
  // (CheckPasswordPolicy), the nom trimmed (NormalizeNom). ALREADY_EXISTS
  // "email: ..." when an account has that email.
  absl::StatusOr<Session> SignUp(std::string_view email, std::string_view password,
                                 std::string_view nom);

  // A new token for the account with that email and password.
  // UNAUTHENTICATED with one message for an unknown email and a wrong
  // password; INVALID_ARGUMENT "email: ..." only for a malformed address.
  absl::StatusOr<Session> SignIn(std::string_view email, std::string_view password);

  // Who `token` (without "Bearer ") belongs to. UNAUTHENTICATED "token: ..."
  // saying why not (missing, malformed, algorithm, signature, issuer,
  // expired). Reads no store: a deleted account's token stays valid until
  // it expires.
  absl::StatusOr<Principal> Authenticate(std::string_view token) const;

  // The account with that id (password_hash cleared). NOT_FOUND "id: ...".
  absl::StatusOr<Compte> Get(std::string_view id);

  // Makes sure an ADMIN account with `email` signs in with `password`: the
  // configured initial operator, called at every start. Creates it when no
  // account has the email; otherwise sets the role to ADMIN and the password
  // to `password` (an account that a customer created with that email is
  // taken over). Idempotent: a second call with the same arguments changes
  // nothing. The password must satisfy the policy.
  absl::StatusOr<AdminSetup> EnsureAdmin(std::string_view email, std::string_view password,
                                         std::string_view nom = kDefaultAdminNom);

 private:
  Timestamp Now() const;
  absl::StatusOr<Session> Open(Compte compte);
  // A hash to verify against when the email is unknown; made on first use.
  absl::StatusOr<std::string> DummyHash();
  // After a successful verification: a new hash if the old one is outdated.
  void UpgradeHash(const Compte& compte, std::string_view password);

  AccountStore& store_;
  PasswordHasher& hasher_;
  const TokenCodec tokens_;
  const AccountServiceOptions options_;

  std::once_flag dummy_once_;
  absl::StatusOr<std::string> dummy_hash_;
};

}  // namespace parfumerie::gateway::accounts

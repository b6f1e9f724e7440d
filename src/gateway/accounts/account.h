// The gateway's accounts: customers (CLIENT) and operators (ADMIN) who sign in
// to the shop, and the validation of what people type when they sign up.
//
// Domain words stay French where the API shows them (Compte, nom, roles
// CLIENT and ADMIN). Plain values; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace parfumerie::gateway::accounts {

using Timestamp = std::chrono::system_clock::time_point;

enum class Role { kClient, kAdmin };

std::string_view RoleName(Role role);  // "CLIENT", "ADMIN"
std::optional<Role> ParseRole(std::string_view name);

// Id prefix of accounts: "cpt_" + random characters (common/ids.h).
inline constexpr std::string_view kAccountIdPrefix = "cpt_";

struct Compte {
  std::string id;     // "cpt_..."
  std::string email;  // normalised (NormalizeEmail): unique among accounts
  std::string nom;    // display name
  Role role = Role::kClient;
  // libsodium's encoded argon2id string ("$argon2id$v=19$m=...,t=...,p=1$salt$hash"):
  // algorithm, limits and salt travel with the hash. Never leaves the
  // gateway: the service returns accounts with this field cleared.
  std::string password_hash;
  Timestamp created_at;  // millisecond precision
  friend bool operator==(const Compte&, const Compte&) = default;
};

// Who made a request, as read from a valid token.
struct Principal {
  std::string account_id;
  std::string email;
  Role role = Role::kClient;
  friend bool operator==(const Principal&, const Principal&) = default;
};

// Limits of what people type.
inline constexpr int kMinPasswordChars = 8;  // code points
inline constexpr int kMaxPasswordChars = 128;
inline constexpr int kMaxNomChars = 100;
inline constexpr size_t kMaxEmailBytes = 254;  // RFC 5321 path limit
inline constexpr size_t kMaxEmailLocalBytes = 64;

// The canonical form of an email address: surrounding whitespace trimmed and
// ASCII letters lowercased (two spellings of one address are one account).
// INVALID_ARGUMENT "email: ..." unless the result looks like an address:
// one '@', a non-empty local part of at most 64 bytes, a domain of dot-separated
// non-empty labels with at least one dot, no whitespace, control or
// <>()[]\,;:" characters, at most 254 bytes, valid UTF-8.
absl::StatusOr<std::string> NormalizeEmail(std::string_view email);

// INVALID_ARGUMENT "password: ..." unless `password` is valid UTF-8 of
// kMinPasswordChars..kMaxPasswordChars code points. Passwords are taken as
// typed: never trimmed, any character allowed.
absl::Status CheckPasswordPolicy(std::string_view password);

// The display name trimmed; INVALID_ARGUMENT "nom: ..." when it is empty, not
// valid UTF-8, longer than kMaxNomChars code points or holds control
// characters.
absl::StatusOr<std::string> NormalizeNom(std::string_view nom);

}  // namespace parfumerie::gateway::accounts

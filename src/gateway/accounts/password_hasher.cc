#include "gateway/accounts/password_hasher.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"

namespace parfumerie::gateway::accounts {
namespace {

static_assert(kArgon2OpsLimitInteractive == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(kArgon2MemLimitInteractive == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
static_assert(kArgon2OpsLimitMin == crypto_pwhash_argon2id_OPSLIMIT_MIN);
static_assert(kArgon2MemLimitMin == crypto_pwhash_argon2id_MEMLIMIT_MIN);

class Argon2idHasher final : public PasswordHasher {
 public:
  explicit Argon2idHasher(Argon2Limits limits) : limits_(limits) {}

  absl::StatusOr<std::string> Hash(std::string_view password) override {
    char out[crypto_pwhash_argon2id_STRBYTES];
    if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), limits_.opslimit,
                                   limits_.memlimit) != 0) {
      return absl::ResourceExhaustedError(absl::StrCat("password hashing: could not allocate ",
                                                       limits_.memlimit, " bytes for argon2id"));
    }
    return std::string(out);
  }

  bool Verify(std::string_view encoded, std::string_view password) override {
    // libsodium reads the encoded form up to its NUL.
    const std::string str(encoded);
    return crypto_pwhash_str_verify(str.c_str(), password.data(), password.size()) == 0;
  }

  bool NeedsRehash(std::string_view encoded) override {
    const std::string str(encoded);
    // 1: other limits; -1: not an argon2id string (argon2i, garbage): both
    // want a new hash.
    return crypto_pwhash_argon2id_str_needs_rehash(str.c_str(), limits_.opslimit,
                                                   limits_.memlimit) != 0;
  }

 private:
  const Argon2Limits limits_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PasswordHasher>> MakeArgon2idHasher(const Argon2Limits& limits) {
  if (sodium_init() < 0)
    return absl::InternalError("password hashing: libsodium could not be initialised");
  if (limits.opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      limits.opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    return absl::InvalidArgumentError(absl::StrCat(
        "argon2-opslimit: must be ", crypto_pwhash_argon2id_OPSLIMIT_MIN, " to ",
        crypto_pwhash_argon2id_OPSLIMIT_MAX, " (interactive: ", kArgon2OpsLimitInteractive, ")"));
  }
  if (limits.memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      limits.memlimit > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    return absl::InvalidArgumentError(
        absl::StrCat("argon2-memlimit: must be ", crypto_pwhash_argon2id_MEMLIMIT_MIN,
                     " bytes or more (interactive: ", kArgon2MemLimitInteractive, ")"));
  }
  return std::make_unique<Argon2idHasher>(limits);
}

}  // namespace parfumerie::gateway::accounts

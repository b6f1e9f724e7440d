// Password hashing with libsodium's argon2id (crypto_pwhash_str): the encoded
// string carries algorithm, limits and salt, so a hash made with older limits
// still verifies, and NeedsRehash tells when to upgrade it at the next
// sign-in.
//
// The port is an interface so that tests can count or slow the calls; the
// production implementation is MakeArgon2idHasher's.
//
// Thread-safe. Every call is CPU- and memory-heavy by design (tens of
// milliseconds and `memlimit` bytes with the interactive limits): never on
// an I/O thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace parfumerie::gateway::accounts {

// libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE and
// argon2id's minimums (checked against libsodium's at compile time).
inline constexpr uint64_t kArgon2OpsLimitInteractive = 2;
inline constexpr size_t kArgon2MemLimitInteractive = size_t{64} << 20;  // 64 MiB
inline constexpr uint64_t kArgon2OpsLimitMin = 1;
inline constexpr size_t kArgon2MemLimitMin = 8192;  // bytes

struct Argon2Limits {
  uint64_t opslimit = kArgon2OpsLimitInteractive;  // passes over memory
  size_t memlimit = kArgon2MemLimitInteractive;    // bytes

  // The cheapest limits argon2id accepts: for tests only (a hash in well
  // under a millisecond), never for real passwords.
  static Argon2Limits Fastest() { return {kArgon2OpsLimitMin, kArgon2MemLimitMin}; }
};

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;

  // The encoded hash of `password` with a fresh random salt.
  // RESOURCE_EXHAUSTED when the memory limit cannot be allocated.
  virtual absl::StatusOr<std::string> Hash(std::string_view password) = 0;

  // True when `password` matches `encoded`; false for a wrong password and
  // for an encoded string that is not a hash libsodium knows.
  virtual bool Verify(std::string_view encoded, std::string_view password) = 0;

  // True when `encoded` was not made by this hasher's algorithm and limits
  // (or is not a valid hash): hash the password again after a successful
  // Verify.
  virtual bool NeedsRehash(std::string_view encoded) = 0;
};

// The argon2id hasher with `limits`. INVALID_ARGUMENT "argon2-opslimit: ..."
// or "argon2-memlimit: ..." when a limit is outside what argon2id accepts;
// INTERNAL if libsodium cannot be initialised.
absl::StatusOr<std::unique_ptr<PasswordHasher>> MakeArgon2idHasher(const Argon2Limits& limits = {});

}  // namespace parfumerie::gateway::accounts

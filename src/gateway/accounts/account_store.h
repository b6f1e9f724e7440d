// Store port of the gateway's accounts, so that SQLite (embedded) and MongoDB
// (distributed) adapters are interchangeable. Every adapter runs the
// conformance suite in tests/gateway_accounts/account_store_conformance.h.
//
// Contract, for every adapter:
// - Emails are stored and compared exactly as given: callers pass the
//   normalised form (NormalizeEmail). An email belongs to one account at most,
//   enforced by the storage itself (a unique index), so two concurrent
//   sign-ups with one address create one account.
// - Each call is atomic; a successful write is durable when it returns.
// - Thread-safe; calls block (disk or network): never on an I/O thread.
// - Errors: absl::Status with gRPC's canonical codes:
//     NOT_FOUND            unknown id or email
//     ALREADY_EXISTS       the email (or the id) is taken
//     FAILED_PRECONDITION  a conditional update lost a race (see the call)
//     UNAVAILABLE/INTERNAL storage failures
// - Timestamps are kept with millisecond precision.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/accounts/account.h"

namespace parfumerie::gateway::accounts {

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Stores a new account. ALREADY_EXISTS "email: ..." when the email is
  // taken, "id: ..." when the id is.
  virtual absl::Status Create(const Compte& compte) = 0;

  virtual absl::StatusOr<Compte> Get(std::string_view id) = 0;
  virtual absl::StatusOr<Compte> FindByEmail(std::string_view email) = 0;

  // Replaces the password hash of account `id` if it is still
  // `expected_hash` (compare-and-set: a rehash on sign-in never overwrites a
  // password changed meanwhile). NOT_FOUND for an unknown id;
  // FAILED_PRECONDITION when the stored hash is another.
  virtual absl::Status UpdatePasswordHash(std::string_view id, std::string_view expected_hash,
                                          std::string_view new_hash) = 0;

  // Sets the role of account `id`. NOT_FOUND for an unknown id.
  virtual absl::Status SetRole(std::string_view id, Role role) = 0;
};

}  // namespace parfumerie::gateway::accounts

// MongoDB adapter of the account store port (distributed mode), for MongoDB
// or FerretDB. Collection `comptes`, one document per account:
//   {_id: id, email, nom, role, password_hash, cree_le_ms}
// with a unique index on email. Every write is one single-document command,
// so no transaction is needed (docs/mongo.md).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gateway/accounts/account_store.h"

namespace parfumerie::gateway::accounts {

// Connects to `uri` (mongodb://host:port/[db]), uses database `database` (or
// the URI's, or "parfumerie") and creates the indexes if missing.
// INVALID_ARGUMENT for a malformed URI; UNAVAILABLE when no server answers.
absl::StatusOr<std::unique_ptr<AccountStore>> OpenMongoAccountStore(const std::string& uri,
                                                                     const std::string& database = "");

}  // namespace parfumerie::gateway::accounts

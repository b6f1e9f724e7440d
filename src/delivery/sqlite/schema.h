// Private to the SQLite adapter: the versioned schema.
#pragma once

#include "absl/status/status.h"
#include "sqlite/connection.h"

namespace parfumerie::delivery::sqlite_internal {

// Brings the database to kSqliteDeliverySchemaVersion (see sqlite::Migrate).
absl::Status Migrate(::parfumerie::sqlite::Connection& conn);

}  // namespace parfumerie::delivery::sqlite_internal

// Private to the SQLite adapter: the versioned schema and its migration.
#pragma once

#include "absl/status/status.h"
#include "sqlite/connection.h"

namespace parfumerie::catalog::sqlite_internal {

using ::parfumerie::sqlite::BindValue;
using ::parfumerie::sqlite::Connection;
using ::parfumerie::sqlite::SqliteError;
using ::parfumerie::sqlite::Statement;
using ::parfumerie::sqlite::Transaction;

// Applies, in one IMMEDIATE transaction, every migration above the file's
// PRAGMA user_version, records each in schema_migrations, and sets
// user_version. A concurrent opener waits (busy timeout) and then finds
// nothing left to do.
absl::Status Migrate(Connection& conn);

}  // namespace parfumerie::catalog::sqlite_internal

// Versioned schema migrations for an SQLite database.
#pragma once

#include <span>
#include <string>

#include "absl/status/status.h"
#include "sqlite/connection.h"

namespace parfumerie::sqlite {

// Applies, in one IMMEDIATE transaction, every migration above the file's
// PRAGMA user_version (migration N, 1-based, takes the schema from N-1 to N),
// records each in schema_migrations, and sets user_version. A concurrent
// opener waits (busy timeout) and then finds nothing left to do. A file whose
// version is above migrations.size() is FAILED_PRECONDITION: a newer build
// wrote it. `what` names the database in messages ("the catalogue database").
// Never edit a released migration: append a new one.
absl::Status Migrate(Connection& conn, const std::string& what,
                     std::span<const char* const> migrations);

}  // namespace parfumerie::sqlite

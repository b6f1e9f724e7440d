// Private to the SQLite adapter: how a Parfum maps to a row of `parfums`.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "catalog/parfum.h"
#include "sqlite/connection.h"

namespace parfumerie::catalog::sqlite_internal {

using ::parfumerie::sqlite::BindValue;
using ::parfumerie::sqlite::Connection;
using ::parfumerie::sqlite::SqliteError;
using ::parfumerie::sqlite::Statement;
using ::parfumerie::sqlite::Transaction;

// The columns ReadParfum expects, in order.
inline constexpr const char* kParfumColumns =
    "id, nom, description, marque, famille, notes, contenance_ml, genre, prix_cents, image, stock, "
    "version, created_at_ms, updated_at_ms, stock_entrees";

// Rows on sale (not archived); the partial indexes use the same predicate.
inline constexpr const char* kLiveRows = "archived_at_ms IS NULL";

// Notes are one JSON column {"tete":[...],"coeur":[...],"fond":[...]}: they
// are always read and written whole, never queried by level.
std::string NotesToJson(const Notes& notes);
bool NotesFromJson(const std::string& text, Notes* notes);

// The current row of a statement selecting kParfumColumns. INTERNAL when the
// row cannot be a perfume (an enum or notes column was altered by hand).
absl::StatusOr<Parfum> ReadParfum(const Statement& row);

// Reads the single row of a write ... RETURNING kParfumColumns and completes
// the statement. nullopt: the WHERE clause matched nothing.
absl::StatusOr<std::optional<Parfum>> ReturnedParfum(Statement& stmt);

}  // namespace parfumerie::catalog::sqlite_internal

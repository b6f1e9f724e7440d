// Private to the SQLite adapter: the SQL of a ListQuery. Pure, so the shape
// of the generated statements is easy to read and to test.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/list_cursor.h"
#include "catalog/parfum.h"
#include "sqlite/connection.h"

namespace parfumerie::catalog::sqlite_internal {

using ::parfumerie::sqlite::BindValue;
using ::parfumerie::sqlite::Connection;
using ::parfumerie::sqlite::SqliteError;
using ::parfumerie::sqlite::Statement;
using ::parfumerie::sqlite::Transaction;

struct ListSql {
  // SELECT COUNT(*) over the filters (no cursor, no limit): the page's total.
  std::string count;
  std::vector<BindValue> count_binds;
  // The page: filters, then strictly after the cursor's (sort value, id) in
  // the sort direction, ordered by (sort column, id), limit + 1 rows so the
  // extra row tells whether a next page exists.
  std::string page;
  std::vector<BindValue> page_binds;
  int32_t limit = 0;  // the page size, clamped to 1..kMaxPageSize
};

// Every value is bound as a parameter; only column names and fixed keywords
// are spliced into the text, so the statement cache sees few distinct SQLs.
ListSql BuildListSql(const ListQuery& query, const std::optional<CursorPosition>& after);

}  // namespace parfumerie::catalog::sqlite_internal

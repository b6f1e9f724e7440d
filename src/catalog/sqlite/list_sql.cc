#include "catalog/sqlite/list_sql.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "catalog/sqlite/parfum_row.h"
#include "catalog/store_support.h"
#include "catalog/text.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

const char* SortColumn(SortKey key) {
  switch (key) {
    case SortKey::kNom:
      return "nom_fold";
    case SortKey::kPrix:
      return "prix_cents";
    case SortKey::kCreatedAt:
      return "created_at_ms";
    case SortKey::kStock:
      return "stock";
  }
  return "nom_fold";
}

}  // namespace

ListSql BuildListSql(const ListQuery& query, const std::optional<CursorPosition>& after) {
  ListSql sql;
  std::string where = kLiveRows;
  std::vector<BindValue>& binds = sql.count_binds;
  for (const std::string& term : SearchTerms(query.recherche)) {
    binds.emplace_back(absl::StrCat("%", EscapeLike(term), "%"));
    absl::StrAppend(&where, " AND search_text LIKE ?", binds.size(), " ESCAPE '\\'");
  }
  if (!query.marques.empty()) {
    std::vector<std::string> placeholders;
    for (const std::string& m : query.marques) {
      binds.emplace_back(FoldForSearch(TrimAsciiWhitespace(m)));
      placeholders.push_back(absl::StrCat("?", binds.size()));
    }
    absl::StrAppend(&where, " AND marque_fold IN (", absl::StrJoin(placeholders, ", "), ")");
  }
  if (query.famille) {
    binds.emplace_back(std::string(FamilleName(*query.famille)));
    absl::StrAppend(&where, " AND famille = ?", binds.size());
  }
  if (query.genre) {
    binds.emplace_back(std::string(GenreName(*query.genre)));
    absl::StrAppend(&where, " AND genre = ?", binds.size());
  }
  if (query.prix_min_cents) {
    binds.emplace_back(*query.prix_min_cents);
    absl::StrAppend(&where, " AND prix_cents >= ?", binds.size());
  }
  if (query.prix_max_cents) {
    binds.emplace_back(*query.prix_max_cents);
    absl::StrAppend(&where, " AND prix_cents <= ?", binds.size());
  }
  if (query.en_stock) absl::StrAppend(&where, " AND stock > 0");
  sql.count = absl::StrCat("SELECT COUNT(*) FROM parfums WHERE ", where);

  const char* column = SortColumn(query.sort);
  const char* dir = query.descending ? "DESC" : "ASC";
  const char* beyond = query.descending ? "<" : ">";
  sql.page_binds = binds;
  if (after) {
    std::visit([&](const auto& v) { sql.page_binds.emplace_back(v); }, after->sort_value);
    const size_t key = sql.page_binds.size();
    sql.page_binds.emplace_back(after->id);
    const size_t id = sql.page_binds.size();
    absl::StrAppend(&where, " AND (", column, " ", beyond, " ?", key, " OR (", column, " = ?", key, " AND id ",
                    beyond, " ?", id, "))");
  }
  sql.limit = std::clamp(query.limit, 1, kMaxPageSize);
  sql.page_binds.emplace_back(int64_t{sql.limit} + 1);
  sql.page = absl::StrCat("SELECT ", kParfumColumns, " FROM parfums WHERE ", where, " ORDER BY ", column, " ",
                          dir, ", id ", dir, " LIMIT ?", sql.page_binds.size());
  return sql;
}

}  // namespace parfumerie::catalog::sqlite_internal

// The SQLite adapter's pure parts: list SQL generation and the notes column.
#include "catalog/sqlite/list_sql.h"
#include "catalog/sqlite/parfum_row.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(BuildListSql, BindsEveryValueAndSplicesNoUserText) {
  ListQuery q;
  q.recherche = "x'; DROP TABLE parfums; --";
  q.marques = {"Ma'ison"};
  q.prix_min_cents = 100;
  ListSql sql = BuildListSql(q, CursorPosition{std::string("o'hara"), "prf_'a"});
  for (const std::string* text : {&sql.count, &sql.page}) {
    EXPECT_THAT(*text, Not(HasSubstr("DROP"))) << *text;
    EXPECT_THAT(*text, Not(HasSubstr("ma'ison"))) << *text;
    EXPECT_THAT(*text, Not(HasSubstr("hara"))) << *text;
  }
  // Five search terms ("x';", "drop", "table", "parfums;", "--"), one marque, prix_min.
  EXPECT_EQ(sql.count_binds.size(), 5u + 1u + 1u);
  EXPECT_EQ(sql.page_binds.size(), sql.count_binds.size() + 3u) << "cursor value, cursor id, limit";
}

TEST(BuildListSql, OrdersByTheKeyThenIdInOneDirection) {
  ListQuery q;
  q.sort = SortKey::kPrix;
  q.descending = true;
  q.limit = 500;
  ListSql sql = BuildListSql(q, std::nullopt);
  EXPECT_THAT(sql.page, HasSubstr("ORDER BY prix_cents DESC, id DESC LIMIT ?1"));
  EXPECT_EQ(sql.limit, kMaxPageSize) << "clamped";
  EXPECT_EQ(std::get<int64_t>(sql.page_binds.back()), kMaxPageSize + 1) << "one extra row";
  sql = BuildListSql(q, CursorPosition{int64_t{500}, "prf_a"});
  EXPECT_THAT(sql.page, HasSubstr("(prix_cents < ?1 OR (prix_cents = ?1 AND id < ?2))"));
}

TEST(BuildListSql, SearchTermsAreLikeEscaped) {
  ListQuery q;
  q.recherche = "50%_off";
  ListSql sql = BuildListSql(q, std::nullopt);
  ASSERT_EQ(sql.count_binds.size(), 1u);
  EXPECT_EQ(std::get<std::string>(sql.count_binds[0]), "%50\\%\\_off%");
  EXPECT_THAT(sql.count, HasSubstr("ESCAPE '\\'"));
}

TEST(NotesJson, RoundTripsAnyText) {
  Notes notes{{"Citron \"vert\"", "Poivre\\noir"}, {}, {"Ambre gris", "Oud 沈香"}};
  Notes back;
  ASSERT_TRUE(NotesFromJson(NotesToJson(notes), &back));
  EXPECT_EQ(back, notes);
  Notes junk;
  EXPECT_FALSE(NotesFromJson("not json", &junk));
  EXPECT_FALSE(NotesFromJson("{\"tete\":[1],\"coeur\":[],\"fond\":[]}", &junk));
  EXPECT_FALSE(NotesFromJson("{\"tete\":[]}", &junk));
}

}  // namespace
}  // namespace parfumerie::catalog::sqlite_internal

#include "catalog/rest/list_params.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace parfumerie::catalog::rest {
namespace {

using ::testing::HasSubstr;
using Params = std::vector<std::pair<std::string, std::string>>;

TEST(ListParamsTest, DefaultsWhenEmpty) {
  auto q = ParseListParams({});
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, kDefaultPageSize);
  EXPECT_EQ(q->sort, SortKey::kNom);
  EXPECT_FALSE(q->descending);
  EXPECT_FALSE(q->en_stock);
}

TEST(ListParamsTest, ReadsEveryParameter) {
  auto q = ParseListParams(Params{{"recherche", "boisé"},
                                  {"marque", "A"},
                                  {"marque", "B"},
                                  {"famille", "boise"},
                                  {"genre", "MIXTE"},
                                  {"prixMin", "10"},
                                  {"prixMax", "49.90"},
                                  {"enStock", "true"},
                                  {"tri", "prix"},
                                  {"ordre", "desc"},
                                  {"limite", "5"},
                                  {"curseur", "c1"}});
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->recherche, "boisé");
  EXPECT_EQ(q->marques, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(q->famille, Famille::kBoise);
  EXPECT_EQ(q->genre, Genre::kMixte);
  EXPECT_EQ(q->prix_min_cents, 1000);
  EXPECT_EQ(q->prix_max_cents, 4990);
  EXPECT_TRUE(q->en_stock);
  EXPECT_EQ(q->sort, SortKey::kPrix);
  EXPECT_TRUE(q->descending);
  EXPECT_EQ(q->limit, 5);
  EXPECT_EQ(q->cursor, "c1");
}

std::string Error(const Params& params) {
  auto q = ParseListParams(params);
  EXPECT_EQ(q.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(q.status().message());
}

TEST(ListParamsTest, NamesTheBadParameter) {
  EXPECT_THAT(Error({{"limite", "0"}}), HasSubstr("'limite'"));
  EXPECT_THAT(Error({{"limite", "101"}}), HasSubstr("'limite'"));
  EXPECT_THAT(Error({{"limite", "1e2"}}), HasSubstr("'limite'"));
  EXPECT_THAT(Error({{"limite", "-1"}}), HasSubstr("'limite'"));
  EXPECT_THAT(Error({{"prixMin", "abc"}}), HasSubstr("'prixMin'"));
  EXPECT_THAT(Error({{"prixMax", "49.999"}}), HasSubstr("'prixMax'"));
  EXPECT_THAT(Error({{"prixMin", "50"}, {"prixMax", "10"}}),
              HasSubstr("'prixMin' must not be above"));
  EXPECT_THAT(Error({{"enStock", "oui"}}), HasSubstr("'enStock'"));
  EXPECT_THAT(Error({{"tri", "couleur"}}), HasSubstr("'tri'"));
  EXPECT_THAT(Error({{"ordre", "up"}}), HasSubstr("'ordre'"));
  EXPECT_THAT(Error({{"famille", "x"}}), HasSubstr("'famille'"));
  EXPECT_THAT(Error({{"genre", "x"}}), HasSubstr("'genre'"));
  EXPECT_THAT(Error({{"curseur", ""}}), HasSubstr("'curseur'"));
  EXPECT_THAT(Error({{"prix_min", "1"}}), HasSubstr("unknown query parameter 'prix_min'"));
  EXPECT_THAT(Error({{"limite", "5"}, {"limite", "6"}}), HasSubstr("more than once"));
}

}  // namespace
}  // namespace parfumerie::catalog::rest

#include "catalog/list_cursor.h"

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using ::testing::StartsWith;

ListQuery Query() {
  ListQuery q;
  q.recherche = "Boisé";
  q.marques = {"Maison B", "Maison A"};
  q.famille = Famille::kBoise;
  q.prix_max_cents = 10000;
  q.sort = SortKey::kPrix;
  q.descending = true;
  return q;
}

TEST(ListCursor, RoundTripsIntegerAndStringKeys) {
  ListQuery q = Query();
  CursorPosition pos{int64_t{-42}, "prf_abc"};
  q.cursor = EncodeCursor(q, pos);
  absl::StatusOr<CursorPosition> back = DecodeCursor(q);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, pos);

  q.sort = SortKey::kNom;
  CursorPosition by_nom{std::string("eclat d'ambre"), "prf_x"};
  q.cursor = EncodeCursor(q, by_nom);
  back = DecodeCursor(q);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, by_nom);
}

TEST(ListCursor, IsUrlSafe) {
  ListQuery q = Query();
  const std::string c = EncodeCursor(q, CursorPosition{int64_t{1} << 62, "prf_zz"});
  for (char ch : c) EXPECT_TRUE(isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_') << c;
}

TEST(ListCursor, EquivalentQueriesShareACursor) {
  ListQuery a = Query();
  ListQuery b = Query();
  b.recherche = "  BOISE ";
  b.marques = {"maison a", "MAISON B", "Maison A"};
  b.limit = 77;
  EXPECT_EQ(QueryFingerprint(a), QueryFingerprint(b));
  b.cursor = EncodeCursor(a, CursorPosition{int64_t{5}, "prf_a"});
  EXPECT_TRUE(DecodeCursor(b).ok());
}

TEST(ListCursor, EveryFilterAndSortChangesTheFingerprint) {
  const ListQuery base = Query();
  std::vector<ListQuery> variants(9, base);
  variants[0].recherche = "cuir";
  variants[1].marques = {"Maison A"};
  variants[2].famille = Famille::kCuir;
  variants[3].genre = Genre::kFeminin;
  variants[4].prix_min_cents = 0;
  variants[5].prix_max_cents = 10001;
  variants[6].en_stock = true;
  variants[7].sort = SortKey::kStock;
  variants[8].descending = false;
  for (size_t i = 0; i < variants.size(); ++i) {
    EXPECT_NE(QueryFingerprint(base), QueryFingerprint(variants[i])) << i;
    ListQuery q = variants[i];
    q.cursor = EncodeCursor(base, CursorPosition{int64_t{5}, "prf_a"});
    absl::StatusOr<CursorPosition> decoded = DecodeCursor(q);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << i;
    EXPECT_THAT(std::string(decoded.status().message()), StartsWith("cursor: belongs")) << i;
  }
}

TEST(ListCursor, RejectsMalformedCursors) {
  ListQuery q = Query();
  const std::string good = EncodeCursor(q, CursorPosition{int64_t{5}, "prf_a"});
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(good, &raw));
  std::string trailing;
  absl::WebSafeBase64Escape(raw + "x", &trailing);
  std::string bad_version = raw;
  bad_version[0] = 9;
  std::string bad_version_cursor;
  absl::WebSafeBase64Escape(bad_version, &bad_version_cursor);
  std::string no_id = raw.substr(0, raw.size() - 6) + std::string(1, '\0');
  std::string no_id_cursor;
  absl::WebSafeBase64Escape(no_id, &no_id_cursor);
  for (const std::string& bad :
       {std::string("x"), std::string("@@@@"), std::string("a b"), good.substr(0, good.size() / 2), trailing,
        bad_version_cursor, no_id_cursor, good + "=", std::string(kMaxCursorLength + 1, 'A')}) {
    q.cursor = bad;
    absl::StatusOr<CursorPosition> decoded = DecodeCursor(q);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(decoded.status().message()), StartsWith("cursor: malformed")) << bad;
  }
}

TEST(ListCursor, KeyKindMustMatchTheSort) {
  ListQuery by_nom = Query();
  by_nom.sort = SortKey::kNom;
  ListQuery forged = by_nom;
  // An integer key under a string sort (same fingerprint, wrong shape).
  forged.cursor = EncodeCursor(by_nom, CursorPosition{int64_t{3}, "prf_a"});
  EXPECT_EQ(DecodeCursor(forged).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parfumerie::catalog

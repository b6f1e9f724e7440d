#include "catalog/ids.h"

#include <set>

#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

TEST(NewParfumId, HasPrefixAndUrlSafeRandomPart) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewParfumId();
    ASSERT_EQ(id.size(), kParfumIdPrefix.size() + kRandomIdChars) << id;
    ASSERT_EQ(id.substr(0, 4), "prf_");
    for (char c : id.substr(4)) ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7')) << id;
    EXPECT_TRUE(IsWellFormedId(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IsWellFormedId, RejectsJunk) {
  EXPECT_FALSE(IsWellFormedId(""));
  EXPECT_FALSE(IsWellFormedId("prf_a/b"));
  EXPECT_FALSE(IsWellFormedId("prf a"));
  EXPECT_FALSE(IsWellFormedId("prf_é"));
  EXPECT_FALSE(IsWellFormedId(std::string(kMaxIdLength + 1, 'a')));
  EXPECT_TRUE(IsWellFormedId(std::string(kMaxIdLength, 'a')));
  EXPECT_TRUE(IsWellFormedId("prf_Ab-9"));
}

}  // namespace
}  // namespace parfumerie::catalog

#include "gateway/core/connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/numbers.h"

namespace parfumerie::gateway {
namespace {

using boost::json::array;
using boost::json::object;

// A list of `n` items served by pages of `page_size` with tokens "p<offset>",
// as the services do.
struct FakeList {
  int n;
  std::pair<array, std::string> Page(const PageQuery& q) const {
    int offset = 0;
    if (!q.page_token.empty()) {
      EXPECT_TRUE(absl::SimpleAtoi(q.page_token.substr(1), &offset));
    }
    array nodes;
    for (int i = offset; i < std::min(n, offset + q.page_size); ++i) nodes.emplace_back(i);
    const int next = offset + q.page_size;
    return {nodes, next < n ? "p" + std::to_string(next) : ""};
  }
  object Connection(object args) const {
    absl::StatusOr<PageQuery> q = ReadPageArguments(args);
    EXPECT_TRUE(q.ok()) << q.status();
    auto [nodes, next] = Page(*q);
    return MakeConnection(*q, std::move(nodes), next, n);
  }
};

std::vector<int64_t> Nodes(const object& connection) {
  std::vector<int64_t> out;
  for (const auto& edge : connection.at("edges").as_array()) out.push_back(edge.at("node").as_int64());
  return out;
}

TEST(ConnectionTest, WalksAWholeListWithEndCursors) {
  FakeList list{7};
  std::vector<int64_t> seen;
  object args{{"first", 3}};
  for (int pages = 0; pages < 10; ++pages) {
    object c = list.Connection(args);
    for (int64_t v : Nodes(c)) seen.push_back(v);
    EXPECT_EQ(c.at("totalCount").as_int64(), 7);
    const object& info = c.at("pageInfo").as_object();
    if (!info.at("hasNextPage").as_bool()) break;
    args["after"] = info.at("endCursor");
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(ConnectionTest, ContinuesAfterAnyEdgeOfAPage) {
  FakeList list{10};
  object first = list.Connection(object{{"first", 5}});
  ASSERT_EQ(Nodes(first), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  // After the second edge, the next three are 2, 3, 4.
  const auto& cursor = first.at("edges").as_array()[1].at("cursor");
  object next = list.Connection(object{{"first", 3}, {"after", cursor}});
  EXPECT_EQ(Nodes(next), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_TRUE(next.at("pageInfo").at("hasNextPage").as_bool());
  EXPECT_TRUE(next.at("pageInfo").at("hasPreviousPage").as_bool());
}

TEST(ConnectionTest, EmptyListHasNullCursors) {
  FakeList list{0};
  object c = list.Connection(object{});
  EXPECT_TRUE(c.at("edges").as_array().empty());
  EXPECT_TRUE(c.at("pageInfo").at("endCursor").is_null());
  EXPECT_FALSE(c.at("pageInfo").at("hasNextPage").as_bool());
}

TEST(ConnectionTest, RefusesBadArgumentsNamingThem) {
  auto too_many = ReadPageArguments(object{{"first", 101}});
  EXPECT_EQ(too_many.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(too_many.status().message()), ::testing::StartsWith("first:"));
  EXPECT_FALSE(ReadPageArguments(object{{"first", -1}}).ok());
  for (const char* bad : {"%%%", "bm90IG91cnM", "czpYOnA1", "czowOnA1", "czo5OTk6cDU"}) {
    auto r = ReadPageArguments(object{{"after", bad}});
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith("after:")) << bad;
  }
}

}  // namespace
}  // namespace parfumerie::gateway

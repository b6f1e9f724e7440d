#include "delivery/list_cursor.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::delivery {
namespace {

using ::testing::HasSubstr;

const ListPosition kPos{Timestamp(std::chrono::milliseconds(1'700'000'000'123)), "liv_abc"};

TEST(PageTokenTest, RoundTripsForTheSameFilter) {
  for (std::optional<Statut> filter : {std::optional<Statut>(), std::optional<Statut>(Statut::kExpediee)}) {
    absl::StatusOr<ListPosition> back = DecodePageToken(filter, EncodePageToken(filter, kPos));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, kPos);
  }
}

TEST(PageTokenTest, IsRefusedUnderAnotherFilter) {
  const std::string token = EncodePageToken(Statut::kLivree, kPos);
  absl::Status s = DecodePageToken(std::nullopt, token).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("another statut filter"));
  EXPECT_FALSE(DecodePageToken(Statut::kEchec, token).ok());
}

TEST(PageTokenTest, MalformedTokensAreInvalidArgument) {
  for (const std::string& token : std::vector<std::string>{"!!!", "bm9wZQ", "bDF8KnwxMnw", std::string(600, 'a')}) {
    absl::Status s = DecodePageToken(std::nullopt, token).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_THAT(s.message(), HasSubstr("page_token: "));
  }
}

}  // namespace
}  // namespace parfumerie::delivery

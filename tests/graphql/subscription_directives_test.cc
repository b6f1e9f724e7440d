// @skip/@include on a subscription's root selections: decided without
// variable values by validation (graphql-js 16 SingleFieldSubscriptionsRule),
// with them by CreateSourceEventStream.
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graphql/schema.h"
#include "graphql/subscription.h"

namespace parfumerie::graphql {
namespace {

using ::testing::HasSubstr;
namespace json = boost::json;

constexpr const char* kSdl = R"(
  type Query { a: Int }
  type Subscription { tick: Int other: Int }
)";

class SubscriptionDirectivesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::move(BuildSchema(kSdl).value());
    ASSERT_TRUE(schema_->SetSubscriber("tick", [this](const ResolveInfo&, EventSink) {
      ++streams_;
      return absl::OkStatus();
    }).ok());
  }

  std::shared_ptr<Subscription> Run(const std::string& query, json::object variables = {}) {
    responses_.clear();
    Request request;
    request.query = query;
    request.variables = std::move(variables);
    return Subscribe(*schema_, request, {[this](std::string r) { responses_.push_back(std::move(r)); }, [] {}});
  }

  std::unique_ptr<Schema> schema_;
  std::vector<std::string> responses_;
  int streams_ = 0;
};

TEST_F(SubscriptionDirectivesTest, RootSkipByVariableIsRefusedAtTheVariable) {
  EXPECT_EQ(Run("subscription S($s: Boolean!) { tick @skip(if: $s) }", {{"s", true}}), nullptr);
  EXPECT_EQ(responses_, std::vector<std::string>{
      R"({"errors":[{"message":"Argument \"if\" of required type \"Boolean!\" was provided the variable \"$s\" )"
      R"(which was not provided a runtime value.","locations":[{"line":1,"column":47}]}]})"});
  EXPECT_EQ(streams_, 0);
}

TEST_F(SubscriptionDirectivesTest, RootIncludeByVariableIsRefusedEvenWhenItWouldKeepTheField) {
  EXPECT_EQ(Run("subscription S($i: Boolean = true) { tick @include(if: $i) }", {{"i", true}}), nullptr);
  ASSERT_EQ(responses_.size(), 1u);
  EXPECT_THAT(responses_[0], HasSubstr(R"(provided the variable \"$i\")"));
  EXPECT_EQ(streams_, 0);
}

TEST_F(SubscriptionDirectivesTest, FragmentsAtTheRootAreCollectedToo) {
  EXPECT_EQ(Run("subscription S($s: Boolean!) { ...F } fragment F on Subscription { ... @skip(if: $s) { tick } }",
                {{"s", false}}),
            nullptr);
  ASSERT_EQ(responses_.size(), 1u);
  EXPECT_THAT(responses_[0], HasSubstr(R"("locations":[{"line":1,"column":82}])"));
}

TEST_F(SubscriptionDirectivesTest, VariablesBelowTheRootFieldAreFine) {
  ASSERT_TRUE(schema_->SetSubscriber("other", [this](const ResolveInfo&, EventSink) {
    ++streams_;
    return absl::OkStatus();
  }).ok());
  EXPECT_NE(Run("subscription { tick @skip(if: false) }"), nullptr);
  EXPECT_NE(Run("subscription S($n: Boolean!) { tick @skip(if: true) @include(if: $n) other }", {{"n", true}}), nullptr);
  EXPECT_EQ(streams_, 2);
  EXPECT_TRUE(responses_.empty());
}

TEST_F(SubscriptionDirectivesTest, RootFieldSkippedByLiteralIsARequestError) {
  EXPECT_EQ(Run("subscription { tick @skip(if: true) }"), nullptr);
  ASSERT_EQ(responses_.size(), 1u);
  EXPECT_THAT(responses_[0], HasSubstr(R"("errors":[{"message":)"));
  EXPECT_THAT(responses_[0], ::testing::Not(HasSubstr(R"("data")")));
  EXPECT_EQ(streams_, 0);
}

}  // namespace
}  // namespace parfumerie::graphql

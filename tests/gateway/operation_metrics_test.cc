// Per-operation GraphQL metrics: labels, bounded names, and what counts as an error.
#include "gateway/metrics/operation_metrics.h"

#include <string>

#include <gtest/gtest.h>

#include "metrics/registry.h"
#include "scrape.h"

namespace parfumerie::gateway {
namespace {

using graphql::ast::OperationType;
using metrics::testing::SampleValue;

TEST(OperationMetricsTest, CountsAndTimesByTypeNameAndOutcome) {
  metrics::Registry registry;
  OperationMetrics m(&registry);
  m.Record(OperationType::kQuery, "Catalogue", false, 0.002);
  m.Record(OperationType::kQuery, "Catalogue", false, 0.004);
  m.Record(OperationType::kQuery, "Catalogue", true, 0.001);
  m.Record(OperationType::kMutation, "", false, 0.01);
  m.Record(std::nullopt, "Ignored", true, 0.0001);
  m.RecordSubscription("Suivi", false);
  m.RecordSubscription("Suivi", true);
  const std::string text = registry.Exposition();
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="Catalogue",outcome="ok"})m"), 2);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="Catalogue",outcome="error"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="mutation",operation_name="(anonymous)",outcome="ok"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="unknown",operation_name="(unknown)",outcome="error"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="subscription",operation_name="Suivi",outcome="ok"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="subscription",operation_name="Suivi",outcome="error"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operation_duration_seconds_count{operation_type="query",operation_name="Catalogue"})m"), 3);
  EXPECT_NEAR(*SampleValue(text, R"m(graphql_operation_duration_seconds_sum{operation_type="query",operation_name="Catalogue"})m"), 0.007, 1e-9);
  // Subscriptions live as long as their client: no duration.
  EXPECT_EQ(text.find(R"m(graphql_operation_duration_seconds_count{operation_type="subscription")m"), std::string::npos);
}

TEST(OperationMetricsTest, NamesBeyondTheLimitAreCountedAsOther) {
  metrics::Registry registry;
  OperationMetrics m(&registry, 2);
  EXPECT_EQ(m.NameLabel(OperationType::kQuery, "A"), "A");
  EXPECT_EQ(m.NameLabel(OperationType::kQuery, "B"), "B");
  EXPECT_EQ(m.NameLabel(OperationType::kQuery, "C"), "(other)");
  EXPECT_EQ(m.NameLabel(OperationType::kMutation, "A"), "A");  // known names stay
  EXPECT_EQ(m.NameLabel(OperationType::kQuery, ""), "(anonymous)");
  for (int i = 0; i < 1000; ++i) m.Record(OperationType::kQuery, "Q" + std::to_string(i), false, 0);
  const std::string text = registry.Exposition();
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="(other)",outcome="ok"})m"), 1000);
}

TEST(OperationMetricsTest, ErrorsAreTheResponsesThatStartWithThem) {
  EXPECT_TRUE(ResponseHasErrors(R"({"errors":[{"message":"x"}],"data":null})"));
  EXPECT_TRUE(ResponseHasErrors(R"({"errors":[{"message":"x"}]})"));
  EXPECT_FALSE(ResponseHasErrors(R"({"data":{"a":1}})"));
  // An alias named "errors" is data, not an error.
  EXPECT_FALSE(ResponseHasErrors(R"({"data":{"errors":"Query"}})"));
}

}  // namespace
}  // namespace parfumerie::gateway

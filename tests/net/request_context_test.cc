#include "net/request_context.h"

#include <gtest/gtest.h>

namespace parfumerie::net {
namespace {

TEST(RequestIdTest, AcceptsSaneIdsOnly) {
  EXPECT_TRUE(IsAcceptableRequestId("abc-123_4.5:6"));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId("a b"));
  EXPECT_FALSE(IsAcceptableRequestId("a\"b"));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'a')));
}

TEST(RequestIdTest, KeepsTheClientsOrMakesOne) {
  Headers h;
  h.Add("x-request-id", "my-id");
  EXPECT_EQ(RequestIdOf(h), "my-id");
  Headers bad;
  bad.Add("X-Request-Id", "bad id\r\n");
  EXPECT_EQ(RequestIdOf(bad).size(), 32u);
  EXPECT_NE(RequestIdOf(bad), RequestIdOf(bad));
  EXPECT_EQ(RequestIdOf(Headers{}).size(), 32u);
}

TEST(RequestContextTest, TheCallersSpanComesFromAValidTraceparentOnly) {
  Headers h;
  h.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  std::optional<trace::SpanContext> caller = CallerSpan(h);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(caller->span_id, "00f067aa0ba902b7");
  EXPECT_FALSE(caller->sampled);
  Headers garbage;
  garbage.Add("traceparent", "garbage");
  EXPECT_FALSE(CallerSpan(garbage));
  EXPECT_FALSE(CallerSpan(Headers{}));
}

}  // namespace
}  // namespace parfumerie::net

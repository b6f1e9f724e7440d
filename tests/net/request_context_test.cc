#include "net/request_context.h"

#include <gtest/gtest.h>

namespace parfumerie::net {
namespace {

constexpr char kValid[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(TraceParentTest, ParsesValidHeader) {
  auto tp = ParseTraceParent(kValid);
  ASSERT_TRUE(tp);
  EXPECT_EQ(tp->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(tp->parent_id, "00f067aa0ba902b7");
  EXPECT_EQ(tp->flags, 1);
}

TEST(TraceParentTest, RejectsInvalidHeaders) {
  EXPECT_FALSE(ParseTraceParent(""));
  EXPECT_FALSE(ParseTraceParent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
  EXPECT_FALSE(ParseTraceParent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));
  EXPECT_FALSE(ParseTraceParent("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
}

TEST(TraceParentTest, AcceptsFutureVersionWithExtraFields) {
  EXPECT_TRUE(ParseTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what"));
}

TEST(RequestIdTest, AcceptsSaneIdsOnly) {
  EXPECT_TRUE(IsAcceptableRequestId("abc-123_4.5:6"));
  EXPECT_FALSE(IsAcceptableRequestId(""));
  EXPECT_FALSE(IsAcceptableRequestId("a b"));
  EXPECT_FALSE(IsAcceptableRequestId("a\"b"));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'a')));
}

TEST(RequestContextTest, KeepsCallerTraceAndRequestId) {
  Headers h;
  h.Add("traceparent", kValid);
  h.Add("x-request-id", "my-id");
  log::Context ctx = MakeRequestContext(h);
  EXPECT_EQ(ctx.trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(ctx.span_id.size(), 16u);
  EXPECT_NE(ctx.span_id, "00f067aa0ba902b7");  // our own span, child of the caller's
  EXPECT_EQ(ctx.request_id, "my-id");
}

TEST(RequestContextTest, GeneratesWhatIsMissingOrInvalid) {
  Headers h;
  h.Add("traceparent", "garbage");
  h.Add("X-Request-Id", "bad id\r\n");
  log::Context ctx = MakeRequestContext(h);
  EXPECT_EQ(ctx.trace_id.size(), 32u);
  EXPECT_EQ(ctx.request_id.size(), 32u);
  EXPECT_NE(ctx.request_id, MakeRequestContext(h).request_id);
}

}  // namespace
}  // namespace parfumerie::net

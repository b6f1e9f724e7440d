#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <vector>

#include "common/log.h"
#include "trace/tracer.h"

namespace parfumerie::trace {
namespace {

constexpr char kParent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class Collect final : public Exporter {
 public:
  void Export(SpanData span) override {
    std::lock_guard lock(mu);
    spans.push_back(std::move(span));
  }
  std::mutex mu;
  std::vector<SpanData> spans;
};

// Installs a collecting exporter for the test, and none afterwards.
class SpanTest : public ::testing::Test {
 protected:
  void SetUp() override { Tracer::Global().SetExporter(collect_); }
  void TearDown() override {
    Tracer::Global().SetExporter(nullptr);
    Tracer::Global().SetSampleRatio(1);
  }
  std::shared_ptr<Collect> collect_ = std::make_shared<Collect>();
};

TEST(TraceParentTest, ParsesAndFormatsBack) {
  auto ctx = ParseTraceParent(kParent);
  ASSERT_TRUE(ctx);
  EXPECT_EQ(ctx->trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(ctx->span_id, "00f067aa0ba902b7");
  EXPECT_TRUE(ctx->sampled);
  EXPECT_EQ(FormatTraceParent(*ctx), kParent);
}

TEST(TraceParentTest, ReadsTheSampledFlag) {
  auto ctx = ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  ASSERT_TRUE(ctx);
  EXPECT_FALSE(ctx->sampled);
  EXPECT_TRUE(ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")->sampled);
  EXPECT_EQ(FormatTraceParent(*ctx), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
}

TEST(TraceParentTest, RejectsInvalidValues) {
  EXPECT_FALSE(ParseTraceParent(""));
  EXPECT_FALSE(ParseTraceParent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"));
  EXPECT_FALSE(ParseTraceParent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
  EXPECT_FALSE(ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));
  EXPECT_TRUE(ParseTraceParent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what"));
}

TEST(TraceParentTest, NewIdsAreHexOfTheRightLength) {
  const std::string t = NewTraceId(), s = NewSpanId();
  EXPECT_EQ(t.size(), 32u);
  EXPECT_EQ(s.size(), 16u);
  EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(NewTraceId(), t);
}

TEST_F(SpanTest, ChildOfAParentKeepsItsTraceAndLinksToIt) {
  const SpanContext parent = *ParseTraceParent(kParent);
  {
    Span span = Span::Start("GET /parfums", SpanKind::kServer, parent, 100);
    span.SetAttribute("http.response.status_code", 200);
    span.SetAttribute("http.route", "/parfums");
    span.SetAttribute("retry", false);
    EXPECT_EQ(span.context().trace_id, parent.trace_id);
    EXPECT_NE(span.context().span_id, parent.span_id);
    EXPECT_EQ(span.TraceParent(), "00-" + parent.trace_id + "-" + span.context().span_id + "-01");
    span.End(250);
    span.End(999);  // idempotent
  }
  ASSERT_EQ(collect_->spans.size(), 1u);
  const SpanData& d = collect_->spans[0];
  EXPECT_EQ(d.parent_span_id, "00f067aa0ba902b7");
  EXPECT_EQ(d.name, "GET /parfums");
  EXPECT_EQ(d.kind, SpanKind::kServer);
  EXPECT_EQ(d.start_unix_nanos, 100);
  EXPECT_EQ(d.end_unix_nanos, 250);
  ASSERT_EQ(d.attributes.size(), 3u);
  EXPECT_EQ(d.attributes[0], (Attribute{"http.response.status_code", int64_t{200}}));
  EXPECT_EQ(d.attributes[1], (Attribute{"http.route", std::string("/parfums")}));
  EXPECT_EQ(d.attributes[2], (Attribute{"retry", false}));
  EXPECT_EQ(d.status, StatusCode::kUnset);
}

TEST_F(SpanTest, WithoutAParentStartsATrace) {
  { Span root = Span::Start("job", SpanKind::kInternal, SpanContext{}); }
  ASSERT_EQ(collect_->spans.size(), 1u);
  EXPECT_EQ(collect_->spans[0].trace_id.size(), 32u);
  EXPECT_TRUE(collect_->spans[0].parent_span_id.empty());
}

TEST_F(SpanTest, ErrorStatusAndRename) {
  {
    Span span = Span::Start("HTTP", SpanKind::kServer, SpanContext{});
    span.SetName("POST /graphql");
    span.SetError("handler threw");
  }
  ASSERT_EQ(collect_->spans.size(), 1u);
  EXPECT_EQ(collect_->spans[0].name, "POST /graphql");
  EXPECT_EQ(collect_->spans[0].status, StatusCode::kError);
  EXPECT_EQ(collect_->spans[0].status_message, "handler threw");
}

TEST_F(SpanTest, AMovedSpanEndsOnce) {
  {
    Span a = Span::Start("a", SpanKind::kInternal, SpanContext{});
    Span b = std::move(a);
    Span c;
    c = std::move(b);
    EXPECT_TRUE(c.active());
  }
  EXPECT_EQ(collect_->spans.size(), 1u);
}

TEST_F(SpanTest, ScopedSpanIsTheThreadsContextAndParentOfNestedOnes) {
  log::ScopedContext request(log::Context{"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "req-1"});
  std::string outer_id;
  {
    ScopedSpan outer("outer");
    outer_id = outer->context().span_id;
    EXPECT_EQ(log::CurrentContext().span_id, outer_id);
    EXPECT_EQ(log::CurrentContext().trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(log::CurrentContext().request_id, "req-1");
    EXPECT_EQ(CurrentTraceParent(), outer->TraceParent());
    {
      ScopedSpan inner("inner", SpanKind::kClient);
      EXPECT_EQ(log::CurrentContext().span_id, inner->context().span_id);
    }
    EXPECT_EQ(log::CurrentContext().span_id, outer_id);
  }
  EXPECT_EQ(log::CurrentContext().span_id, "00f067aa0ba902b7");
  ASSERT_EQ(collect_->spans.size(), 2u);
  EXPECT_EQ(collect_->spans[0].name, "inner");
  EXPECT_EQ(collect_->spans[0].parent_span_id, outer_id);
  EXPECT_EQ(collect_->spans[1].parent_span_id, "00f067aa0ba902b7");
}

TEST_F(SpanTest, StoreSpansStartOnlyInsideATrace) {
  EXPECT_FALSE(Span::StartInCurrentTrace("sqlite.transaction").active());
  log::ScopedContext request(log::Context{"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", ""});
  EXPECT_TRUE(Span::StartInCurrentTrace("sqlite.transaction").active());
}

TEST_F(SpanTest, AnUnsampledTraceKeepsItsIdsButRecordsNothing) {
  const SpanContext parent = *ParseTraceParent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
  {
    Span span = Span::Start("x", SpanKind::kServer, parent);
    EXPECT_TRUE(span.active());
    EXPECT_FALSE(span.recording());
    EXPECT_TRUE(span.TraceParent().ends_with("-00"));  // downstream does not sample either
    ScopedSpan child("y", SpanKind::kInternal, span.context());
    EXPECT_FALSE(child->recording());
  }
  EXPECT_TRUE(collect_->spans.empty());
}

TEST_F(SpanTest, SampleRatioDecidesNewTracesByTraceId) {
  Tracer::Global().SetSampleRatio(0);
  EXPECT_FALSE(Span::Start("x", SpanKind::kServer, SpanContext{}).recording());
  Tracer::Global().SetSampleRatio(0.5);
  EXPECT_TRUE(Tracer::Global().SampleNewTrace("4bf92f3577b34da60000000000000001"));
  EXPECT_FALSE(Tracer::Global().SampleNewTrace("4bf92f3577b34da6ffffffffffffffff"));
  // A caller's sampled decision wins over the ratio.
  Tracer::Global().SetSampleRatio(0);
  EXPECT_TRUE(Span::Start("x", SpanKind::kServer, *ParseTraceParent(kParent)).recording());
}

TEST(SpanWithoutExporterTest, KeepsIdsOnlyAndExportsNothing) {
  Span span = Span::Start("x", SpanKind::kServer, SpanContext{});
  EXPECT_TRUE(span.active());
  EXPECT_FALSE(span.recording());
  span.SetAttribute("k", "v");  // a no-op
}

}  // namespace
}  // namespace parfumerie::trace

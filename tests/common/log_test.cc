#include "common/log.h"

#include "gtest/gtest.h"

namespace parfumerie::log {
namespace {

TEST(LogTest, JsonEscapingCoversQuotesBackslashesAndControls) {
  std::string out;
  AppendJsonEscaped(out, "a\"b\\c\nd\x01" "é");
  EXPECT_EQ(out, "a\\\"b\\\\c\\nd\\u0001é");
  // Escapes at both ends, runs between them, and appending to what is there.
  out = "x";
  AppendJsonEscaped(out, "\"\tplain text\r\x1f\\");
  EXPECT_EQ(out, "x\\\"\\tplain text\\r\\u001f\\\\");
  out.clear();
  AppendJsonEscaped(out, "");
  AppendJsonEscaped(out, "nothing to escape");
  EXPECT_EQ(out, "nothing to escape");
}

TEST(LogTest, ScopedContextNestsAndRestores) {
  EXPECT_TRUE(CurrentContext().trace_id.empty());
  {
    ScopedContext outer({.trace_id = "t1", .span_id = "s1", .request_id = "r1"});
    EXPECT_EQ(CurrentContext().trace_id, "t1");
    {
      ScopedContext inner({.trace_id = "t2"});
      EXPECT_EQ(CurrentContext().trace_id, "t2");
      EXPECT_TRUE(CurrentContext().request_id.empty());
    }
    EXPECT_EQ(CurrentContext().request_id, "r1");
  }
  EXPECT_TRUE(CurrentContext().trace_id.empty());
}

TEST(LogTest, UnknownLevelIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(Init(Format::kJson, "loud")));
  EXPECT_TRUE(Init(Format::kJson, "off").ok());
  EXPECT_TRUE(Init(Format::kText, "info").ok());
}

}  // namespace
}  // namespace parfumerie::log

#include "net/http_message.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "net/json_writer.h"

namespace parfumerie::net {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ParseTargetTest, SplitsPathAndDecodesQuery) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  ASSERT_TRUE(ParseTarget("/parfums?recherche=bois%C3%A9+doux&marque=A&marque=B&&x", path, query));
  EXPECT_EQ(path, "/parfums");
  EXPECT_THAT(query, ElementsAre(Pair("recherche", "boisé doux"), Pair("marque", "A"),
                                 Pair("marque", "B"), Pair("x", "")));
}

TEST(ParseTargetTest, RejectsBadTargets) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  EXPECT_FALSE(ParseTarget("parfums", path, query));
  EXPECT_FALSE(ParseTarget("*", path, query));
  EXPECT_FALSE(ParseTarget("ftp://x/parfums", path, query));
  EXPECT_FALSE(ParseTarget("/p?a=%4", path, query));
  EXPECT_FALSE(ParseTarget("/p?a=%g0", path, query));
}

TEST(ParseTargetTest, ReducesAbsoluteFormToOriginForm) {
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  ASSERT_TRUE(ParseTarget("http://shop.example:3003/parfums?limite=2", path, query));
  EXPECT_EQ(path, "/parfums");
  EXPECT_THAT(query, ElementsAre(Pair("limite", "2")));
  ASSERT_TRUE(ParseTarget("https://shop.example", path, query));
  EXPECT_EQ(path, "/");
}

TEST(HeadersTest, NamesAreCaseInsensitive) {
  Headers h;
  h.Add("Content-Type", "a");
  EXPECT_EQ(h.Get("content-type"), "a");
  h.Set("CONTENT-TYPE", "b");
  EXPECT_EQ(h.fields().size(), 1u);
  EXPECT_EQ(h.Get("Content-Type"), "b");
  EXPECT_FALSE(h.Get("Accept"));
}

TEST(ReasonPhraseTest, NamesEveryStatusTheServersSend) {
  for (int status : {200, 201, 204, 304, 400, 401, 403, 404, 405, 406, 409, 412, 413, 415, 422, 426, 428, 429,
                     431, 500, 503}) {
    EXPECT_NE(ReasonPhrase(status), "Unknown") << status;
  }
  EXPECT_EQ(ReasonPhrase(426), "Upgrade Required");
}

TEST(JsonWriterTest, WritesNestedValuesWithCommas) {
  JsonWriter w;
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x\"").Bool(true).Null().EndArray();
  w.Key("prix").RawNumber("49.90").Key("o").BeginObject().EndObject().EndObject();
  EXPECT_EQ(w.str(), R"({"a":1,"b":["x\"",true,null],"prix":49.90,"o":{}})");
}

}  // namespace
}  // namespace parfumerie::net

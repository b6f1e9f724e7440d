#include "net/router.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace parfumerie::net {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

boost::asio::awaitable<Response> Ok(Request) { co_return Response::Json(200, "{}"); }

Router MakeRouter() {
  Router r;
  r.Add("GET", "/parfums", Ok);
  r.Add("POST", "/parfums", Ok);
  r.Add("GET", "/parfums/{id}", Ok);
  r.Add("PATCH", "/parfums/{id}", Ok);
  r.Add("DELETE", "/parfums/{id}", Ok);
  r.Add("POST", "/parfums/{id}/stock", Ok);
  r.Add("GET", "/images/parfums/{id}.svg", Ok);
  return r;
}

TEST(RouterTest, AMatchNamesItsPattern) {
  Router router;
  router.Add("GET", "/parfums/{id}", [](Request) -> boost::asio::awaitable<Response> { co_return Response{}; });
  Router::Match match = router.Route("GET", "/parfums/prf_1");
  ASSERT_EQ(match.outcome, Router::Outcome::kFound);
  ASSERT_NE(match.pattern, nullptr);
  EXPECT_EQ(*match.pattern, "/parfums/{id}");
  EXPECT_EQ(router.Route("GET", "/nope").pattern, nullptr);
}

TEST(RouterTest, MatchesLiteralPath) {
  Router r = MakeRouter();
  auto m = r.Route("GET", "/parfums");
  EXPECT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_NE(m.handler, nullptr);
  EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, CapturesAndDecodesParameters) {
  Router r = MakeRouter();
  auto m = r.Route("POST", "/parfums/a%20b/stock");
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_THAT(m.params, ElementsAre(Pair("id", "a b")));
}

TEST(RouterTest, CaptureWithSuffix) {
  Router r = MakeRouter();
  auto m = r.Route("GET", "/images/parfums/p-42.svg");
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_THAT(m.params, ElementsAre(Pair("id", "p-42")));
  EXPECT_EQ(r.Route("GET", "/images/parfums/.svg").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(r.Route("GET", "/images/parfums/p-42.png").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Route("GET", "/").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(r.Route("GET", "/parfums/x/y").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(r.Route("GET", "/parfums/").outcome, Router::Outcome::kNotFound);  // empty id
  EXPECT_EQ(r.Route("GET", "parfums").outcome, Router::Outcome::kNotFound);
  EXPECT_EQ(r.Route("GET", "").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, KnownPathOtherMethodListsAllowedMethods) {
  Router r = MakeRouter();
  auto m = r.Route("PUT", "/parfums/x");
  EXPECT_EQ(m.outcome, Router::Outcome::kMethodNotAllowed);
  EXPECT_THAT(m.allowed, ElementsAre("DELETE", "GET", "PATCH"));
}

TEST(RouterTest, BadEscapeInCaptureDoesNotMatch) {
  Router r = MakeRouter();
  EXPECT_EQ(r.Route("GET", "/parfums/%zz").outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, ListsRoutesInOrder) {
  Router r;
  r.Add("GET", "/a", Ok);
  r.Add("POST", "/b/{x}", Ok);
  auto routes = r.Routes();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[1].method, "POST");
  EXPECT_EQ(routes[1].pattern, "/b/{x}");
}

TEST(RouterDeathTest, DuplicateRouteAborts) {
  Router r;
  r.Add("GET", "/a", Ok);
  EXPECT_DEATH(r.Add("GET", "/a", Ok), "registered twice");
}

TEST(RouterDeathTest, MalformedPatternAborts) {
  Router r;
  EXPECT_DEATH(r.Add("GET", "/a/{}", Ok), "bad capture");
  EXPECT_DEATH(r.Add("GET", "a", Ok), "must start");
}

}  // namespace
}  // namespace parfumerie::net

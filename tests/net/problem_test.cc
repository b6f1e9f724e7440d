#include "net/problem.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parfumerie::net {
namespace {

namespace json = boost::json;

TEST(ProblemTest, MapsEveryCanonicalCode) {
  using C = absl::StatusCode;
  EXPECT_EQ(HttpStatusFor(C::kOk), 200);
  EXPECT_EQ(HttpStatusFor(C::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(C::kOutOfRange), 400);
  EXPECT_EQ(HttpStatusFor(C::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(C::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(C::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(C::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(C::kAborted), 409);
  EXPECT_EQ(HttpStatusFor(C::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(C::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(C::kUnimplemented), 501);
  EXPECT_EQ(HttpStatusFor(C::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(C::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(C::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(C::kUnknown), 500);
  EXPECT_EQ(HttpStatusFor(C::kDataLoss), 500);
  EXPECT_EQ(HttpStatusFor(C::kCancelled), 500);
}

Request SomeRequest() {
  Request r;
  r.method = "GET";
  r.path = "/parfums/p1";
  r.context.request_id = "req-1";
  return r;
}

TEST(ProblemTest, BodyFollowsRfc9457) {
  Response res = StatusResponse(absl::NotFoundError("no perfume with id 'p1'"), SomeRequest());
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(res.headers.Get("Content-Type"), "application/problem+json");
  json::object body = json::parse(res.body).as_object();
  EXPECT_EQ(body.at("type"), "about:blank");
  EXPECT_EQ(body.at("title"), "Not Found");
  EXPECT_EQ(body.at("status"), 404);
  EXPECT_EQ(body.at("detail"), "no perfume with id 'p1'");
  EXPECT_EQ(body.at("instance"), "/parfums/p1");
  EXPECT_EQ(body.at("code"), "NOT_FOUND");
  EXPECT_EQ(body.at("requestId"), "req-1");
}

TEST(ProblemTest, InternalDetailsNeverLeak) {
  for (auto status :
       {absl::InternalError("sqlite: disk I/O error at /var/lib/x.db"),
        absl::UnknownError("SELECT * FROM parfum"), absl::UnavailableError("database is locked")}) {
    Response res = StatusResponse(status, SomeRequest());
    EXPECT_GE(res.status, 500);
    EXPECT_EQ(res.body.find("sqlite"), std::string::npos);
    EXPECT_EQ(res.body.find("SELECT"), std::string::npos);
    EXPECT_EQ(res.body.find("locked"), std::string::npos);
    json::object body = json::parse(res.body).as_object();
    EXPECT_FALSE(body.at("detail").as_string().empty());
  }
}

TEST(ProblemTest, HttpStatusCanBeRefined) {
  Response res =
      StatusResponse(absl::AbortedError("version 3 expected, 4 stored"), SomeRequest(), 412);
  EXPECT_EQ(res.status, 412);
  json::object body = json::parse(res.body).as_object();
  EXPECT_EQ(body.at("title"), "Precondition Failed");
  EXPECT_EQ(body.at("code"), "ABORTED");
}

TEST(ProblemTest, DetailIsEscaped) {
  Response res = StatusResponse(absl::InvalidArgumentError("bad \"nom\"\n"), SomeRequest());
  json::object body = json::parse(res.body).as_object();
  EXPECT_EQ(body.at("detail"), "bad \"nom\"\n");
}

}  // namespace
}  // namespace parfumerie::net

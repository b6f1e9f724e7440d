#include "gateway/http/media_type.h"

#include <gtest/gtest.h>

#include "gateway/http/cors.h"

namespace parfumerie::gateway::http {
namespace {

constexpr auto kGraphql = ResponseMediaType::kGraphqlResponseJson;
constexpr auto kJson = ResponseMediaType::kJson;

TEST(NegotiateResponseTest, LegacyClientsGetApplicationJson) {
  EXPECT_EQ(NegotiateResponse(std::nullopt), kJson);
  EXPECT_EQ(NegotiateResponse(""), kJson);
  EXPECT_EQ(NegotiateResponse("*/*"), kJson);
  EXPECT_EQ(NegotiateResponse("application/*"), kJson);
  EXPECT_EQ(NegotiateResponse("text/html,application/xhtml+xml,*/*;q=0.8"), kJson);
}

TEST(NegotiateResponseTest, NamedTypesWinByQualityThenSpecificity) {
  EXPECT_EQ(NegotiateResponse("application/graphql-response+json"), kGraphql);
  EXPECT_EQ(NegotiateResponse("application/json"), kJson);
  EXPECT_EQ(NegotiateResponse("application/graphql-response+json,application/json;q=0.9"), kGraphql);
  EXPECT_EQ(NegotiateResponse("application/graphql-response+json;q=0.5, application/json"), kJson);
  EXPECT_EQ(NegotiateResponse("application/json, application/graphql-response+json"), kGraphql);
  EXPECT_EQ(NegotiateResponse("application/json, */*"), kJson);
  EXPECT_EQ(NegotiateResponse("application/graphql-response+json, */*"), kGraphql);
  EXPECT_EQ(NegotiateResponse("Application/JSON; charset=utf-8"), kJson);
}

TEST(NegotiateResponseTest, NothingAcceptableIsNullopt) {
  EXPECT_EQ(NegotiateResponse("text/html"), std::nullopt);
  EXPECT_EQ(NegotiateResponse("application/xml, text/plain"), std::nullopt);
  EXPECT_EQ(NegotiateResponse("application/json;q=0"), std::nullopt);
  EXPECT_EQ(NegotiateResponse("application/json; charset=latin1"), std::nullopt);
  EXPECT_EQ(NegotiateResponse("*/*;q=0"), std::nullopt);
}

TEST(AcceptsHtmlTest, BrowsersNavigationsAskForHtml) {
  EXPECT_TRUE(AcceptsHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
  EXPECT_FALSE(AcceptsHtml(std::nullopt));
  EXPECT_FALSE(AcceptsHtml("*/*"));
  EXPECT_FALSE(AcceptsHtml("text/html;q=0, application/json"));
}

TEST(ClassifyContentTypeTest, OnlyJsonInUtf8) {
  EXPECT_EQ(ClassifyContentType("application/json"), RequestBodyType::kJson);
  EXPECT_EQ(ClassifyContentType("application/json; charset=utf-8"), RequestBodyType::kJson);
  EXPECT_EQ(ClassifyContentType("Application/Json;Charset=\"UTF-8\""), RequestBodyType::kJson);
  EXPECT_EQ(ClassifyContentType("application/json; charset=iso-8859-1"),
            RequestBodyType::kUnsupportedCharset);
  EXPECT_EQ(ClassifyContentType(std::nullopt), RequestBodyType::kUnsupported);
  EXPECT_EQ(ClassifyContentType("text/plain;charset=UTF-8"), RequestBodyType::kUnsupported);
  EXPECT_EQ(ClassifyContentType("application/graphql"), RequestBodyType::kUnsupported);
  // Empty values, null or not (an empty header): refused, no crash.
  EXPECT_EQ(ClassifyContentType(std::string_view()), RequestBodyType::kUnsupported);
  EXPECT_EQ(ClassifyContentType(""), RequestBodyType::kUnsupported);
  EXPECT_FALSE(AcceptsHtml(std::string_view()));
}

net::Request WithHeaders(std::vector<std::pair<std::string, std::string>> headers) {
  net::Request request;
  for (auto& [name, value] : headers) request.headers.Add(name, value);
  return request;
}

TEST(CorsPolicyTest, DisabledSendsNoCorsHeader) {
  CorsPolicy cors(CorsOptions{}, {"GET", "POST"});
  net::Response response;
  cors.Apply(WithHeaders({{"Origin", "http://a.example"}}), response);
  EXPECT_TRUE(response.headers.fields().empty());
  auto options = cors.Options(WithHeaders({{"Origin", "http://a.example"},
                                           {"Access-Control-Request-Method", "POST"}}));
  EXPECT_EQ(options.status, 204);
  EXPECT_EQ(options.headers.Get("Allow"), "GET, POST, OPTIONS");
  EXPECT_FALSE(options.headers.Get("Access-Control-Allow-Origin"));
}

TEST(CorsPolicyTest, ListedOriginsOnly) {
  CorsOptions options;
  options.allowed_origins = {"http://a.example"};
  CorsPolicy cors(options, {"GET", "POST"});
  net::Response allowed;
  cors.Apply(WithHeaders({{"Origin", "http://a.example"}}), allowed);
  EXPECT_EQ(allowed.headers.Get("Access-Control-Allow-Origin"), "http://a.example");
  EXPECT_EQ(allowed.headers.Get("Vary"), "Origin");
  net::Response other;
  cors.Apply(WithHeaders({{"Origin", "http://b.example"}}), other);
  EXPECT_FALSE(other.headers.Get("Access-Control-Allow-Origin"));
  EXPECT_EQ(other.headers.Get("Vary"), "Origin");
  auto preflight = cors.Options(WithHeaders({{"Origin", "http://a.example"},
                                             {"Access-Control-Request-Method", "POST"}}));
  EXPECT_EQ(preflight.headers.Get("Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(preflight.headers.Get("Access-Control-Allow-Headers"), "authorization, content-type");
  EXPECT_EQ(preflight.headers.Get("Access-Control-Max-Age"), "600");
}

TEST(CorsPolicyTest, StarAllowsAnyOrigin) {
  CorsOptions options;
  options.allowed_origins = {"*"};
  CorsPolicy cors(options, {"GET", "POST"});
  net::Response response;
  response.headers.Set("Vary", "Accept");
  cors.Apply(WithHeaders({{"Origin", "http://z.example"}}), response);
  EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(response.headers.Get("Vary"), "Accept, Origin");
}

}  // namespace
}  // namespace parfumerie::gateway::http

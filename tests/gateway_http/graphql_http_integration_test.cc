// The GraphQL-over-HTTP endpoint on a real HTTP server on 127.0.0.1:0, driven
// over real sockets: methods, content negotiation, errors, authentication,
// CORS and the GraphiQL page. (graphql-http's audits run in run_audit.sh.)
#include <fstream>
#include <memory>
#include <string>

#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gateway/http/graphql_http.h"
#include "graphql/service.h"
#include "http_test_client.h"
#include "metrics/registry.h"
#include "scrape.h"
#include "net/http_server.h"
#include "support/process.h"
#include "test_endpoint.h"

namespace parfumerie::gateway::http {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using net::testing::Fetch;
using net::testing::HeaderList;
using net::testing::Reply;
using namespace std::chrono_literals;

constexpr const char* kGraphqlResponse = "application/graphql-response+json";

// The test schema's endpoint at /graphql on its own server.
class TestServer {
 public:
  explicit TestServer(GraphqlHttpOptions options = {})
      : schema_(testing::MakeTestSchema()), service_(*schema_) {
    net::Router router;
    RegisterGraphqlHttp(router, "/graphql", std::move(options), service_,
                        testing::MakeTestContextFactory());
    net::HttpServerOptions server_options;
    server_options.address = "127.0.0.1";
    server_options.io_threads = 2;
    server_ = std::make_unique<net::HttpServer>(server_options, std::move(router));
    absl::Status started = server_->Start();
    EXPECT_TRUE(started.ok()) << started;
  }
  ~TestServer() { server_->Shutdown(1s); }

  Reply Post(const std::string& body, HeaderList headers = {}) {
    bool has_type = false;
    for (auto& [name, value] : headers) has_type |= name == "Content-Type";
    if (!has_type) headers.emplace_back("Content-Type", "application/json");
    return Fetch(server_->port(), "POST", "/graphql", body, headers);
  }
  Reply Get(const std::string& query_string, const HeaderList& headers = {}) {
    return Fetch(server_->port(), "GET", "/graphql" + query_string, "", headers);
  }
  Reply Options(const HeaderList& headers) {
    return Fetch(server_->port(), "OPTIONS", "/graphql", "", headers);
  }

 private:
  std::unique_ptr<graphql::Schema> schema_;
  graphql::Service service_;
  std::unique_ptr<net::HttpServer> server_;
};

std::string Encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string Body(const std::string& query) { return json::serialize(json::object{{"query", query}}); }

std::string ErrorCode(const Reply& reply) {
  auto body = json::parse(reply.body);
  const auto& error = body.at("errors").at(0).as_object();
  auto* code = error.if_contains("extensions") ? error.at("extensions").as_object().if_contains("code")
                                               : nullptr;
  return code ? std::string(code->as_string()) : "";
}

TEST(GraphqlHttpTest, PostAnswersInTheAcceptedMediaType) {
  TestServer server;
  Reply reply = server.Post(Body("{ hello }"), {{"Accept", kGraphqlResponse}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-type"), "application/graphql-response+json; charset=utf-8");
  EXPECT_EQ(reply.body, R"({"data":{"hello":"world"}})");
  reply = server.Post(Body("{ hello }"));  // No Accept: application/json.
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("content-type"), "application/json; charset=utf-8");
  reply = server.Post(Body("{ hello }"), {{"Accept", "text/plain"}});
  EXPECT_EQ(reply.status, 406);
  EXPECT_THAT(reply.body, HasSubstr("errors"));
}

TEST(GraphqlHttpTest, DeferredFieldsCompleteAcrossThreads) {
  TestServer server;
  Reply reply = server.Post(Body("{ later hello }"), {{"Accept", kGraphqlResponse}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"data":{"later":"done","hello":"world"}})");
}

TEST(GraphqlHttpTest, OperationsAreCountedByNameAndOutcome) {
  metrics::Registry registry;
  OperationMetrics operation_metrics(&registry);
  TestServer server(GraphqlHttpOptions{.metrics = &operation_metrics});
  EXPECT_EQ(server.Post(Body("query Hi { hello }")).status, 200);
  EXPECT_EQ(server.Get("?query=" + Encode("query Hi { hello }")).status, 200);
  EXPECT_EQ(server.Post(Body("query Bad { boom }")).status, 200);      // a field error
  EXPECT_EQ(server.Post(Body("mutation { bump }")).status, 200);       // anonymous
  EXPECT_EQ(server.Post(Body("{ nope }")).status, 200);                // does not validate
  EXPECT_EQ(server.Post(Body("{ later }")).status, 200);               // completes on another thread
  // Recorded before the response is written: no waiting.
  const std::string text = registry.Exposition();
  using metrics::testing::SampleValue;
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="Hi",outcome="ok"})m"), 2);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="Bad",outcome="error"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="mutation",operation_name="(anonymous)",outcome="ok"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="unknown",operation_name="(unknown)",outcome="error"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operations_total{operation_type="query",operation_name="(anonymous)",outcome="ok"})m"), 1);
  EXPECT_EQ(SampleValue(text, R"m(graphql_operation_duration_seconds_count{operation_type="query",operation_name="Hi"})m"), 2);
}

TEST(GraphqlHttpTest, RequestErrorsAre400OnlyWithGraphqlResponseJson) {
  TestServer server;
  for (const char* query : {"{ nope }", "{", "query Q { hello }"}) {
    std::string body = json::serialize(json::object{{"query", query}, {"operationName", "Other"}});
    EXPECT_EQ(server.Post(body, {{"Accept", kGraphqlResponse}}).status, 400) << query;
    Reply legacy = server.Post(body, {{"Accept", "application/json"}});
    EXPECT_EQ(legacy.status, 200) << query;
    EXPECT_FALSE(json::parse(legacy.body).as_object().contains("data"));
  }
  Reply field_error = server.Post(Body("{ boom hello }"), {{"Accept", kGraphqlResponse}});
  EXPECT_EQ(field_error.status, 200);
  EXPECT_THAT(field_error.body, HasSubstr(R"("data":{"boom":null,"hello":"world"})"));
}

TEST(GraphqlHttpTest, MalformedRequestsAre400WithAGraphqlError) {
  TestServer server;
  for (const char* body : {"{ \"not a JSON", "", "[1]", R"({"qeury":"{ hello }"})", R"({"query":1})",
                           R"({"query":"{ hello }","variables":"x"})",
                           R"({"query":"{ hello }","operationName":0})",
                           R"({"query":"{ hello }","extensions":[]})"}) {
    Reply reply = server.Post(body, {{"Accept", kGraphqlResponse}});
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.Header("content-type"), "application/graphql-response+json; charset=utf-8");
    EXPECT_THAT(reply.body, StartsWith(R"({"errors":[{"message":)")) << body;
  }
}

TEST(GraphqlHttpTest, OtherContentTypesAre415) {
  TestServer server;
  EXPECT_EQ(server.Post(Body("{ hello }"), {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(server.Post(Body("{ hello }"), {{"Content-Type", "application/json; charset=latin1"}}).status,
            415);
  EXPECT_EQ(server.Post(Body("{ hello }"), {{"Content-Type", "application/json; charset=UTF-8"}}).status,
            200);
}

TEST(GraphqlHttpTest, GetRunsQueriesButNotMutations) {
  TestServer server;
  Reply query = server.Get("?query=" + Encode("query Q { hello }") + "&operationName=Q&variables=" +
                           Encode("{}"));
  EXPECT_EQ(query.status, 200);
  EXPECT_EQ(query.body, R"({"data":{"hello":"world"}})");
  Reply mutation = server.Get("?query=" + Encode("mutation { bump }"), {{"Accept", kGraphqlResponse}});
  EXPECT_EQ(mutation.status, 405);
  EXPECT_EQ(mutation.Header("allow"), "POST");
  EXPECT_THAT(mutation.body, HasSubstr("POST"));
  Reply posted = server.Post(Body("mutation { bump }"));
  EXPECT_EQ(posted.status, 200);
  EXPECT_THAT(posted.body, HasSubstr(R"({"data":{"bump":)"));
  EXPECT_EQ(server.Get("").status, 400);  // No query, not a browser.
  EXPECT_EQ(server.Get("?query=" + Encode("{ hello }") + "&variables=" + Encode("[1]")).status, 400);
}

TEST(GraphqlHttpTest, BearerTokensReachTheContextFactory) {
  TestServer server;
  Reply good = server.Post(Body("{ whoami }"), {{"Authorization", "Bearer good"}});
  EXPECT_EQ(good.status, 200);
  EXPECT_EQ(good.body, R"({"data":{"whoami":"good"}})");
  EXPECT_EQ(server.Post(Body("{ whoami }")).body, R"({"data":{"whoami":"anonymous"}})");

  Reply bad = server.Post(Body("{ whoami }"), {{"Authorization", "Bearer bad"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_THAT(bad.Header("www-authenticate"), StartsWith("Bearer"));
  EXPECT_EQ(ErrorCode(bad), "UNAUTHENTICATED");
  for (const char* header : {"Basic Zm9vOmJhcg==", "Bearer", "Bearer a b", "Bearer <x>"}) {
    Reply malformed = server.Post(Body("{ whoami }"), {{"Authorization", header}});
    EXPECT_EQ(malformed.status, 401) << header;
    EXPECT_EQ(malformed.Header("www-authenticate"), "Bearer") << header;
    EXPECT_EQ(ErrorCode(malformed), "UNAUTHENTICATED") << header;
  }
}

TEST(GraphqlHttpTest, NoCorsHeadersUnlessConfigured) {
  TestServer server;
  Reply reply = server.Post(Body("{ hello }"), {{"Origin", "http://shop.example"}});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.Header("access-control-allow-origin"), "");
  EXPECT_THAT(reply.Header("vary"), Not(HasSubstr("Origin")));
  Reply preflight = server.Options({{"Origin", "http://shop.example"},
                                    {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("allow"), "GET, POST, OPTIONS");
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "");
  EXPECT_EQ(preflight.Header("access-control-allow-methods"), "");
}

TEST(GraphqlHttpTest, CorsForConfiguredOrigins) {
  GraphqlHttpOptions options;
  options.cors.allowed_origins = {"http://shop.example"};
  TestServer server(options);
  Reply preflight = server.Options({{"Origin", "http://shop.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.Header("access-control-allow-origin"), "http://shop.example");
  EXPECT_EQ(preflight.Header("access-control-allow-methods"), "GET, POST");
  EXPECT_EQ(preflight.Header("access-control-allow-headers"), "authorization, content-type");
  EXPECT_THAT(preflight.Header("vary"), HasSubstr("Origin"));

  Reply allowed = server.Post(Body("{ hello }"), {{"Origin", "http://shop.example"}});
  EXPECT_EQ(allowed.Header("access-control-allow-origin"), "http://shop.example");
  EXPECT_THAT(allowed.Header("vary"), HasSubstr("Origin"));
  Reply refused = server.Post(Body("{ whoami }"), {{"Origin", "http://evil.example"},
                                                   {"Authorization", "Bearer bad"}});
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.Header("access-control-allow-origin"), "");
  EXPECT_EQ(server.Options({{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}})
                .Header("access-control-allow-methods"),
            "");
}

constexpr const char* kBrowserAccept = "text/html,application/xhtml+xml,*/*;q=0.8";

TEST(GraphqlHttpTest, BrowsersGetGraphiql) {
  parfumerie::testing::TempDir dir;
  std::ofstream(dir.path() + "/index.html") << "<html>fake graphiql</html>";
  GraphqlHttpOptions options;
  options.graphiql_dir = dir.path();
  TestServer server(options);
  Reply page = server.Get("", {{"Accept", kBrowserAccept}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(page.body, "<html>fake graphiql</html>");
  // With a query, the same browser gets the query's result.
  Reply result = server.Get("?query=" + Encode("{ hello }"), {{"Accept", kBrowserAccept}});
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"data":{"hello":"world"}})");
}

TEST(GraphqlHttpTest, MissingGraphiqlSaysHowToBuildIt) {
  parfumerie::testing::TempDir dir;
  GraphqlHttpOptions options;
  options.graphiql_dir = dir.path() + "/nowhere";
  TestServer server(options);
  Reply page = server.Get("", {{"Accept", kBrowserAccept}});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_THAT(page.body, HasSubstr("GraphiQL is not built"));
  EXPECT_THAT(page.body, HasSubstr("web/graphiql/build.sh"));
}

}  // namespace
}  // namespace parfumerie::gateway::http

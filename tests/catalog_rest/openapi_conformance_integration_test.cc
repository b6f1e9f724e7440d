// The OpenAPI document against the running server: every route is documented
// and every documented operation exists; a table of sample requests reaches
// every documented status of every operation, and each answer has a
// documented status, content type, required headers and a body of the
// documented shape. Request bodies the server accepts conform to the
// documented request schema; bodies it refuses for their content do not.
#include <gmock/gmock.h>

#include <map>
#include <set>

#include "rest_fixture.h"
#include "schema_checker.h"

namespace parfumerie::catalog::rest {
namespace {

namespace json = boost::json;
using net::testing::HeaderList;
using net::testing::Reply;

using OpenApiConformanceTest = RestFixture;

struct Sample {
  std::string method;  // "GET"
  std::string path;    // documented path template
  std::string target;  // what is sent
  std::string body;    // sent as application/json unless headers say otherwise
  HeaderList headers;
  // The body is wrong by content (not by syntax or size): the documented
  // request schema must refuse it too.
  bool schema_must_refuse_body = false;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string MediaType(const std::string& content_type) {
  return Lower(content_type.substr(0, content_type.find(';')));
}

std::string OpKey(const std::string& method, const std::string& path) {
  return method + " " + path;
}

TEST_F(OpenApiConformanceTest, EveryRouteAnswersAsDocumented) {
  Reply doc_reply = Call("GET", "/openapi.json");
  ASSERT_EQ(doc_reply.status, 200);
  const json::value doc = json::parse(doc_reply.body);
  ASSERT_EQ(doc.at("openapi"), "3.1.0");
  SchemaChecker checker(doc);

  // 1. Routes and documented operations are the same set.
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, op] : item.as_object()) {
      if (method == "parameters") continue;
      documented.insert(OpKey(std::string(Lower(std::string(method))), std::string(path)));
    }
  }
  std::set<std::string> routed = {OpKey("get", "/healthz"), OpKey("get", "/readyz")};
  net::Router router;
  AddCatalogRoutes(router, *service_, pool_);
  for (const auto& route : router.Routes())
    routed.insert(OpKey(Lower(route.method), route.pattern));
  EXPECT_EQ(documented, routed) << "routes and the OpenAPI document disagree";

  // 2. Samples.
  std::string id = std::string(Create("Conforme", "Maison", "49.90", 5).at("id").as_string());
  std::string doomed = std::string(Create("Condamné").at("id").as_string());
  const std::string big = R"({"nom":")" + std::string(kMaxBody + 10, 'x') + R"("})";
  const HeaderList text = {{"Content-Type", "text/plain"}};
  const std::string valid_create =
      R"({"nom":"Nouveau","marque":"M","famille":"CUIR","genre":"MASCULIN","contenanceMl":30,"prixCentimes":2500,"notes":{"tete":["cuir"]}})";
  std::vector<Sample> samples = {
      {"GET", "/parfums", "/parfums"},
      {"GET", "/parfums", "/parfums?recherche=conforme&tri=prix&ordre=desc&limite=1&enStock=true"},
      {"GET", "/parfums", "/parfums?limite=0"},
      {"POST", "/parfums", "/parfums", valid_create},
      {"POST", "/parfums", "/parfums", R"({"nom":1})", {}, true},
      {"POST",
       "/parfums",
       "/parfums",
       R"({"nom":"x","marque":"m","famille":"FLORAL","genre":"MIXTE","contenanceMl":5,"prix":1,"id":"mine"})",
       {},
       true},
      {"POST", "/parfums", "/parfums", big},
      {"POST", "/parfums", "/parfums", valid_create, text},
      {"GET", "/parfums/{id}", "/parfums/" + id},
      {"GET", "/parfums/{id}", "/parfums/" + id, "", {{"If-None-Match", "\"1\""}}},
      {"GET", "/parfums/{id}", "/parfums/bad.id"},
      {"GET", "/parfums/{id}", "/parfums/prf_nope"},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, R"({"nom":"Renommé","prix":52.5})"},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, R"({"nom":"x"})", {{"If-Match", "\"99\""}}},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, R"({"stock":1})", {}, true},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, "{}", {}, true},
      {"PATCH", "/parfums/{id}", "/parfums/prf_nope", R"({"nom":"x"})"},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, big},
      {"PATCH", "/parfums/{id}", "/parfums/" + id, R"({"nom":"x"})", text},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", R"({"delta":2})"},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", R"({"delta":-1000})"},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", R"({"delta":1,"version":1})"},
      {"POST",
       "/parfums/{id}/stock",
       "/parfums/" + id + "/stock",
       R"({"delta":1})",
       {{"If-Match", "\"1\""}}},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", R"({"delta":0})", {}, true},
      {"POST", "/parfums/{id}/stock", "/parfums/prf_nope/stock", R"({"delta":1})"},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", big},
      {"POST", "/parfums/{id}/stock", "/parfums/" + id + "/stock", R"({"delta":1})", text},
      {"GET", "/images/parfums/{id}.svg", "/images/parfums/" + id + ".svg"},
      {"GET",
       "/images/parfums/{id}.svg",
       "/images/parfums/" + id + ".svg",
       "",
       {{"If-None-Match", "W/\"3\", \"4\""}}},
      {"GET", "/images/parfums/{id}.svg", "/images/parfums/bad.id.svg"},
      {"GET", "/images/parfums/{id}.svg", "/images/parfums/prf_nope.svg"},
      {"DELETE", "/parfums/{id}", "/parfums/" + doomed, "", {{"If-Match", "\"99\""}}},
      {"DELETE", "/parfums/{id}", "/parfums/" + doomed, "", {{"If-Match", "garbage"}}},
      {"DELETE", "/parfums/{id}", "/parfums/" + doomed},
      {"DELETE", "/parfums/{id}", "/parfums/" + doomed},
      {"GET", "/openapi.json", "/openapi.json"},
      {"GET", "/healthz", "/healthz"},
      {"GET", "/readyz", "/readyz"},
      {"GET", "/readyz", "/readyz"},  // run with readiness off, see below
  };

  std::map<std::string, std::set<std::string>> seen;  // operation -> statuses answered
  int readyz_runs = 0;
  for (const Sample& sample : samples) {
    if (sample.path == "/readyz") ready_ = readyz_runs++ == 0;
    std::string op_key = OpKey(Lower(sample.method), sample.path);
    SCOPED_TRACE(sample.method + " " + sample.target);
    Reply r = Call(sample.method, sample.target, sample.body, sample.headers);
    std::string status = std::to_string(r.status);
    seen[op_key].insert(status);

    const json::value& op = doc.at("paths").at(sample.path).at(Lower(sample.method));
    const json::object& responses = op.at("responses").as_object();
    if (!responses.contains(status)) {
      ADD_FAILURE() << "undocumented status " << status << ": " << r.body;
      continue;
    }
    const json::object& response = checker.Resolve(responses.at(status)).as_object();

    if (auto* headers = response.if_contains("headers")) {
      for (const auto& [name, header_ref] : headers->as_object()) {
        const json::object& header = checker.Resolve(header_ref).as_object();
        std::string value = r.Header(Lower(std::string(name)));
        if (header.contains("required") && header.at("required").as_bool()) {
          EXPECT_FALSE(value.empty()) << "missing header " << std::string(name);
        }
        if (!value.empty()) {
          EXPECT_THAT(checker.Check(header.at("schema"), json::value(value)), ::testing::IsEmpty())
              << "header " << std::string(name);
        }
      }
    }
    if (!response.contains("content")) {
      EXPECT_TRUE(r.body.empty()) << "documented without content: " << r.body;
    } else {
      std::string media = MediaType(r.Header("content-type"));
      const json::object& content = response.at("content").as_object();
      if (!content.contains(media)) {
        ADD_FAILURE() << "undocumented content type " << media;
        continue;
      }
      const json::value& schema = content.at(media).at("schema");
      json::value body = media.ends_with("json") ? json::parse(r.body) : json::value(r.body);
      EXPECT_THAT(checker.Check(schema, body), ::testing::IsEmpty()) << r.body.substr(0, 400);
    }

    // Request bodies: accepted ones conform, refused-for-content ones do not.
    if (auto* request_body = op.as_object().if_contains("requestBody");
        request_body != nullptr && !sample.body.empty() && sample.body.size() < kMaxBody) {
      const json::object& content = request_body->at("content").as_object();
      std::string media = "application/json";
      for (const auto& [name, value] : sample.headers) {
        if (name == "Content-Type") media = MediaType(value);
      }
      if (content.contains(media)) {
        auto problems = checker.Check(content.at(media).at("schema"), json::parse(sample.body));
        if (r.status < 300) {
          EXPECT_THAT(problems, ::testing::IsEmpty()) << "accepted body";
        }
        if (sample.schema_must_refuse_body) {
          EXPECT_EQ(r.status, 400);
          EXPECT_THAT(problems, ::testing::Not(::testing::IsEmpty())) << "refused body";
        }
      }
    }
  }

  // 3. Every documented status of every operation was produced.
  for (const std::string& op_key : documented) {
    auto space = op_key.find(' ');
    const json::value& op =
        doc.at("paths").at(op_key.substr(space + 1)).at(op_key.substr(0, space));
    for (const auto& [status, unused] : op.at("responses").as_object()) {
      EXPECT_TRUE(seen[op_key].contains(std::string(status)))
          << op_key << " documents " << std::string(status) << " but no sample produced it";
    }
  }
}

}  // namespace
}  // namespace parfumerie::catalog::rest

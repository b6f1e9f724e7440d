// Every route of the catalogue's REST API and every kind of bad input, over
// real HTTP against the real service and SQLite store.
#include <gmock/gmock.h>

#include <future>
#include <set>

#include "rest_fixture.h"

namespace parfumerie::catalog::rest {
namespace {

namespace json = boost::json;
using net::testing::Reply;
using ::testing::HasSubstr;

using CatalogRestTest = RestFixture;

json::object Problem(const Reply& r, int status) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.Header("content-type"), "application/problem+json") << r.body;
  json::object p = json::parse(r.body).as_object();
  EXPECT_EQ(p.at("status"), status);
  return p;
}

std::string Detail(const Reply& r, int status) {
  return std::string(Problem(r, status).at("detail").as_string());
}

std::string Id(const json::object& o) { return std::string(o.at("id").as_string()); }

int64_t Total(CatalogRestTest& t) {
  return json::parse(t.Call("GET", "/parfums").body).at("total").as_int64();
}

TEST_F(CatalogRestTest, CreateThenGet) {
  Reply r = Call("POST", "/parfums",
                 R"({"nom":"Ambre Nuit","marque":"Maison Lumière","famille":"ORIENTAL",
                     "genre":"FEMININ","contenanceMl":100,"prix":129.9,"stock":3,
                     "notes":{"tete":["bergamote"],"coeur":["rose"],"fond":["ambre"]}})");
  ASSERT_EQ(r.status, 201) << r.body;
  json::object created = json::parse(r.body).as_object();
  std::string id = Id(created);
  EXPECT_EQ(r.Header("location"), "/parfums/" + id);
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  EXPECT_THAT(r.body, HasSubstr(R"("prix":129.90,"prixCentimes":12990)"));
  EXPECT_EQ(created.at("image").as_string(), "/images/parfums/" + id + ".svg");
  EXPECT_EQ(created.at("version"), 1);
  EXPECT_EQ(created.at("description"), "");

  Reply got = Call("GET", "/parfums/" + id);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(json::parse(got.body), json::value(created));
  EXPECT_EQ(got.Header("etag"), "\"1\"");

  Reply cached = Call("GET", "/parfums/" + id, "", {{"If-None-Match", "\"1\""}});
  EXPECT_EQ(cached.status, 304);
  EXPECT_TRUE(cached.body.empty());
}

TEST_F(CatalogRestTest, UnknownIdIs404) {
  EXPECT_EQ(Problem(Call("GET", "/parfums/prf_nope"), 404).at("code"), "NOT_FOUND");
  EXPECT_EQ(Call("PATCH", "/parfums/prf_nope", R"({"nom":"x"})").status, 404);
  EXPECT_EQ(Call("DELETE", "/parfums/prf_nope").status, 404);
  EXPECT_EQ(Call("POST", "/parfums/prf_nope/stock", R"({"delta":1})").status, 404);
  EXPECT_EQ(Call("GET", "/images/parfums/prf_nope.svg").status, 404);
}

TEST_F(CatalogRestTest, ListFiltersSortsAndPaginates) {
  Create("Vétiver Boisé", "Atelier Nord", "80", 0, "BOISE");
  Create("Cèdre Blanc", "Atelier Nord", "45.50", 2, "BOISE");
  Create("Rose Poudrée", "Maison Flore", "120.00", 7, "FLORAL");
  Create("Iris Gris", "Maison Flore", "99.99", 1, "FLORAL");
  Create("Néroli", "Soleil", "30", 4, "HESPERIDE");

  json::object all = json::parse(Call("GET", "/parfums").body).as_object();
  EXPECT_EQ(all.at("total"), 5);
  EXPECT_TRUE(all.at("nextCursor").is_null());

  // Accent- and case-insensitive search.
  json::object found = json::parse(Call("GET", "/parfums?recherche=BOISE").body).as_object();
  ASSERT_GE(found.at("items").as_array().size(), 1u);
  EXPECT_EQ(found.at("items").at(0).at("nom"), "Vétiver Boisé");

  json::object flore =
      json::parse(Call("GET", "/parfums?marque=Maison%20Flore&marque=Soleil").body).as_object();
  EXPECT_EQ(flore.at("total"), 3);

  json::object boise =
      json::parse(Call("GET", "/parfums?famille=BOISE&enStock=true").body).as_object();
  EXPECT_EQ(boise.at("total"), 1);
  EXPECT_EQ(boise.at("items").at(0).at("nom"), "Cèdre Blanc");

  json::object range =
      json::parse(Call("GET", "/parfums?prixMin=45.50&prixMax=99.99&tri=prix&ordre=desc").body)
          .as_object();
  ASSERT_EQ(range.at("total"), 3);
  EXPECT_EQ(range.at("items").at(0).at("prix"), 99.99);
  EXPECT_EQ(range.at("items").at(2).at("prix"), 45.5);

  // Pages of 2 cover all five, each once.
  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string target = "/parfums?tri=nom&limite=2" + (cursor.empty() ? "" : "&curseur=" + cursor);
    Reply r = Call("GET", target);
    ASSERT_EQ(r.status, 200) << r.body;
    json::object page = json::parse(r.body).as_object();
    for (const auto& item : page.at("items").as_array()) {
      EXPECT_TRUE(seen.insert(std::string(item.at("id").as_string())).second);
    }
    cursor = page.at("nextCursor").is_null() ? "" : std::string(page.at("nextCursor").as_string());
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);
}

TEST_F(CatalogRestTest, BadQueryParametersAre400) {
  for (const char* target :
       {"/parfums?limite=0", "/parfums?limite=101", "/parfums?limite=abc", "/parfums?prixMin=1e3",
        "/parfums?prixMax=-5", "/parfums?prixMin=9.999", "/parfums?tri=couleur",
        "/parfums?ordre=haut", "/parfums?enStock=peut-etre", "/parfums?famille=SUCRE",
        "/parfums?genre=X", "/parfums?inconnu=1", "/parfums?prixMin=50&prixMax=10"}) {
    Reply r = Call("GET", target);
    EXPECT_EQ(Problem(r, 400).at("code"), "INVALID_ARGUMENT") << target;
  }
  EXPECT_THAT(Detail(Call("GET", "/parfums?limite=0"), 400), HasSubstr("'limite'"));
}

TEST_F(CatalogRestTest, BadCursorIs400) {
  Create("A");
  EXPECT_EQ(Problem(Call("GET", "/parfums?curseur=garbage"), 400).at("code"), "INVALID_ARGUMENT");
  // A cursor is bound to its query: reused with other filters it is refused.
  Create("B");
  json::object page = json::parse(Call("GET", "/parfums?limite=1").body).as_object();
  std::string cursor(page.at("nextCursor").as_string());
  EXPECT_EQ(Call("GET", "/parfums?limite=1&curseur=" + cursor).status, 200);
  EXPECT_EQ(Call("GET", "/parfums?limite=1&tri=prix&curseur=" + cursor).status, 400);
}

TEST_F(CatalogRestTest, CreateRejectsBadInputAndWritesNothing) {
  EXPECT_THAT(Detail(Call("POST", "/parfums", "{\"nom\": \"x\",\n \"marque\": }"), 400),
              HasSubstr("malformed JSON at line 2, column 12"));
  EXPECT_THAT(Detail(Call("POST", "/parfums", R"({"nom":"x","id":"prf_mine"})"), 400),
              HasSubstr("'id' is read-only"));
  EXPECT_THAT(Detail(Call("POST", "/parfums", R"({"nom":"x","couleur":"rouge"})"), 400),
              HasSubstr("unknown field 'couleur'"));
  EXPECT_THAT(Detail(Call("POST", "/parfums", R"({"nom":5})"), 400),
              HasSubstr("'nom' must be a string"));
  std::string valid =
      R"({"nom":"Ok","marque":"M","famille":"FLORAL","genre":"MIXTE","contenanceMl":50,"prix":10})";
  // Rules the service enforces come back with the API's field names.
  std::string no_name = valid;
  no_name.replace(no_name.find(R"("Ok")"), 4, R"("  ")");
  EXPECT_THAT(Detail(Call("POST", "/parfums", no_name), 400), HasSubstr("nom"));
  std::string huge = valid;
  huge.replace(huge.find("50"), 2, "99999");
  EXPECT_THAT(Detail(Call("POST", "/parfums", huge), 400), HasSubstr("contenanceMl:"));
  std::string absurd = valid;
  absurd.replace(absurd.find(R"("prix":10)"), 9, R"("prix":1000000)");
  EXPECT_THAT(Detail(Call("POST", "/parfums", absurd), 400), HasSubstr("prix"));
  // Wrong or missing content type.
  EXPECT_EQ(
      Problem(Call("POST", "/parfums", valid, {{"Content-Type", "text/plain"}}), 415).at("code"),
      "INVALID_ARGUMENT");
  EXPECT_EQ(Call("POST", "/parfums", "").status, 415);
  // Oversized.
  std::string big = R"({"nom":")" + std::string(kMaxBody, 'x') + R"("})";
  EXPECT_EQ(Problem(Call("POST", "/parfums", big), 413).at("code"), "RESOURCE_EXHAUSTED");

  EXPECT_EQ(Total(*this), 0);
  EXPECT_EQ(
      Call("POST", "/parfums", valid, {{"Content-Type", "application/json; charset=utf-8"}}).status,
      201);
  EXPECT_EQ(Total(*this), 1);
}

TEST_F(CatalogRestTest, PatchUpdatesOnlyGivenFields) {
  json::object p = Create("Avant", "Maison", "10.00", 5);
  std::string url = "/parfums/" + Id(p);
  Reply r = Call("PATCH", url, R"({"nom":"Après","prix":12.5})");
  ASSERT_EQ(r.status, 200) << r.body;
  json::object after = json::parse(r.body).as_object();
  EXPECT_EQ(after.at("nom"), "Après");
  EXPECT_EQ(after.at("prixCentimes"), 1250);
  EXPECT_EQ(after.at("marque"), "Maison");
  EXPECT_EQ(after.at("stock"), 5);
  EXPECT_EQ(after.at("version"), 2);
  EXPECT_EQ(r.Header("etag"), "\"2\"");
  EXPECT_EQ(
      Call("PATCH", url, R"({"nom":"Merge"})", {{"Content-Type", "application/merge-patch+json"}})
          .status,
      200);
}

TEST_F(CatalogRestTest, PatchIfMatchPreventsLostUpdates) {
  json::object p = Create("Base");
  std::string url = "/parfums/" + Id(p);
  EXPECT_EQ(Call("PATCH", url, R"({"nom":"V2"})", {{"If-Match", "\"1\""}}).status, 200);
  json::object stale =
      Problem(Call("PATCH", url, R"({"nom":"Lost"})", {{"If-Match", "\"1\""}}), 412);
  EXPECT_EQ(stale.at("code"), "ABORTED");
  EXPECT_EQ(json::parse(Call("GET", url).body).at("nom"), "V2");
  EXPECT_EQ(Call("PATCH", url, R"({"nom":"Any"})", {{"If-Match", "*"}}).status, 200);
  EXPECT_EQ(
      Problem(Call("PATCH", url, R"({"nom":"x"})", {{"If-Match", "W/\"3\""}}), 400).at("code"),
      "INVALID_ARGUMENT");

  // Two writers racing on the same version: exactly one wins.
  auto write = [&](const std::string& nom) {
    return Call("PATCH", url, R"({"nom":")" + nom + R"("})", {{"If-Match", "\"3\""}}).status;
  };
  auto a = std::async(std::launch::async, write, "A");
  auto b = std::async(std::launch::async, write, "B");
  std::multiset<int> statuses{a.get(), b.get()};
  EXPECT_EQ(statuses, (std::multiset<int>{200, 412}));
}

TEST_F(CatalogRestTest, PatchRejectsBadInput) {
  std::string url = "/parfums/" + Id(Create("P"));
  EXPECT_THAT(Detail(Call("PATCH", url, R"({"stock":100})"), 400), HasSubstr("/stock"));
  EXPECT_THAT(Detail(Call("PATCH", url, R"({"version":9})"), 400), HasSubstr("read-only"));
  EXPECT_THAT(Detail(Call("PATCH", url, R"({"id":"other"})"), 400), HasSubstr("read-only"));
  EXPECT_THAT(Detail(Call("PATCH", url, R"({"prix":"cher"})"), 400), HasSubstr("'prix'"));
  EXPECT_THAT(Detail(Call("PATCH", url, "{}"), 400), HasSubstr("changes nothing"));
  EXPECT_THAT(Detail(Call("PATCH", url, "{\"nom\": "), 400), HasSubstr("malformed JSON"));
  Reply r = Call("PATCH", url, R"({"nom":"x"})", {{"Content-Type", "application/xml"}});
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(r.Header("accept-patch"), "application/json, application/merge-patch+json");
  EXPECT_EQ(json::parse(Call("GET", url).body).at("version"), 1);  // nothing written
}

TEST_F(CatalogRestTest, DeleteArchives) {
  std::string url = "/parfums/" + Id(Create("Bye"));
  EXPECT_EQ(Problem(Call("DELETE", url, "", {{"If-Match", "\"7\""}}), 412).at("code"), "ABORTED");
  EXPECT_EQ(Call("GET", url).status, 200);
  Reply r = Call("DELETE", url, "", {{"If-Match", "\"1\""}});
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Call("GET", url).status, 404);
  EXPECT_EQ(Call("DELETE", url).status, 404);
  EXPECT_EQ(Total(*this), 0);
}

TEST_F(CatalogRestTest, StockMovesByAtomicDeltasAndNeverGoesNegative) {
  std::string url = "/parfums/" + Id(Create("Stock", "M", "10", 5)) + "/stock";
  Reply r = Call("POST", url, R"({"delta":-3})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body).at("stock"), 2);
  EXPECT_EQ(r.Header("etag"), "\"2\"");

  json::object negative = Problem(Call("POST", url, R"({"delta":-3})"), 409);
  EXPECT_EQ(negative.at("code"), "FAILED_PRECONDITION");
  EXPECT_EQ(Problem(Call("POST", url, R"({"delta":1,"version":1})"), 409).at("code"), "ABORTED");
  EXPECT_EQ(Problem(Call("POST", url, R"({"delta":1})", {{"If-Match", "\"1\""}}), 412).at("code"),
            "ABORTED");
  EXPECT_EQ(Call("POST", url, R"({"delta":1,"version":2})").status, 200);
  EXPECT_EQ(Call("POST", url, R"({"delta":1,"version":2})", {{"If-Match", "\"3\""}}).status, 400);
  EXPECT_EQ(Call("POST", url, R"({"delta":0})").status, 400);
  EXPECT_EQ(Call("POST", url, R"({"delta":"1"})").status, 400);
  EXPECT_EQ(Call("POST", url, R"({"delta":1,"stock":4})").status, 400);
  EXPECT_EQ(Call("POST", url, R"({"delta":1})", {{"Content-Type", "text/plain"}}).status, 415);

  // Concurrent sales of the last units: stock ends at exactly 0.
  json::object now = json::parse(Call("GET", url.substr(0, url.size() - 6)).body).as_object();
  int64_t left = now.at("stock").as_int64();
  std::vector<std::future<int>> sales;
  for (int i = 0; i < left + 4; ++i) {
    sales.push_back(std::async(std::launch::async,
                               [&] { return Call("POST", url, R"({"delta":-1})").status; }));
  }
  int sold = 0, refused = 0;
  for (auto& s : sales) (s.get() == 200 ? sold : refused)++;
  EXPECT_EQ(sold, left);
  EXPECT_EQ(refused, 4);
  EXPECT_EQ(json::parse(Call("GET", url.substr(0, url.size() - 6)).body).at("stock"), 0);
}

TEST_F(CatalogRestTest, BottleImageIsCacheableSvg) {
  json::object p = Create("Image");
  Reply r = Call("GET", std::string(p.at("image").as_string()));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "image/svg+xml");
  EXPECT_THAT(r.body, HasSubstr("<svg"));
  EXPECT_EQ(r.Header("etag"), "\"1\"");
  EXPECT_THAT(r.Header("cache-control"), HasSubstr("max-age"));
  Reply again =
      Call("GET", std::string(p.at("image").as_string()), "", {{"If-None-Match", "\"1\""}});
  EXPECT_EQ(again.status, 304);
}

TEST_F(CatalogRestTest, ServesOpenApiAndHealth) {
  Reply r = Call("GET", "/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body).at("openapi"), "3.1.0");
  EXPECT_EQ(Call("GET", "/healthz").status, 200);
  EXPECT_EQ(Call("GET", "/readyz").status, 200);
  Reply wrong = Call("PUT", "/parfums/x", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "DELETE, GET, HEAD, PATCH");
}

TEST_F(CatalogRestTest, KeepAliveAcrossCalls) {
  net::testing::TestClient client(port_);
  for (int i = 0; i < 3; ++i) {
    Reply r = client.Send("GET", "/parfums");
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.keep_alive);
  }
}

}  // namespace
}  // namespace parfumerie::catalog::rest

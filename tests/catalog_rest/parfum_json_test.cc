#include "catalog/rest/parfum_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace parfumerie::catalog::rest {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

constexpr char kDraft[] = R"({
  "nom": "Ambre Nuit", "description": "Un ambre chaud.", "marque": "Maison Lumière",
  "famille": "ORIENTAL", "genre": "MIXTE", "contenanceMl": 100, "prix": 129.90,
  "notes": {"tete": ["bergamote"], "coeur": ["rose"], "fond": ["ambre", "vanille"]},
  "stock": 12
})";

Parfum SomeParfum() {
  Parfum p;
  p.id = "prf_1";
  p.nom = "Ambre \"Nuit\"";
  p.description = "Chaud";
  p.marque = "Maison";
  p.famille = Famille::kBoise;
  p.notes = Notes{{"a"}, {"b", "c"}, {}};
  p.contenance_ml = 50;
  p.genre = Genre::kFeminin;
  p.prix_cents = 4990;
  p.image = "/images/parfums/prf_1.svg";
  p.stock = 3;
  p.version = 7;
  p.created_at = Timestamp(std::chrono::milliseconds(1'700'000'000'123));
  p.updated_at = Timestamp(std::chrono::milliseconds(1'700'000'001'000));
  return p;
}

TEST(ParfumJsonTest, WritesEveryFieldWithFrenchNames) {
  std::string text = ParfumJson(SomeParfum());
  EXPECT_THAT(text, HasSubstr(R"("prix":49.90,"prixCentimes":4990)"));
  json::object o = json::parse(text).as_object();
  EXPECT_EQ(o.at("id"), "prf_1");
  EXPECT_EQ(o.at("nom"), "Ambre \"Nuit\"");
  EXPECT_EQ(o.at("famille"), "BOISE");
  EXPECT_EQ(o.at("genre"), "FEMININ");
  EXPECT_EQ(o.at("contenanceMl"), 50);
  EXPECT_EQ(o.at("stock"), 3);
  EXPECT_EQ(o.at("version"), 7);
  EXPECT_EQ(o.at("notes"), json::parse(R"({"tete":["a"],"coeur":["b","c"],"fond":[]})"));
  EXPECT_EQ(o.at("creeLe"), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(o.at("modifieLe"), "2023-11-14T22:13:21.000Z");
  EXPECT_EQ(o.size(), 15u);
}

TEST(ParfumJsonTest, PageHasItemsCursorAndTotal) {
  ParfumPage page;
  page.items = {SomeParfum()};
  page.total = 41;
  json::object o = json::parse(PageJson(page)).as_object();
  EXPECT_EQ(o.at("items").as_array().size(), 1u);
  EXPECT_TRUE(o.at("nextCursor").is_null());
  EXPECT_EQ(o.at("total"), 41);
  page.next_cursor = "abc";
  EXPECT_EQ(json::parse(PageJson(page)).at("nextCursor"), "abc");
}

TEST(ParseDraftTest, ReadsAValidDraft) {
  auto d = ParseDraft(kDraft);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->nom, "Ambre Nuit");
  EXPECT_EQ(d->famille, Famille::kOriental);
  EXPECT_EQ(d->genre, Genre::kMixte);
  EXPECT_EQ(d->prix_cents, 12990);
  EXPECT_EQ(d->contenance_ml, 100);
  EXPECT_EQ(d->stock, 12);
  EXPECT_EQ(d->notes.fond, (std::vector<std::string>{"ambre", "vanille"}));
}

TEST(ParseDraftTest, PrixCentimesIsAnAlternative) {
  std::string body = kDraft;
  body.replace(body.find(R"("prix": 129.90)"), 14, R"("prixCentimes": 12990)");
  auto d = ParseDraft(body);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->prix_cents, 12990);
}

std::string Error(const absl::StatusOr<ParfumDraft>& r) {
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(r.status().message());
}

TEST(ParseDraftTest, MalformedJsonSaysWhere) {
  EXPECT_THAT(Error(ParseDraft("{\"nom\": \"x\",\n  \"marque\": tru}")),
              HasSubstr("line 2, column 13"));
  EXPECT_THAT(Error(ParseDraft("")), HasSubstr("malformed JSON at line 1, column 1"));
  EXPECT_THAT(Error(ParseDraft("{} {}")), HasSubstr("malformed JSON"));
  EXPECT_THAT(Error(ParseDraft("[1]")), HasSubstr("must be a JSON object"));
}

TEST(ParseDraftTest, NamesUnknownAndReadOnlyFields) {
  EXPECT_THAT(Error(ParseDraft(R"({"nom":"x","couleur":"rouge"})")),
              HasSubstr("unknown field 'couleur'"));
  EXPECT_THAT(Error(ParseDraft(R"({"id":"prf_x"})")), HasSubstr("'id' is read-only"));
  EXPECT_THAT(Error(ParseDraft(R"({"version":3})")), HasSubstr("'version' is read-only"));
  EXPECT_THAT(Error(ParseDraft(R"({"notes":{"base":[]}})")),
              HasSubstr("unknown field 'notes.base'"));
}

TEST(ParseDraftTest, NamesFieldsOfTheWrongType) {
  EXPECT_THAT(Error(ParseDraft(R"({"nom":42})")), HasSubstr("'nom' must be a string"));
  EXPECT_THAT(Error(ParseDraft(R"({"nom":null})")), HasSubstr("'nom' must be a string"));
  EXPECT_THAT(Error(ParseDraft(R"({"prix":"49.90"})")), HasSubstr("'prix' must be a number"));
  EXPECT_THAT(Error(ParseDraft(R"({"prix":49.999})")), HasSubstr("at most two decimals"));
  EXPECT_THAT(Error(ParseDraft(R"({"prix":-1})")), HasSubstr("'prix'"));
  EXPECT_THAT(Error(ParseDraft(R"({"contenanceMl":50.5})")),
              HasSubstr("'contenanceMl' must be an integer"));
  EXPECT_THAT(Error(ParseDraft(R"({"stock":-1})")), HasSubstr("'stock' must be between 0"));
  EXPECT_THAT(Error(ParseDraft(R"({"stock":99999999999})")), HasSubstr("'stock'"));
  EXPECT_THAT(Error(ParseDraft(R"({"famille":"SUCRE"})")), HasSubstr("'famille' must be one of"));
  EXPECT_THAT(Error(ParseDraft(R"({"genre":1})")), HasSubstr("'genre' must be one of"));
  EXPECT_THAT(Error(ParseDraft(R"({"notes":{"tete":[1]}})")),
              HasSubstr("'notes.tete' must be an array of strings"));
  EXPECT_THAT(Error(ParseDraft(R"({"prix":1,"prixCentimes":100})")), HasSubstr("not both"));
}

TEST(ParseDraftTest, NamesMissingRequiredFields) {
  EXPECT_THAT(Error(ParseDraft(R"({"nom":"x"})")), HasSubstr("'marque' is required"));
  std::string body = kDraft;
  body.replace(body.find(R"("prix": 129.90)"), 14, R"("image": "")");
  EXPECT_THAT(Error(ParseDraft(body)), HasSubstr("'prix' (or 'prixCentimes') is required"));
}

TEST(ParsePatchTest, ReadsOnlyGivenFields) {
  auto p = ParsePatch(R"({"prix": 10, "nom": "Neuf"})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->prix_cents, 1000);
  EXPECT_EQ(p->nom, "Neuf");
  EXPECT_FALSE(p->marque);
  EXPECT_FALSE(p->notes);
}

TEST(ParsePatchTest, RefusesMassAssignmentAndEmptyPatches) {
  EXPECT_THAT(ParsePatch(R"({"stock": 100})").status().message(),
              HasSubstr("POST /parfums/{id}/stock"));
  EXPECT_THAT(ParsePatch(R"({"id": "x"})").status().message(), HasSubstr("'id' is read-only"));
  EXPECT_THAT(ParsePatch(R"({"version": 9})").status().message(), HasSubstr("read-only"));
  EXPECT_THAT(ParsePatch(R"({"creeLe": "2020-01-01T00:00:00Z"})").status().message(),
              HasSubstr("read-only"));
  EXPECT_THAT(ParsePatch("{}").status().message(), HasSubstr("changes nothing"));
}

TEST(ParseStockChangeTest, ReadsDeltaAndOptionalVersion) {
  auto c = ParseStockChange(R"({"delta": -3, "version": 7})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->delta, -3);
  EXPECT_EQ(c->version, 7);
  c = ParseStockChange(R"({"delta": 5})");
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->version);
  EXPECT_FALSE(ParseStockChange(R"({"version": 7})").ok());
  EXPECT_FALSE(ParseStockChange(R"({"delta": 1.5})").ok());
  EXPECT_FALSE(ParseStockChange(R"({"delta": 1, "stock": 3})").ok());
  EXPECT_FALSE(ParseStockChange(R"({"delta": 99999999999})").ok());
}

}  // namespace
}  // namespace parfumerie::catalog::rest

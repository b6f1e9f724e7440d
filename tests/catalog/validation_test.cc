#include "catalog/validation.h"

#include <functional>

#include "catalog/catalog_service.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ParfumDraft Valid() {
  ParfumDraft d;
  d.nom = "Ambre Nomade";
  d.description = "Un ambre chaud.\nSec et lumineux.";
  d.marque = "Maison Aubépine";
  d.famille = Famille::kOriental;
  d.notes = Notes{{"Bergamote"}, {"Ciste"}, {"Ambre", "Vanille"}};
  d.contenance_ml = 50;
  d.genre = Genre::kMixte;
  d.prix_cents = 8900;
  d.stock = 3;
  return d;
}

// The message of the status ValidateDraft returns for a draft changed by `edit`.
std::string Error(const std::function<void(ParfumDraft&)>& edit) {
  ParfumDraft d = Valid();
  edit(d);
  NormalizeDraft(d);
  absl::Status s = ValidateDraft(d);
  if (s.ok()) return "OK";
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  return std::string(s.message());
}

TEST(ValidateDraft, AcceptsAValidDraft) { EXPECT_EQ(Error([](ParfumDraft&) {}), "OK"); }

TEST(ValidateDraft, Nom) {
  EXPECT_EQ(Error([](auto& d) { d.nom = ""; }), "nom: must not be empty");
  EXPECT_EQ(Error([](auto& d) { d.nom = "   "; }), "nom: must not be empty");
  EXPECT_EQ(Error([](auto& d) { d.nom = std::string(kMaxNomLength, 'a'); }), "OK");
  EXPECT_EQ(Error([](auto& d) {
              d.nom.clear();
              for (size_t i = 0; i < kMaxNomLength; ++i) d.nom += "é";
            }),
            "OK")
      << "the limit counts characters, not bytes";
  EXPECT_THAT(Error([](auto& d) { d.nom = std::string(kMaxNomLength + 1, 'a'); }),
              StartsWith("nom: must be at most 120 characters"));
  EXPECT_EQ(Error([](auto& d) { d.nom = "Bad\xC3"; }), "nom: must be valid UTF-8");
  EXPECT_THAT(Error([](auto& d) { d.nom = "Deux\nlignes"; }), StartsWith("nom: must not contain control"));
}

TEST(ValidateDraft, OtherTextFields) {
  EXPECT_EQ(Error([](auto& d) { d.description = ""; }), "OK");
  EXPECT_THAT(Error([](auto& d) { d.description = std::string(kMaxDescriptionLength + 1, 'x'); }),
              StartsWith("description: must be at most"));
  EXPECT_THAT(Error([](auto& d) { d.description = "a\x01"; }), StartsWith("description: must not contain"));
  EXPECT_EQ(Error([](auto& d) { d.marque = ""; }), "marque: must not be empty");
  EXPECT_THAT(Error([](auto& d) { d.marque = std::string(kMaxMarqueLength + 1, 'm'); }),
              StartsWith("marque: must be at most"));
}

TEST(ValidateDraft, Notes) {
  EXPECT_EQ(Error([](auto& d) { d.notes = Notes{}; }), "OK");
  EXPECT_THAT(Error([](auto& d) { d.notes.coeur.assign(kMaxNotesPerLevel + 1, "Rose"); }),
              StartsWith("notes.coeur: must have at most 12 notes"));
  EXPECT_EQ(Error([](auto& d) { d.notes.fond.push_back(" "); }), "notes.fond: must not be empty");
  EXPECT_THAT(Error([](auto& d) { d.notes.tete.push_back(std::string(kMaxNoteLength + 1, 'n')); }),
              StartsWith("notes.tete: must be at most"));
}

TEST(ValidateDraft, Numbers) {
  EXPECT_EQ(Error([](auto& d) { d.prix_cents = 0; }), "prix: must be between 1 and 10000000 cents");
  EXPECT_EQ(Error([](auto& d) { d.prix_cents = -100; }), "prix: must be between 1 and 10000000 cents");
  EXPECT_EQ(Error([](auto& d) { d.prix_cents = kMaxPrixCents + 1; }),
            "prix: must be between 1 and 10000000 cents");
  EXPECT_EQ(Error([](auto& d) { d.prix_cents = kMaxPrixCents; }), "OK");
  EXPECT_EQ(Error([](auto& d) { d.stock = -1; }), "stock: must be between 0 and 1000000");
  EXPECT_EQ(Error([](auto& d) { d.stock = 0; }), "OK");
  EXPECT_EQ(Error([](auto& d) { d.stock = kMaxStock + 1; }), "stock: must be between 0 and 1000000");
  EXPECT_EQ(Error([](auto& d) { d.contenance_ml = 0; }), "contenance: must be between 1 and 5000 ml");
  EXPECT_EQ(Error([](auto& d) { d.contenance_ml = 5001; }), "contenance: must be between 1 and 5000 ml");
}

TEST(ValidateDraft, Enums) {
  EXPECT_EQ(Error([](auto& d) { d.famille = static_cast<Famille>(42); }), "famille: unknown value");
  EXPECT_EQ(Error([](auto& d) { d.genre = static_cast<Genre>(-1); }), "genre: unknown value");
}

TEST(ValidateDraft, Image) {
  EXPECT_EQ(Error([](auto& d) { d.image = ""; }), "OK");
  EXPECT_EQ(Error([](auto& d) { d.image = "/images/parfums/prf_a.svg"; }), "OK");
  EXPECT_EQ(Error([](auto& d) { d.image = "https://cdn.example.com/a.png?x=1"; }), "OK");
  for (const char* bad : {"javascript:alert(1)", "//evil.example/a.png", "https://", "https:///x", "ftp://a/b",
                          "/a b.png", "/a\".png", "/a<b>", "relative.png", "data:image/svg+xml,<svg/>"}) {
    EXPECT_THAT(Error([&](auto& d) { d.image = bad; }), StartsWith("image: must be")) << bad;
  }
  EXPECT_THAT(Error([](auto& d) { d.image = "/" + std::string(kMaxImageLength, 'a'); }),
              StartsWith("image: must be at most"));
}

TEST(ValidateDraft, NormalizeTrims) {
  ParfumDraft d = Valid();
  d.nom = "  Ambre  ";
  d.notes.tete = {" Citron\t"};
  NormalizeDraft(d);
  EXPECT_EQ(d.nom, "Ambre");
  EXPECT_EQ(d.notes.tete[0], "Citron");
}

TEST(ValidatePatch, RefusesEmptyAndChecksSetFields) {
  EXPECT_EQ(ValidatePatch(ParfumPatch{}).message(), "patch: must change at least one field");
  ParfumPatch p;
  p.prix_cents = 0;
  EXPECT_EQ(ValidatePatch(p).message(), "prix: must be between 1 and 10000000 cents");
  p.prix_cents = 100;
  EXPECT_TRUE(ValidatePatch(p).ok());
  p.nom = "";
  EXPECT_EQ(ValidatePatch(p).message(), "nom: must not be empty");
  p.nom = "Ok";
  p.image = "";
  EXPECT_TRUE(ValidatePatch(p).ok()) << "empty image = back to the generated one";
  p.contenance_ml = -5;
  EXPECT_THAT(std::string(ValidatePatch(p).message()), StartsWith("contenance:"));
}

TEST(ValidateOthers, IdDeltaVersion) {
  EXPECT_EQ(ValidateId("").message(), "id: must not be empty");
  EXPECT_THAT(std::string(ValidateId("../etc").message()), StartsWith("id: must be"));
  EXPECT_TRUE(ValidateId("prf_abc").ok());
  EXPECT_EQ(ValidateStockDelta(0).message(), "delta: must not be 0");
  EXPECT_THAT(std::string(ValidateStockDelta(kMaxStock + 1).message()), StartsWith("delta: must be between"));
  EXPECT_TRUE(ValidateStockDelta(-kMaxStock).ok());
  EXPECT_EQ(ValidateExpectedVersion(0).message(), "version: must be at least 1");
}

TEST(ValidateListQuery, Limits) {
  ListQuery q;
  EXPECT_TRUE(ValidateListQuery(q).ok());
  q.limit = 0;
  EXPECT_EQ(ValidateListQuery(q).message(), "limit: must be between 1 and 100");
  q.limit = 101;
  EXPECT_EQ(ValidateListQuery(q).message(), "limit: must be between 1 and 100");
  q = {};
  q.prix_min_cents = 500;
  q.prix_max_cents = 100;
  EXPECT_EQ(ValidateListQuery(q).message(), "prix_min: must not exceed prix_max");
  q = {};
  q.prix_min_cents = -1;
  EXPECT_THAT(std::string(ValidateListQuery(q).message()), StartsWith("prix_min:"));
  q = {};
  q.recherche = std::string(201, 'a');
  EXPECT_THAT(std::string(ValidateListQuery(q).message()), StartsWith("recherche:"));
  q = {};
  q.marques.assign(21, "M");
  EXPECT_THAT(std::string(ValidateListQuery(q).message()), StartsWith("marques:"));
  q = {};
  q.sort = static_cast<SortKey>(9);
  EXPECT_THAT(std::string(ValidateListQuery(q).message()), HasSubstr("sort"));
}

TEST(Names, RoundTrip) {
  for (int i = 0; i < 10; ++i) {
    auto f = static_cast<Famille>(i);
    EXPECT_EQ(ParseFamille(FamilleName(f)), f);
  }
  EXPECT_EQ(ParseFamille("boise"), Famille::kBoise);
  EXPECT_EQ(ParseFamille("nope"), std::nullopt);
  EXPECT_EQ(ParseGenre("Feminin"), Genre::kFeminin);
  EXPECT_EQ(ParseSortKey("createdAt"), SortKey::kCreatedAt);
  EXPECT_EQ(SortKeyName(SortKey::kPrix), "prix");
}

}  // namespace
}  // namespace parfumerie::catalog

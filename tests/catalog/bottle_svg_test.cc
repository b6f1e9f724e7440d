#include "catalog/bottle_svg.h"

#include <set>

#include "catalog/demo_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Parfum Sample(std::string id, std::string nom, Famille f = Famille::kBoise) {
  Parfum p;
  p.id = std::move(id);
  p.nom = std::move(nom);
  p.marque = "Atelier Solène";
  p.famille = f;
  return p;
}

TEST(BottleSvg, IsADeterministicSvgWithTheNameOnTheLabel) {
  const Parfum p = Sample("prf_abc", "Cèdre Minuit");
  const std::string svg = BottleSvg(p);
  EXPECT_EQ(svg, BottleSvg(p));
  EXPECT_THAT(svg, ::testing::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  EXPECT_THAT(svg, ::testing::EndsWith("</svg>\n"));
  EXPECT_THAT(svg, HasSubstr(">Cèdre Minuit</text>"));
  EXPECT_THAT(svg, HasSubstr(">Atelier Solène</text>"));
}

TEST(BottleSvg, EscapesTheLabel) {
  const std::string svg = BottleSvg(Sample("prf_x", "<script>&\"'"));
  EXPECT_THAT(svg, Not(HasSubstr("<script>")));
  EXPECT_THAT(svg, HasSubstr("&lt;script&gt;&amp;&quot;&apos;"));
}

TEST(BottleSvg, UsesSafeElementIdsEvenForOddIds) {
  const std::string svg = BottleSvg(Sample("a\"b<c", "X"));
  EXPECT_THAT(svg, Not(HasSubstr("a\"b")));
}

TEST(BottleSvg, TruncatesLongNames) {
  const std::string svg = BottleSvg(Sample("prf_l", "Une très très longue dénomination commerciale"));
  EXPECT_THAT(svg, HasSubstr("…</text>"));
}

TEST(BottleSvg, VariesWithFamilleAndId) {
  std::set<std::string> pictures;
  for (int f = 0; f < 10; ++f) pictures.insert(BottleSvg(Sample("prf_same", "Nom", static_cast<Famille>(f))));
  EXPECT_EQ(pictures.size(), 10u);
  EXPECT_NE(BottleSvg(Sample("prf_a", "Nom")), BottleSvg(Sample("prf_b", "Nom")));
}

TEST(XmlEscape, EscapesTheFiveCharacters) { EXPECT_EQ(XmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;"); }

}  // namespace
}  // namespace parfumerie::catalog

#include "catalog/text.h"

#include "gtest/gtest.h"

namespace parfumerie::catalog {
namespace {

TEST(FoldForSearch, RemovesAccentsAndCase) {
  EXPECT_EQ(FoldForSearch("Boisé"), "boise");
  EXPECT_EQ(FoldForSearch("BOISÉ"), "boise");
  EXPECT_EQ(FoldForSearch("Œillet Cœur"), "oeillet coeur");
  EXPECT_EQ(FoldForSearch("Straße"), "strasse");
  EXPECT_EQ(FoldForSearch("ÀÂÄÇÈÉÊËÎÏÔÖÙÛÜŸÆ"), "aaaceeeeiioouuuyae");
  EXPECT_EQ(FoldForSearch("Łódź Šafrán Ğ"), "lodz safran g");
  EXPECT_EQ(FoldForSearch("Ĳssel"), "ijssel");
}

TEST(FoldForSearch, NormalisesApostrophesAndSpaces) {
  EXPECT_EQ(FoldForSearch("L’Heure"), "l'heure");
  EXPECT_EQ(FoldForSearch("Eau\u00A0Fraîche"), "eau fraiche");
}

TEST(FoldForSearch, KeepsOtherCharacters) {
  EXPECT_EQ(FoldForSearch("Ваниль 香水 ×÷"), "Ваниль 香水 ×÷");
  EXPECT_EQ(FoldForSearch("50% & co_"), "50% & co_");
  EXPECT_EQ(FoldForSearch(std::string("a\xFF" "B")), std::string("a\xFF" "b")) << "invalid bytes pass through";
}

TEST(CountCodePoints, CountsCharactersNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("été"), 3u);
  EXPECT_EQ(CountCodePoints("香水"), 2u);
  EXPECT_EQ(CountCodePoints("🌹"), 1u);
}

TEST(CountCodePoints, RejectsInvalidUtf8) {
  EXPECT_FALSE(CountCodePoints("\xC3"));                  // truncated
  EXPECT_FALSE(CountCodePoints("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(CountCodePoints("\xED\xA0\x80"));          // surrogate
  EXPECT_FALSE(CountCodePoints("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(CountCodePoints("\x80"));                  // stray continuation
  EXPECT_FALSE(CountCodePoints("ok\xFF"));
}

TEST(HasControlCharacters, NewlinesOnlyWhereAllowed) {
  EXPECT_FALSE(HasControlCharacters("Rose de Mai", false));
  EXPECT_TRUE(HasControlCharacters("Rose\nde Mai", false));
  EXPECT_FALSE(HasControlCharacters("Rose\nde\tMai", true));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3), true));
  EXPECT_TRUE(HasControlCharacters("a\x7F", true));
  EXPECT_TRUE(HasControlCharacters("a\xC2\x85", true)) << "C1 NEL";
}

TEST(TrimAndTruncate, Work) {
  EXPECT_EQ(TrimAsciiWhitespace("  Ambre \t\n"), "Ambre");
  EXPECT_EQ(TrimAsciiWhitespace("   "), "");
  EXPECT_EQ(TruncateCodePoints("Éclat", 10), "Éclat");
  EXPECT_EQ(TruncateCodePoints("Éclatant", 3), "Écl…");
}

}  // namespace
}  // namespace parfumerie::catalog

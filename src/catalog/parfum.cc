#include "catalog/parfum.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"

namespace parfumerie::catalog {
namespace {

constexpr std::array<std::pair<Famille, std::string_view>, 10> kFamilles = {{
    {Famille::kFloral, "FLORAL"},
    {Famille::kOriental, "ORIENTAL"},
    {Famille::kBoise, "BOISE"},
    {Famille::kFougere, "FOUGERE"},
    {Famille::kChypre, "CHYPRE"},
    {Famille::kHesperide, "HESPERIDE"},
    {Famille::kGourmand, "GOURMAND"},
    {Famille::kAromatique, "AROMATIQUE"},
    {Famille::kCuir, "CUIR"},
    {Famille::kAquatique, "AQUATIQUE"},
}};

constexpr std::array<std::pair<Genre, std::string_view>, 3> kGenres = {{
    {Genre::kFeminin, "FEMININ"},
    {Genre::kMasculin, "MASCULIN"},
    {Genre::kMixte, "MIXTE"},
}};

constexpr std::array<std::pair<SortKey, std::string_view>, 4> kSortKeys = {{
    {SortKey::kNom, "nom"},
    {SortKey::kPrix, "prix"},
    {SortKey::kCreatedAt, "createdAt"},
    {SortKey::kStock, "stock"},
}};

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "";  // an out-of-range enum value (a cast from bad input)
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view name) {
  for (const auto& [e, n] : table) {
    if (absl::EqualsIgnoreCase(std::string(n), std::string(name))) return e;
  }
  return std::nullopt;
}

}  // namespace

std::string_view FamilleName(Famille f) { return NameOf(kFamilles, f); }
std::optional<Famille> ParseFamille(std::string_view name) { return Parse(kFamilles, name); }
std::string_view GenreName(Genre g) { return NameOf(kGenres, g); }
std::optional<Genre> ParseGenre(std::string_view name) { return Parse(kGenres, name); }
std::string_view SortKeyName(SortKey k) { return NameOf(kSortKeys, k); }
std::optional<SortKey> ParseSortKey(std::string_view name) { return Parse(kSortKeys, name); }

}  // namespace parfumerie::catalog

#include "catalog/rest/list_params.h"

#include <set>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "catalog/rest/price.h"

namespace parfumerie::catalog::rest {
namespace {

using absl::InvalidArgumentError;

absl::Status Bad(std::string_view name, std::string_view value, std::string_view expected) {
  return InvalidArgumentError(absl::StrCat("query parameter '", std::string(name), "' = '",
                                           std::string(value), "' must be ",
                                           std::string(expected)));
}

}  // namespace

absl::StatusOr<ListQuery> ParseListParams(
    const std::vector<std::pair<std::string, std::string>>& params) {
  ListQuery q;
  std::set<std::string_view> seen;
  for (const auto& [name, value] : params) {
    if (name != "marque" && !seen.insert(name).second) {
      return InvalidArgumentError(
          absl::StrCat("query parameter '", name, "' is given more than once"));
    }
    if (name == "recherche") {
      q.recherche = value;
    } else if (name == "marque") {
      q.marques.push_back(value);
    } else if (name == "famille") {
      auto f = ParseFamille(value);
      if (!f) {
        return Bad(name, value,
                   "one of FLORAL, ORIENTAL, BOISE, FOUGERE, CHYPRE, HESPERIDE, GOURMAND, "
                   "AROMATIQUE, CUIR, AQUATIQUE");
      }
      q.famille = *f;
    } else if (name == "genre") {
      auto g = ParseGenre(value);
      if (!g) return Bad(name, value, "one of FEMININ, MASCULIN, MIXTE");
      q.genre = *g;
    } else if (name == "prixMin" || name == "prixMax") {
      auto cents = ParseEuros(value);
      if (!cents) return Bad(name, value, "an amount of euros such as 49.90");
      (name == "prixMin" ? q.prix_min_cents : q.prix_max_cents) = *cents;
    } else if (name == "enStock") {
      if (value == "true" || value == "1") {
        q.en_stock = true;
      } else if (value == "false" || value == "0") {
        q.en_stock = false;
      } else {
        return Bad(name, value, "true or false");
      }
    } else if (name == "tri") {
      auto key = ParseSortKey(value);
      if (!key) return Bad(name, value, "one of nom, prix, createdAt, stock");
      q.sort = *key;
    } else if (name == "ordre") {
      if (value != "asc" && value != "desc") return Bad(name, value, "asc or desc");
      q.descending = value == "desc";
    } else if (name == "limite") {
      int32_t limit = 0;
      bool digits = !value.empty() && value.size() <= 3 &&
                    value.find_first_not_of("0123456789") == std::string::npos;
      if (digits) limit = std::stoi(value);
      if (!digits || limit < 1 || limit > kMaxPageSize) {
        return Bad(name, value, absl::StrCat("an integer from 1 to ", kMaxPageSize));
      }
      q.limit = limit;
    } else if (name == "curseur") {
      if (value.empty()) return Bad(name, value, "the nextCursor of a previous page");
      q.cursor = value;
    } else {
      return InvalidArgumentError(absl::StrCat(
          "unknown query parameter '", name,
          "'; known: recherche, marque, famille, genre, prixMin, prixMax, enStock, tri, ordre, "
          "limite, curseur"));
    }
  }
  if (q.prix_min_cents && q.prix_max_cents && *q.prix_min_cents > *q.prix_max_cents) {
    return InvalidArgumentError("query parameter 'prixMin' must not be above 'prixMax'");
  }
  return q;
}

}  // namespace parfumerie::catalog::rest

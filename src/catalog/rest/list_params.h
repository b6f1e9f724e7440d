// Query parameters of GET /parfums to a ListQuery:
//   recherche, marque (repeatable), famille, genre, prixMin, prixMax (euros,
//   "49.90"), enStock (true|false), tri (nom|prix|createdAt|stock),
//   ordre (asc|desc), limite (1..100), curseur.
// Strict: an unknown or repeated (non-repeatable) parameter and a malformed
// value are INVALID_ARGUMENT naming the parameter, so a typo ("prix_min")
// is reported instead of silently listing everything.
// Pure function, thread-safe.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/parfum.h"

namespace parfumerie::catalog::rest {

absl::StatusOr<ListQuery> ParseListParams(
    const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace parfumerie::catalog::rest

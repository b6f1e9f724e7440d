// Helpers that every CatalogStore adapter shares, so that SQLite and MongoDB
// index, match and order perfumes identically (the conformance suite checks
// the results, these make them cheap to get right).
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog/parfum.h"

namespace parfumerie::catalog {

// Timestamps are stored with millisecond precision (what a BSON date holds);
// the service only produces whole milliseconds so values round-trip exactly.
int64_t ToUnixMillis(Timestamp t);
Timestamp FromUnixMillis(int64_t ms);
Timestamp TruncateToMillis(Timestamp t);

// What a perfume is searched by: the folded nom, marque, description and
// notes, separated by newlines (so a term never matches across two fields).
std::string SearchText(const Parfum& p);

// The folded, whitespace-separated terms of a search; a perfume matches when
// its SearchText contains every term. At most kMaxSearchTerms are kept.
inline constexpr size_t kMaxSearchTerms = 8;
std::vector<std::string> SearchTerms(std::string_view recherche);

// The value a perfume is ordered by for `key`: the folded nom (so "Éclat"
// sorts with "eclat", not after "Z"), or an integer (prix cents, created_at
// in Unix milliseconds, stock). Ties are broken by id, ascending or
// descending with the key.
using SortValue = std::variant<int64_t, std::string>;
SortValue SortValueOf(const Parfum& p, SortKey key);

// Escapes `%`, `_` and `\` for a LIKE pattern using ESCAPE '\'.
std::string EscapeLike(std::string_view s);

}  // namespace parfumerie::catalog

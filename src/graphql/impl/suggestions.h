// "Did you mean ...?" hints as graphql-js words them: candidates within an
// edit distance of 40% of the input (case changes and transpositions count
// one edit), closest first, at most five.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parfumerie::graphql::impl {

std::vector<std::string> SuggestionList(std::string_view input, const std::vector<std::string>& options);

// " Did you mean "a", "b", or "c"?" or "" without suggestions; `what` (like
// "the enum value") goes before the list.
std::string DidYouMean(const std::vector<std::string>& suggestions, std::string_view what = {});

}  // namespace parfumerie::graphql::impl

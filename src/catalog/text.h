// Text helpers for the catalogue: UTF-8 checks and the search folding.
//
// Folding maps text to lowercase ASCII without diacritics for the Latin
// letters of Latin-1 Supplement and Latin Extended-A (é→e, Œ→oe, ß→ss, ł→l),
// typographic apostrophes to "'" and no-break spaces to " ", so that "Boisé",
// "BOISE" and "boise" compare equal. Other characters pass through unchanged
// (ASCII letters lowercased). The folded form is what stores index and match.
//
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace parfumerie::catalog {

// Number of code points in `s`, or nullopt when `s` is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::optional<size_t> CountCodePoints(std::string_view s);

inline bool IsValidUtf8(std::string_view s) { return CountCodePoints(s).has_value(); }

// True when `s` contains a C0/C1 control character or DEL. Tab, CR and LF are
// allowed only when `allow_newlines` is set. Expects valid UTF-8.
bool HasControlCharacters(std::string_view s, bool allow_newlines);

// The search form of `s` (see above). Invalid UTF-8 bytes are copied as is.
std::string FoldForSearch(std::string_view s);

// `s` without leading and trailing ASCII whitespace.
std::string_view TrimAsciiWhitespace(std::string_view s);

// The first `max_code_points` code points of valid UTF-8 `s`, plus "…" when
// something was cut.
std::string TruncateCodePoints(std::string_view s, size_t max_code_points);

}  // namespace parfumerie::catalog

// Identifiers of catalogue entities (see common/ids.h for the scheme).
#pragma once

#include <string>
#include <string_view>

#include "common/ids.h"

namespace parfumerie::catalog {

inline constexpr std::string_view kParfumIdPrefix = "prf_";

inline std::string NewParfumId() { return NewRandomId(kParfumIdPrefix); }

using ::parfumerie::IsWellFormedId;
using ::parfumerie::NewRandomId;
using ::parfumerie::kMaxIdLength;
using ::parfumerie::kRandomIdChars;

}  // namespace parfumerie::catalog

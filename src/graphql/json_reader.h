// Reads JSON (variables, root values) into Boost.JSON values with two
// differences from boost::json::parse(): numbers are converted exactly as
// JavaScript's JSON.parse does (Boost 1.81 rounds some long numbers
// differently), and nesting is limited by `max_depth` instead of 32.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "absl/status/statusor.h"

namespace parfumerie::graphql {

absl::StatusOr<boost::json::value> ReadJson(std::string_view text, size_t max_depth = 512);

}  // namespace parfumerie::graphql

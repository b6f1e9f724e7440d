// A GraphQL error as the response format defines it: message, locations,
// path (response names and list indexes) and extensions.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include <boost/json/object.hpp>

#include "graphql/ast.h"

namespace parfumerie::graphql {

using PathElement = std::variant<std::string, int>;

struct Error {
  std::string message;
  std::vector<SourcePosition> locations;
  std::vector<PathElement> path;
  boost::json::object extensions;
};

// Appends `error` as a JSON object in graphql-js key order
// (message, locations, path, extensions; empty parts omitted).
void AppendErrorJson(const Error& error, std::string& out);

// Appends `text` as a JSON string literal with the escapes JSON.stringify uses.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace parfumerie::graphql

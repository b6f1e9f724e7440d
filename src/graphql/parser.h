// Parses GraphQL documents (executable and type-system definitions).
//
// Parse() never throws and never recurses deeper than
// Limits::max_parser_depth; any byte string yields either a Document or one
// syntax error with the location graphql-js would report.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/limits.h"

namespace parfumerie::graphql {

struct ParseResult {
  std::shared_ptr<const Document> document;  // Null when `error` is set.
  std::optional<Error> error;
};

ParseResult Parse(std::string source, const Limits& limits = {});

}  // namespace parfumerie::graphql

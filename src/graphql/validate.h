// Validation of executable documents against a schema (spec section 5): the
// rules of graphql-js specifiedRules with its error locations, plus the
// abuse limits of Limits (selection depth, aliases, directives, cost).
//
// Stops after Limits::max_errors errors with graphql-js's "Too many
// validation errors" error. Thread-safe: Validate() only reads its inputs.
#pragma once

#include <vector>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/limits.h"
#include "graphql/schema.h"

namespace parfumerie::graphql {

std::vector<Error> Validate(const Schema& schema, const Document& document, const Limits& limits = {});

}  // namespace parfumerie::graphql

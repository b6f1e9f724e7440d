// Schema validation (spec section 3, "Type Validation"): the rules graphql-js
// validateSchema() applies, with its messages.
#pragma once

#include <string>
#include <vector>

#include "graphql/schema.h"

namespace parfumerie::graphql::impl {

std::vector<std::string> ValidateSchema(const Schema& schema);

// True when `sub` may stand where `super` is expected (output types).
bool IsTypeSubTypeOf(const TypeRef& sub, const TypeRef& super);

// True when both are the same wrapped type.
bool IsEqualType(const TypeRef& a, const TypeRef& b);

}  // namespace parfumerie::graphql::impl

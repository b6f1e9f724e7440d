// Schema validation (spec section 3, "Type Validation"): the rules graphql-js
// validateSchema() applies, in its order, with its messages and the SDL
// locations it reports.
#pragma once

#include <vector>

#include "graphql/error.h"
#include "graphql/schema.h"

namespace parfumerie::graphql::impl {

// Every problem of `schema`; locations point into `sdl`, the document the
// schema was built from (none when `sdl` is null). Built-in types and
// directives are assumed valid.
std::vector<Error> ValidateSchema(const Schema& schema, const Document* sdl);

// True when `sub` may stand where `super` is expected (output types).
bool IsTypeSubTypeOf(const TypeRef& sub, const TypeRef& super);

// True when both are the same wrapped type.
bool IsEqualType(const TypeRef& a, const TypeRef& b);

}  // namespace parfumerie::graphql::impl

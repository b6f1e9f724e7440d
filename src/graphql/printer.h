// Prints a schema back to SDL exactly as graphql-js printSchema() does:
// the schema definition when root names are not the conventional ones,
// then custom directives, then every type the schema defines, in schema order;
// standard scalars, introspection types and built-in directives are omitted.
#pragma once

#include <string>

#include "graphql/schema.h"

namespace parfumerie::graphql {

std::string PrintSchema(const Schema& schema);

}  // namespace parfumerie::graphql

// Resolvers of the introspection types (__Schema, __Type, ...) over the
// Schema's own objects.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>

#include "graphql/arena.h"
#include "graphql/impl/source_value.h"
#include "graphql/schema.h"

namespace parfumerie::graphql::impl {

// The value of `field` on the introspection object `parent`. Strings point
// into the schema or the arena; lists are allocated in `arena`.
Src ResolveIntrospection(const Schema& schema, const Src& parent, std::string_view field,
                         const boost::json::object& args, Arena& arena);

}  // namespace parfumerie::graphql::impl

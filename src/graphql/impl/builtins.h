// SDL of everything every schema contains before the host adds its own types.
#pragma once

namespace parfumerie::graphql::impl {

const char* BuiltinsSdl();

}  // namespace parfumerie::graphql::impl

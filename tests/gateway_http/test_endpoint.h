// A tiny GraphQL endpoint for the transport's tests: a schema with a query,
// a deferred field and a mutation, and a context factory that knows two
// tokens ("good" is accepted, "bad" is UNAUTHENTICATED; no token is an
// anonymous caller).
//
//   type Query { hello: String  whoami: String  later: String  boom: String }
//   type Mutation { bump: Int }
//
// `whoami` answers the caller's token ("anonymous" without one); `later`
// resolves on the operation's executor after the resolver returned; `boom`
// is a field error.
#pragma once

#include <memory>

#include "gateway/operation_context.h"
#include "graphql/schema.h"

namespace parfumerie::gateway::testing {

std::unique_ptr<graphql::Schema> MakeTestSchema();
OperationContextFactory MakeTestContextFactory();

}  // namespace parfumerie::gateway::testing

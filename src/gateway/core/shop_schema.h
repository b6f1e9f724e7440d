// The shop's GraphQL schema (shop_sdl.cc) wired to the services: queries,
// mutations and subscriptions resolved over gRPC, with object-level
// authorisation in every path that reaches an order.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "gateway/core/operation.h"
#include "gateway/operation_context.h"
#include "graphql/schema.h"

namespace parfumerie::gateway {

// The SDL as written.
const char* ShopSdl();

// The schema without resolvers (what `parfumerie print-schema` prints).
absl::StatusOr<std::unique_ptr<graphql::Schema>> BuildShopSchemaSdlOnly();

// The schema with every resolver attached. Resolvers reach the services
// through each operation's context (MakeOperationFactory), not the schema.
absl::StatusOr<std::unique_ptr<graphql::Schema>> BuildShopSchema();

// Makes an Operation for each request: authenticates the bearer token (an
// absent token is an anonymous caller; an invalid or expired one is
// UNAUTHENTICATED) and passes the caller's trace on to the services.
OperationContextFactory MakeOperationFactory(const ShopBackends& backends);

}  // namespace parfumerie::gateway

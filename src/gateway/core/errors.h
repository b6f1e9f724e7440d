// The one place where our error model (absl::Status with canonical codes)
// becomes a GraphQL error: a message a client can show and
// `extensions.code`, one of
//   BAD_USER_INPUT         the input was wrong; the message names the field
//   UNAUTHENTICATED        no valid token where one is needed
//   FORBIDDEN              signed in, but not allowed to do this
//   NOT_FOUND              no such object (or not one the caller may see)
//   ALREADY_EXISTS         e.g. an email already used by an account
//   CONFLICT               a version check failed: re-read and retry
//   FAILED_PRECONDITION    not possible in the current state (e.g. no stock)
//   UNAVAILABLE            a service did not answer in time: retry later
//   INTERNAL_SERVER_ERROR  a bug; the message says nothing of the internals
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "graphql/resolver.h"

namespace parfumerie::gateway {

// `status` must not be OK.
graphql::FieldValue ErrorValue(const absl::Status& status);

// The `extensions.code` for `status`.
std::string_view ErrorCode(const absl::Status& status);

// `status` with its code attached as GraphQL error extensions, for where the
// engine takes a Status (a subscription's refusal).
absl::Status WithCode(absl::Status status);

// Errors the gateway raises itself.
absl::Status Unauthenticated();  // "Authentication required: sign in and send the token"
absl::Status Forbidden();        // "Operator (ADMIN) role required"

}  // namespace parfumerie::gateway

#include "gateway/core/errors.h"

#include <string>

#include "common/log.h"

namespace parfumerie::gateway {

std::string_view ErrorCode(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return "BAD_USER_INPUT";
    case absl::StatusCode::kUnauthenticated:
      return "UNAUTHENTICATED";
    case absl::StatusCode::kPermissionDenied:
      return "FORBIDDEN";
    case absl::StatusCode::kNotFound:
      return "NOT_FOUND";
    case absl::StatusCode::kAlreadyExists:
      return "ALREADY_EXISTS";
    case absl::StatusCode::kAborted:
      return "CONFLICT";
    case absl::StatusCode::kFailedPrecondition:
      return "FAILED_PRECONDITION";
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kCancelled:
      return "UNAVAILABLE";
    default:
      return "INTERNAL_SERVER_ERROR";
  }
}

graphql::FieldValue ErrorValue(const absl::Status& status) {
  const std::string_view code = ErrorCode(status);
  std::string message;
  if (code == "INTERNAL_SERVER_ERROR") {
    // The cause goes to the log, never to the client.
    log::Get("gateway")->error("internal error: {}", status.ToString());
    message = "Internal server error";
  } else if (code == "UNAVAILABLE") {
    log::Get("gateway")->warn("service unavailable: {}", status.ToString());
    message = "A service is unavailable, please retry";
  } else {
    message = std::string(status.message());
  }
  boost::json::object extensions;
  extensions["code"] = code;
  return graphql::FieldValue::Error(std::move(message), std::move(extensions));
}

absl::Status WithCode(absl::Status status) {
  boost::json::object extensions;
  extensions["code"] = ErrorCode(status);
  return graphql::WithErrorExtensions(std::move(status), extensions);
}

absl::Status Unauthenticated() {
  return absl::UnauthenticatedError("Authentication required: sign in and send the token");
}

absl::Status Forbidden() { return absl::PermissionDeniedError("Operator (ADMIN) role required"); }

}  // namespace parfumerie::gateway

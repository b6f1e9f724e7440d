// The error model's HTTP face, in one place: absl::Status (gRPC canonical
// codes) to an HTTP status and an RFC 9457 `application/problem+json` body.
//
//   INVALID_ARGUMENT, OUT_OF_RANGE           400
//   UNAUTHENTICATED                          401
//   PERMISSION_DENIED                        403
//   NOT_FOUND                                404
//   ALREADY_EXISTS, ABORTED,
//   FAILED_PRECONDITION                      409
//   RESOURCE_EXHAUSTED                       429
//   UNIMPLEMENTED                            501
//   UNAVAILABLE                              503
//   DEADLINE_EXCEEDED                        504
//   anything else (INTERNAL, UNKNOWN, ...)   500
//
// Body members: type ("about:blank": the status code says it all), title (the
// status's reason phrase), status, detail, instance (the request path), code
// (the canonical code name, e.g. "NOT_FOUND") and requestId. For 500 and 503
// the Status message may describe internals (SQL, file paths), so `detail`
// is a fixed sentence and the real message goes only to the log.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "net/http_message.h"

namespace parfumerie::net {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// The HTTP status for `code` (see the table above). OK maps to 200.
int HttpStatusFor(absl::StatusCode code);

// "NOT_FOUND", "INVALID_ARGUMENT", ...
std::string CanonicalCodeName(absl::StatusCode code);

struct Problem {
  int http_status = 500;
  absl::StatusCode code = absl::StatusCode::kInternal;
  std::string detail;
  std::string instance;    // usually the request path
  std::string request_id;  // echoed so a user can quote it
};

// Builds the problem for a non-OK `status`. `http_status` overrides the table
// for the few cases where the HTTP semantics are finer than the code (a failed
// `If-Match` is 412 although the service says ABORTED). Logs the original
// message of statuses whose detail is hidden.
Problem ProblemFromStatus(const absl::Status& status, const Request& request,
                          std::optional<int> http_status = std::nullopt);

// Serialises `problem` as an application/problem+json response.
Response ProblemResponse(const Problem& problem);

// Shorthands used by handlers and the server.
Response StatusResponse(const absl::Status& status, const Request& request,
                        std::optional<int> http_status = std::nullopt);
// For protocol-level errors that have no absl::Status (404 no route, 405, 413, 415...).
Response ProblemResponse(int http_status, absl::StatusCode code, std::string_view detail,
                         const Request& request);

}  // namespace parfumerie::net

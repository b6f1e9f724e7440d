#include "net/problem.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "common/log.h"
#include "net/json_writer.h"

namespace parfumerie::net {
namespace {

constexpr std::string_view kInternalDetail =
    "The server failed to handle this request. Retry later; if it persists, report the requestId.";
constexpr std::string_view kUnavailableDetail =
    "The service is temporarily unavailable. Retry later.";

}  // namespace

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;
  }
}

std::string CanonicalCodeName(absl::StatusCode code) {
  // absl::StatusCodeToString gives "NOT_FOUND" etc.; copy out of absl::string_view.
  return std::string(absl::StatusCodeToString(code));
}

Problem ProblemFromStatus(const absl::Status& status, const Request& request,
                          std::optional<int> http_status) {
  Problem p;
  p.code = status.code();
  p.http_status = http_status.value_or(HttpStatusFor(status.code()));
  p.instance = request.path;
  p.request_id = request.context.request_id;
  if (p.http_status >= 500) {
    log::ScopedContext scope(request.context);
    log::Get("http")->error("{} {} failed: {}", request.method, request.path, status.ToString());
    p.detail = std::string(p.http_status == 503 ? kUnavailableDetail : kInternalDetail);
  } else {
    p.detail = std::string(status.message());
  }
  return p;
}

Response ProblemResponse(const Problem& problem) {
  JsonWriter w;
  w.BeginObject();
  w.Key("type").String("about:blank");
  w.Key("title").String(ReasonPhrase(problem.http_status));
  w.Key("status").Int(problem.http_status);
  w.Key("detail").String(problem.detail);
  if (!problem.instance.empty()) w.Key("instance").String(problem.instance);
  w.Key("code").String(CanonicalCodeName(problem.code));
  if (!problem.request_id.empty()) w.Key("requestId").String(problem.request_id);
  w.EndObject();
  Response r = Response::WithBody(problem.http_status, kProblemContentType, w.Take());
  // Problems describe this request only; no cache may reuse them.
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response StatusResponse(const absl::Status& status, const Request& request,
                        std::optional<int> http_status) {
  return ProblemResponse(ProblemFromStatus(status, request, http_status));
}

Response ProblemResponse(int http_status, absl::StatusCode code, std::string_view detail,
                         const Request& request) {
  Problem p;
  p.http_status = http_status;
  p.code = code;
  p.detail = std::string(detail);
  p.instance = request.path;
  p.request_id = request.context.request_id;
  return ProblemResponse(p);
}

}  // namespace parfumerie::net

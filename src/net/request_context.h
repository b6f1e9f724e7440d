// Correlation ids of an incoming request: its request id (taken from
// `X-Request-Id` when the client sent a sane one, generated otherwise) and its
// W3C trace context (`traceparent`, https://www.w3.org/TR/trace-context/).
// Thread-safe (random ids come from a thread-local generator).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/log.h"
#include "net/http_message.h"
#include "trace/span.h"

namespace parfumerie::net {

// 1..128 characters from [A-Za-z0-9._:-]: anything else (spaces, quotes,
// control characters) could forge log lines, so it is replaced.
bool IsAcceptableRequestId(std::string_view id);

// `bytes` random bytes as lowercase hex, never all zero.
std::string RandomHex(size_t bytes);

// The request id: the client's `X-Request-Id` when acceptable, else a new one.
std::string RequestIdOf(const Headers& headers);

// The caller's span, from a valid `traceparent` header; nullopt otherwise.
std::optional<trace::SpanContext> CallerSpan(const Headers& headers);

}  // namespace parfumerie::net

// Content negotiation for GraphQL over HTTP: which response media type an
// `Accept` header asks for, whether a browser asks for a page, and whether a
// request's `Content-Type` is JSON in UTF-8. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace parfumerie::gateway::http {

enum class ResponseMediaType {
  kGraphqlResponseJson,  // application/graphql-response+json
  kJson,                 // application/json
};

// The `Content-Type` value to send for `type`, with `charset=utf-8`.
std::string_view ContentTypeOf(ResponseMediaType type);

// The media type to answer with, or nullopt when `accept` admits neither
// (406). No `Accept`, `*/*` and `application/*` mean application/json, as the
// specification asks for clients that predate application/graphql-response+json;
// otherwise the higher quality wins, then the more specific range, then
// application/graphql-response+json when both are named with equal quality.
std::optional<ResponseMediaType> NegotiateResponse(std::optional<std::string_view> accept);

// True when `accept` names text/html with a non-zero quality (a browser's
// navigation), so a GET without a query may be answered with GraphiQL.
bool AcceptsHtml(std::optional<std::string_view> accept);

enum class RequestBodyType {
  kJson,                // application/json, UTF-8 or no charset
  kUnsupportedCharset,  // application/json with another charset
  kUnsupported,         // missing or anything else
};
RequestBodyType ClassifyContentType(std::optional<std::string_view> content_type);

}  // namespace parfumerie::gateway::http

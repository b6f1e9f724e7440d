// The messages of the GraphQL over WebSocket protocol (`graphql-transport-ws`,
// https://github.com/graphql/graphql-over-http/blob/main/rfcs/GraphQLOverWebSocket.md):
// parsing what a client sends, writing what the server sends. Plain
// functions, no I/O; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "absl/status/statusor.h"

namespace parfumerie::gateway::ws {

inline constexpr std::string_view kSubprotocol = "graphql-transport-ws";

// Close codes of the protocol.
inline constexpr uint16_t kCloseBadRequest = 4400;
inline constexpr uint16_t kCloseUnauthorized = 4401;
inline constexpr uint16_t kCloseForbidden = 4403;
inline constexpr uint16_t kCloseSubprotocolNotAcceptable = 4406;
inline constexpr uint16_t kCloseInitTimeout = 4408;
inline constexpr uint16_t kCloseSubscriberAlreadyExists = 4409;
inline constexpr uint16_t kCloseTooManyInitialisationRequests = 4429;

struct ClientMessage {
  enum class Type { kConnectionInit, kPing, kPong, kSubscribe, kComplete };
  Type type = Type::kConnectionInit;
  std::string id;  // kSubscribe, kComplete: never empty
  // kConnectionInit, kPing, kPong: the payload object, if one was sent.
  std::optional<boost::json::object> payload;
  // kSubscribe:
  std::string query;
  std::string operation_name;  // empty when absent or null
  boost::json::object variables;
};

// INVALID_ARGUMENT with a reason in graphql-ws's words ("Message is missing
// the 'type' property") for text that is not JSON, not a valid message, or a
// message only a server sends.
absl::StatusOr<ClientMessage> ParseClientMessage(std::string_view text);

// The bearer token of a connection_init payload: its "authorization" (with
// or without "Bearer ") or else its "token" string; empty when neither.
std::string BearerToken(const std::optional<boost::json::object>& payload);

// Server messages. `response` is a GraphQL response (JSON object), `errors`
// a JSON array of GraphQL errors; both are embedded verbatim.
std::string ConnectionAckMessage();
std::string PongMessage(const std::optional<boost::json::object>& payload);
std::string NextMessage(std::string_view id, std::string_view response);
std::string ErrorMessage(std::string_view id, std::string_view errors);
std::string CompleteMessage(std::string_view id);

}  // namespace parfumerie::gateway::ws

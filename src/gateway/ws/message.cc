#include "gateway/ws/message.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "absl/strings/str_cat.h"
#include "graphql/error.h"

namespace parfumerie::gateway::ws {
namespace {

namespace json = boost::json;

// graphql-ws's extendedTypeof().
std::string TypeOf(const json::value* v) {
  if (v == nullptr) return "undefined";
  switch (v->kind()) {
    case json::kind::null:
      return "null";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
    case json::kind::string:
      return "string";
    case json::kind::bool_:
      return "boolean";
    default:
      return "number";
  }
}

bool IsNullish(const json::value* v) { return v == nullptr || v->is_null(); }

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

absl::Status ReadId(const json::object& msg, std::string_view type, ClientMessage& out) {
  const json::value* id = msg.if_contains("id");
  if (id == nullptr || !id->is_string()) {
    return Invalid(absl::StrCat("\"", std::string(type), "\" message expects the 'id' property to be a string, but got ",
                                TypeOf(id)));
  }
  if (id->as_string().empty()) {
    return Invalid(absl::StrCat("\"", std::string(type), "\" message requires a non-empty 'id' property"));
  }
  out.id = std::string(id->as_string());
  return absl::OkStatus();
}

absl::Status ReadSubscribePayload(const json::object& msg, ClientMessage& out) {
  const json::value* payload = msg.if_contains("payload");
  if (payload == nullptr || !payload->is_object()) {
    return Invalid("\"subscribe\" message expects the 'payload' property to be an object, but got " +
                   TypeOf(payload));
  }
  const json::object& p = payload->as_object();
  const json::value* query = p.if_contains("query");
  if (query == nullptr || !query->is_string()) {
    return Invalid("\"subscribe\" message payload expects the 'query' property to be a string, but got " +
                   TypeOf(query));
  }
  const json::value* variables = p.if_contains("variables");
  if (!IsNullish(variables) && !variables->is_object()) {
    return Invalid(
        "\"subscribe\" message payload expects the 'variables' property to be a an object or nullish or "
        "missing, but got " +
        TypeOf(variables));
  }
  const json::value* name = p.if_contains("operationName");
  if (!IsNullish(name) && !name->is_string()) {
    return Invalid(
        "\"subscribe\" message payload expects the 'operationName' property to be a string or nullish or "
        "missing, but got " +
        TypeOf(name));
  }
  const json::value* extensions = p.if_contains("extensions");
  if (!IsNullish(extensions) && !extensions->is_object()) {
    return Invalid(
        "\"subscribe\" message payload expects the 'extensions' property to be a an object or nullish or "
        "missing, but got " +
        TypeOf(extensions));
  }
  out.query = std::string(query->as_string());
  if (!IsNullish(variables)) out.variables = variables->as_object();
  if (!IsNullish(name)) out.operation_name = std::string(name->as_string());
  return absl::OkStatus();
}

void AppendType(std::string& out, std::string_view type) {
  out.append("\"type\":\"").append(type).append("\"");
}

std::string WithId(std::string_view id, std::string_view type) {
  std::string out = "{\"id\":";
  graphql::AppendJsonString(id, out);
  out.push_back(',');
  AppendType(out, type);
  return out;
}

}  // namespace

absl::StatusOr<ClientMessage> ParseClientMessage(std::string_view text) {
  boost::system::error_code ec;
  json::value parsed = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return Invalid("Invalid message received: not JSON");
  if (!parsed.is_object()) {
    return Invalid("Message is expected to be an object, but got " + TypeOf(&parsed));
  }
  json::object& msg = parsed.as_object();
  const json::value* type = msg.if_contains("type");
  // graphql-ws tests `!val.type`: absent, null, false, 0 and "" are missing.
  if (type == nullptr || type->is_null() || (type->is_string() && type->as_string().empty()) ||
      (type->is_bool() && !type->as_bool()) || (type->is_number() && type->to_number<double>() == 0)) {
    return Invalid("Message is missing the 'type' property");
  }
  if (!type->is_string()) {
    return Invalid("Message is expects the 'type' property to be a string, but got " + TypeOf(type));
  }
  const std::string_view t(type->as_string().data(), type->as_string().size());
  ClientMessage out;
  if (t == "connection_init" || t == "ping" || t == "pong") {
    out.type = t == "ping"   ? ClientMessage::Type::kPing
               : t == "pong" ? ClientMessage::Type::kPong
                             : ClientMessage::Type::kConnectionInit;
    const json::value* payload = msg.if_contains("payload");
    if (!IsNullish(payload)) {
      if (!payload->is_object()) {
        return Invalid(absl::StrCat(
            "\"", std::string(t), "\" message expects the 'payload' property to be an object or nullish or missing, but got \"",
            json::serialize(*payload), "\""));
      }
      out.payload = payload->as_object();
    }
    return out;
  }
  if (t == "subscribe") {
    out.type = ClientMessage::Type::kSubscribe;
    if (auto s = ReadId(msg, t, out); !s.ok()) return s;
    if (auto s = ReadSubscribePayload(msg, out); !s.ok()) return s;
    return out;
  }
  if (t == "complete") {
    out.type = ClientMessage::Type::kComplete;
    if (auto s = ReadId(msg, t, out); !s.ok()) return s;
    return out;
  }
  if (t == "connection_ack" || t == "next" || t == "error") {
    return Invalid(absl::StrCat("Unexpected message of type ", std::string(t), " received"));
  }
  return Invalid(absl::StrCat("Invalid message 'type' property \"", std::string(t), "\""));
}

std::string BearerToken(const std::optional<boost::json::object>& payload) {
  if (!payload) return "";
  if (const json::value* auth = payload->if_contains("authorization"); auth && auth->is_string()) {
    std::string_view v(auth->as_string().data(), auth->as_string().size());
    if (v.size() >= 7 && (v.substr(0, 7) == "Bearer " || v.substr(0, 7) == "bearer ")) v.remove_prefix(7);
    return std::string(v);
  }
  if (const json::value* token = payload->if_contains("token"); token && token->is_string()) {
    return std::string(token->as_string());
  }
  return "";
}

std::string ConnectionAckMessage() { return R"({"type":"connection_ack"})"; }

std::string PongMessage(const std::optional<boost::json::object>& payload) {
  // graphql-ws echoes the ping's payload when it had one.
  if (!payload) return R"({"type":"pong"})";
  return R"({"type":"pong","payload":)" + json::serialize(*payload) + "}";
}

std::string NextMessage(std::string_view id, std::string_view response) {
  std::string out = WithId(id, "next");
  out.append(",\"payload\":").append(response).push_back('}');
  return out;
}

std::string ErrorMessage(std::string_view id, std::string_view errors) {
  std::string out = WithId(id, "error");
  out.append(",\"payload\":").append(errors).push_back('}');
  return out;
}

std::string CompleteMessage(std::string_view id) { return WithId(id, "complete") + "}"; }

}  // namespace parfumerie::gateway::ws

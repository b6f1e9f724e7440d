#include "graphql/error.h"

#include <optional>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "absl/strings/cord.h"
#include "graphql/resolver.h"

#include "graphql/impl/lexer.h"

namespace parfumerie::graphql {
namespace {
constexpr char kExtensionsPayload[] = "type.parfumerie/graphql.ErrorExtensions";
}  // namespace

absl::Status WithErrorExtensions(absl::Status status, const boost::json::object& extensions) {
  if (!status.ok()) status.SetPayload(kExtensionsPayload, absl::Cord(boost::json::serialize(extensions)));
  return status;
}

boost::json::object ErrorExtensions(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kExtensionsPayload);
  if (!payload) return {};
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(std::string(*payload), ec);
  return !ec && v.is_object() ? std::move(v.as_object()) : boost::json::object{};
}

void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  size_t chunk = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // Output is always valid UTF-8: a broken sequence becomes U+FFFD.
      int len;
      if (impl::DecodeUtf8(text, i, len) >= 0) {
        i += len - 1;
        continue;
      }
      out.append(text.data() + chunk, i - chunk);
      out.append("\xEF\xBF\xBD");
      chunk = i + 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + chunk, i - chunk);
    chunk = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(text.data() + chunk, text.size() - chunk);
  out.push_back('"');
}

void AppendErrorJson(const Error& error, std::string& out) {
  out.append("{\"message\":");
  AppendJsonString(error.message, out);
  if (!error.locations.empty()) {
    out.append(",\"locations\":[");
    for (size_t i = 0; i < error.locations.size(); ++i) {
      if (i) out.push_back(',');
      out.append("{\"line\":");
      out.append(std::to_string(error.locations[i].line));
      out.append(",\"column\":");
      out.append(std::to_string(error.locations[i].column));
      out.push_back('}');
    }
    out.push_back(']');
  }
  if (!error.path.empty()) {
    out.append(",\"path\":[");
    for (size_t i = 0; i < error.path.size(); ++i) {
      if (i) out.push_back(',');
      if (const auto* key = std::get_if<std::string>(&error.path[i])) {
        AppendJsonString(*key, out);
      } else {
        out.append(std::to_string(std::get<int>(error.path[i])));
      }
    }
    out.push_back(']');
  }
  if (!error.extensions.empty()) {
    out.append(",\"extensions\":");
    out.append(boost::json::serialize(error.extensions));
  }
  out.push_back('}');
}

}  // namespace parfumerie::graphql

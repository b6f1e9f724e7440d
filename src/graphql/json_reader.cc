#include "graphql/json_reader.h"

#include <charconv>
#include <cstdlib>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

namespace parfumerie::graphql {
namespace {

namespace json = boost::json;

class Handler {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  json::value_stack stack;
  std::string number;

  bool on_document_begin(json::error_code&) { stack.reset(); return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) { stack.push_object(n); return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) { stack.push_array(n); return true; }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) { stack.push_chars(s); return true; }
  bool on_key(json::string_view s, std::size_t, json::error_code&) { stack.push_key(s); return true; }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) { stack.push_chars(s); return true; }
  bool on_string(json::string_view s, std::size_t, json::error_code&) { stack.push_string(s); return true; }
  bool on_number_part(json::string_view s, json::error_code&) { number.append(s.data(), s.size()); return true; }
  bool on_int64(int64_t i, json::string_view, json::error_code&) { number.clear(); stack.push_int64(i); return true; }
  bool on_uint64(uint64_t u, json::string_view, json::error_code&) { number.clear(); stack.push_uint64(u); return true; }
  bool on_double(double, json::string_view s, json::error_code&) {
    number.append(s.data(), s.size());
    // strtod rounds correctly, as JSON.parse does.
    double d = std::strtod(number.c_str(), nullptr);
    number.clear();
    stack.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) { stack.push_bool(b); return true; }
  bool on_null(json::error_code&) { stack.push_null(); return true; }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

}  // namespace

absl::StatusOr<json::value> ReadJson(std::string_view text, size_t max_depth) {
  json::parse_options options;
  options.max_depth = max_depth;
  json::basic_parser<Handler> parser(options);
  json::error_code ec;
  size_t n = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && n != text.size()) ec = json::error::extra_data;
  if (ec) return absl::InvalidArgumentError("invalid JSON: " + ec.message());
  return parser.handler().stack.release();
}

}  // namespace parfumerie::graphql

#include "graphql/impl/values.h"

#include "graphql/impl/suggestions.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace parfumerie::graphql::impl {
namespace json = boost::json;

namespace {

size_t FormatShortJsNumberUncached(double value, char* buf) {
  // Below 1e9 with at most four decimals, the decimals are at least 1e-4
  // apart while doubles there are less than 1.2e-7 apart: at most one integer
  // m makes m / 10^k round to `value` (a correctly rounded division, as a
  // parser rounds), and the smallest such k gives the shortest digits.
  if (!(std::fabs(value) < 1e9) || value == 0) return 0;
  static constexpr double kScale[] = {1, 10, 100, 1000, 10000};
  static constexpr int64_t kIntScale[] = {1, 10, 100, 1000, 10000};
  for (int k = 0; k <= 4; ++k) {
    const double scaled = value * kScale[k];
    // Rounded by hand (a libm call costs more); only a near-integer is worth
    // the exact test, a division. When m / 10^k is `value`, scaled is within
    // a few ulps of m: the relative 1e-13 is far above that, never below.
    const double m = static_cast<double>(static_cast<int64_t>(scaled + (scaled < 0 ? -0.5 : 0.5)));
    if (std::fabs(scaled - m) > std::fabs(scaled) * 1e-13 || m / kScale[k] != value) continue;
    auto digits = static_cast<int64_t>(m);
    char* p = buf;
    if (digits < 0) {
      *p++ = '-';
      digits = -digits;
    }
    p = std::to_chars(p, buf + kShortJsNumberMax, digits / kIntScale[k]).ptr;
    if (k > 0) {
      *p++ = '.';
      int64_t fraction = digits % kIntScale[k];
      for (int i = k - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + fraction % 10);
        fraction /= 10;
      }
      p += k;
    }
    return static_cast<size_t>(p - buf);
  }
  return 0;
}

}  // namespace

std::string_view ShortJsNumber(double value) {
  // Prices and quantities repeat: a small per-thread table of recent answers
  // (a pure function of the bits) spares most of the arithmetic. The caller
  // reads the answer where it lies: copying it out first would make the
  // caller's read wait on those fresh stores.
  struct Entry {
    uint64_t bits = 0;
    uint8_t length = 0;  // 0: not a short number.
    bool used = false;
    char text[kShortJsNumberMax];
  };
  thread_local Entry table[256];
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  Entry& e = table[(bits * 0x9E3779B97F4A7C15ull) >> 56];
  if (!e.used || e.bits != bits) {
    e.length = static_cast<uint8_t>(FormatShortJsNumberUncached(value, e.text));
    e.used = true;
    e.bits = bits;
  }
  return {e.text, e.length};
}

size_t FormatShortJsNumber(double value, char* buf) {
  std::string_view text = ShortJsNumber(value);
  std::memcpy(buf, text.data(), text.size());
  return text.size();
}

void AppendJsNumber(double value, std::string& out) {
  char short_buf[kShortJsNumberMax];
  if (size_t n = FormatShortJsNumber(value, short_buf)) {
    out.append(short_buf, n);
    return;
  }
  if (std::isnan(value) || std::isinf(value)) {
    out.append("null");
    return;
  }
  if (value == 0) {
    out.push_back('0');
    return;
  }
  char buf[64];
  double magnitude = std::fabs(value);
  if (magnitude >= 1e-6 && magnitude < 1e21) {
    // In this range JavaScript writes the shortest round-trip digits in
    // fixed notation, which is what to_chars(fixed) produces.
    auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    out.append(buf, res.ptr - buf);
    return;
  }
  auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  std::string_view sci(buf, res.ptr - buf);
  bool negative = sci[0] == '-';
  if (negative) sci.remove_prefix(1);
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exp = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  int k = static_cast<int>(digits.size());
  int n = exp + 1;
  if (negative) out.push_back('-');
  if (k <= n && n <= 21) {
    out.append(digits);
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, n);
    out.push_back('.');
    out.append(digits, n);
  } else if (-6 < n && n <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-n), '0');
    out.append(digits);
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out.append(std::to_string(std::abs(n - 1)));
  }
}

std::string JsNumber(double value) {
  std::string out;
  AppendJsNumber(value, out);
  return out;
}

namespace {

double AsDouble(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}

void InspectInto(const json::value& v, std::string& out, int depth) {
  switch (v.kind()) {
    case json::kind::null: out.append("null"); return;
    case json::kind::bool_: out.append(v.get_bool() ? "true" : "false"); return;
    case json::kind::int64: case json::kind::uint64: case json::kind::double_: AppendJsNumber(AsDouble(v), out); return;
    case json::kind::string: AppendJsonString(v.get_string(), out); return;
    case json::kind::array: {
      if (depth > 2) { out.append("[Array]"); return; }
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.append(", ");
        first = false;
        InspectInto(item, out, depth + 1);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      if (v.get_object().empty()) { out.append("{}"); return; }
      if (depth > 2) { out.append("[Object]"); return; }
      out.append("{ ");
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.append(", ");
        first = false;
        out.append(kv.key());
        out.append(": ");
        InspectInto(kv.value(), out, depth + 1);
      }
      out.append(" }");
      return;
    }
  }
}

bool IsInteger(const json::value& v, double& out) {
  if (v.is_int64()) { out = static_cast<double>(v.get_int64()); return true; }
  if (v.is_uint64()) { out = static_cast<double>(v.get_uint64()); return true; }
  if (v.is_double()) {
    double d = v.get_double();
    out = d;
    return std::isfinite(d) && std::floor(d) == d;
  }
  return false;
}

bool IsNumber(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

const json::value* LookupVariable(const json::object* variables, std::string_view name) {
  if (variables == nullptr) return nullptr;
  auto it = variables->find(name);
  return it == variables->end() ? nullptr : &it->value();
}

bool IsMissingVariable(const ast::Value& v, const json::object* variables) {
  return v.kind == ast::ValueKind::kVariable && LookupVariable(variables, v.text) == nullptr;
}

// parseLiteral of the leaf types; nullopt when invalid.
std::optional<json::value> ParseLeafLiteral(const Type& type, const ast::Value& literal,
                                            const json::object* variables, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<json::value> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  if (type.kind == TypeKind::kEnum) {
    if (literal.kind != ast::ValueKind::kEnum) {
      return fail("Enum \"" + type.name + "\" cannot represent non-enum value: " + PrintLiteral(literal) + ".");
    }
    if (type.FindEnumValue(literal.text) == nullptr) {
      return fail("Value \"" + std::string(literal.text) + "\" does not exist in \"" + type.name + "\" enum.");
    }
    return json::value(json::string(literal.text));
  }
  const std::string& n = type.name;
  if (n == "Int") {
    if (literal.kind != ast::ValueKind::kInt) return fail("Int cannot represent non-integer value: " + PrintLiteral(literal));
    std::string text(literal.text);
    errno = 0;
    long long v = std::strtoll(text.c_str(), nullptr, 10);
    if (errno != 0 || v > 2147483647LL || v < -2147483648LL) {
      return fail("Int cannot represent non 32-bit signed integer value: " + text);
    }
    return json::value(static_cast<int64_t>(v));
  }
  if (n == "Float") {
    if (literal.kind != ast::ValueKind::kInt && literal.kind != ast::ValueKind::kFloat) {
      return fail("Float cannot represent non numeric value: " + PrintLiteral(literal));
    }
    double d = std::strtod(std::string(literal.text).c_str(), nullptr);
    if (literal.kind == ast::ValueKind::kInt && std::floor(d) == d && std::fabs(d) < 9e15) {
      return json::value(static_cast<int64_t>(d));
    }
    return json::value(d);
  }
  if (n == "String") {
    if (literal.kind != ast::ValueKind::kString) return fail("String cannot represent a non string value: " + PrintLiteral(literal));
    return json::value(json::string(literal.text));
  }
  if (n == "Boolean") {
    if (literal.kind != ast::ValueKind::kBoolean) return fail("Boolean cannot represent a non boolean value: " + PrintLiteral(literal));
    return json::value(literal.boolean);
  }
  if (n == "ID") {
    if (literal.kind != ast::ValueKind::kString && literal.kind != ast::ValueKind::kInt) {
      return fail("ID cannot represent a non-string and non-integer value: " + PrintLiteral(literal));
    }
    return json::value(json::string(literal.text));
  }
  auto untyped = ValueFromAstUntyped(literal, variables);
  if (!untyped) return fail("Expected value of type \"" + type.name + "\".");
  return untyped;
}

}  // namespace

std::string Inspect(const json::value& value) {
  std::string out;
  InspectInto(value, out, 0);
  return out;
}

void AppendJson(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null: out.append("null"); return;
    case json::kind::bool_: out.append(v.get_bool() ? "true" : "false"); return;
    case json::kind::int64: out.append(std::to_string(v.get_int64())); return;
    case json::kind::uint64: out.append(std::to_string(v.get_uint64())); return;
    case json::kind::double_: AppendJsNumber(v.get_double(), out); return;
    case json::kind::string: AppendJsonString(v.get_string(), out); return;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJson(item, out);
      }
      out.push_back(']');
      return;
    }
    case json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(kv.key(), out);
        out.push_back(':');
        AppendJson(kv.value(), out);
      }
      out.push_back('}');
      return;
    }
  }
}

std::optional<json::value> ValueFromAstUntyped(const ast::Value& literal, const json::object* variables) {
  switch (literal.kind) {
    case ast::ValueKind::kNull: return json::value(nullptr);
    case ast::ValueKind::kInt: {
      double d = std::strtod(std::string(literal.text).c_str(), nullptr);
      if (std::fabs(d) < 9e15) return json::value(static_cast<int64_t>(d));
      return json::value(d);
    }
    case ast::ValueKind::kFloat: return json::value(std::strtod(std::string(literal.text).c_str(), nullptr));
    case ast::ValueKind::kString:
    case ast::ValueKind::kEnum: return json::value(json::string(literal.text));
    case ast::ValueKind::kBoolean: return json::value(literal.boolean);
    case ast::ValueKind::kList: {
      json::array out;
      for (const ast::Value* item : literal.list) {
        auto v = ValueFromAstUntyped(*item, variables);
        out.push_back(v ? std::move(*v) : json::value(nullptr));
      }
      return json::value(std::move(out));
    }
    case ast::ValueKind::kObject: {
      json::object out;
      for (const auto& f : literal.fields) {
        auto v = ValueFromAstUntyped(*f.value, variables);
        if (v) out[f.name] = std::move(*v);
      }
      return json::value(std::move(out));
    }
    case ast::ValueKind::kVariable: {
      const json::value* v = LookupVariable(variables, literal.text);
      if (v == nullptr) return std::nullopt;
      return *v;
    }
  }
  return std::nullopt;
}

std::optional<json::value> ValueFromAst(const ast::Value& literal, const TypeRef& type, const json::object* variables) {
  if (literal.kind == ast::ValueKind::kVariable) {
    const json::value* v = LookupVariable(variables, literal.text);
    if (v == nullptr) return std::nullopt;
    if (v->is_null() && type.IsNonNull()) return std::nullopt;
    return *v;
  }
  if (type.IsNonNull()) {
    if (literal.kind == ast::ValueKind::kNull) return std::nullopt;
    return ValueFromAst(literal, *type.of, variables);
  }
  if (literal.kind == ast::ValueKind::kNull) return json::value(nullptr);
  if (type.IsList()) {
    const TypeRef& item_type = *type.of;
    if (literal.kind == ast::ValueKind::kList) {
      json::array out;
      out.reserve(literal.list.size());
      for (const ast::Value* item : literal.list) {
        if (IsMissingVariable(*item, variables)) {
          if (item_type.IsNonNull()) return std::nullopt;
          out.emplace_back(nullptr);
          continue;
        }
        auto v = ValueFromAst(*item, item_type, variables);
        if (!v) return std::nullopt;
        out.push_back(std::move(*v));
      }
      return json::value(std::move(out));
    }
    auto v = ValueFromAst(literal, item_type, variables);
    if (!v) return std::nullopt;
    json::array out;
    out.push_back(std::move(*v));
    return json::value(std::move(out));
  }
  const Type& named = *type.named;
  if (named.kind == TypeKind::kInputObject) {
    if (literal.kind != ast::ValueKind::kObject) return std::nullopt;
    json::object out;
    for (const InputValue& field : named.input_fields) {
      const ast::ObjectField* node = nullptr;
      for (const auto& f : literal.fields) {
        if (f.name == field.name) {
          node = &f;
          break;
        }
      }
      if (node == nullptr || IsMissingVariable(*node->value, variables)) {
        if (field.default_value) {
          out[field.name] = *field.default_value;
        } else if (field.type->IsNonNull()) {
          return std::nullopt;
        }
        continue;
      }
      auto v = ValueFromAst(*node->value, *field.type, variables);
      if (!v) return std::nullopt;
      out[field.name] = std::move(*v);
    }
    if (named.one_of) {
      if (out.size() != 1) return std::nullopt;
      if (out.begin()->value().is_null()) return std::nullopt;
    }
    return json::value(std::move(out));
  }
  return ParseLeafLiteral(named, literal, variables, nullptr);
}

bool IsValidLeafLiteral(const Type& type, const ast::Value& literal, std::string& error) {
  return ParseLeafLiteral(type, literal, nullptr, &error).has_value();
}

namespace {

void CoerceImpl(const json::value& input, const TypeRef& type, const InputErrorFn& on_error,
                std::vector<PathElement>& path, json::value& out) {
  if (type.IsNonNull()) {
    if (!input.is_null()) {
      CoerceImpl(input, *type.of, on_error, path, out);
      return;
    }
    on_error(path, "Expected non-nullable type \"" + type.ToString() + "\" not to be null.");
    return;
  }
  if (input.is_null()) {
    out = nullptr;
    return;
  }
  if (type.IsList()) {
    json::array arr;
    if (input.is_array()) {
      int index = 0;
      for (const auto& item : input.get_array()) {
        path.emplace_back(index++);
        json::value v;
        CoerceImpl(item, *type.of, on_error, path, v);
        arr.push_back(std::move(v));
        path.pop_back();
      }
    } else {
      json::value v;
      CoerceImpl(input, *type.of, on_error, path, v);
      arr.push_back(std::move(v));
    }
    out = std::move(arr);
    return;
  }
  const Type& named = *type.named;
  if (named.kind == TypeKind::kInputObject) {
    if (!input.is_object()) {
      on_error(path, "Expected type \"" + named.name + "\" to be an object.");
      return;
    }
    const json::object& obj = input.get_object();
    json::object result;
    for (const InputValue& field : named.input_fields) {
      auto it = obj.find(field.name);
      if (it == obj.end()) {
        if (field.default_value) {
          result[field.name] = *field.default_value;
        } else if (field.type->IsNonNull()) {
          on_error(path, "Field \"" + field.name + "\" of required type \"" + field.type->ToString() +
                             "\" was not provided.");
        }
        continue;
      }
      path.emplace_back(field.name);
      json::value v;
      CoerceImpl(it->value(), *field.type, on_error, path, v);
      result[field.name] = std::move(v);
      path.pop_back();
    }
    for (const auto& kv : obj) {
      if (named.FindInputField(kv.key()) == nullptr) {
        std::vector<std::string> names;
        for (const InputValue& f : named.input_fields) names.push_back(f.name);
        on_error(path, "Field \"" + std::string(kv.key()) + "\" is not defined by type \"" + named.name + "\"." +
                           DidYouMean(SuggestionList(kv.key(), names)));
      }
    }
    if (named.one_of) {
      if (result.size() != 1) {
        on_error(path, "Exactly one key must be specified for OneOf type \"" + named.name + "\".");
      }
      if (!result.empty() && result.begin()->value().is_null()) {
        path.emplace_back(std::string(result.begin()->key()));
        on_error(path, "Field \"" + std::string(result.begin()->key()) + "\" must be non-null.");
        path.pop_back();
      }
    }
    out = std::move(result);
    return;
  }
  // Leaf types: parseValue.
  auto fail = [&](std::string message) { on_error(path, message); };
  if (named.kind == TypeKind::kEnum) {
    if (!input.is_string()) {
      fail("Enum \"" + named.name + "\" cannot represent non-string value: " + Inspect(input) + ".");
      return;
    }
    if (named.FindEnumValue(input.get_string()) == nullptr) {
      fail("Value \"" + std::string(input.get_string()) + "\" does not exist in \"" + named.name + "\" enum.");
      return;
    }
    out = input;
    return;
  }
  const std::string& n = named.name;
  double d;
  if (n == "Int") {
    if (!IsInteger(input, d)) {
      fail("Int cannot represent non-integer value: " + Inspect(input));
    } else if (d > 2147483647.0 || d < -2147483648.0) {
      fail("Int cannot represent non 32-bit signed integer value: " + Inspect(input));
    } else {
      out = static_cast<int64_t>(d);
    }
  } else if (n == "Float") {
    if (!IsNumber(input) || !std::isfinite(AsDouble(input))) {
      fail("Float cannot represent non numeric value: " + Inspect(input));
    } else {
      out = input;
    }
  } else if (n == "String") {
    if (!input.is_string()) {
      fail("String cannot represent a non string value: " + Inspect(input));
    } else {
      out = input;
    }
  } else if (n == "Boolean") {
    if (!input.is_bool()) {
      fail("Boolean cannot represent a non boolean value: " + Inspect(input));
    } else {
      out = input;
    }
  } else if (n == "ID") {
    if (input.is_string()) {
      out = input;
    } else if (IsInteger(input, d)) {
      out = json::string(JsNumber(d));
    } else {
      fail("ID cannot represent value: " + Inspect(input));
    }
  } else {
    out = input;
  }
}

}  // namespace

json::value CoerceInputValue(const json::value& input, const TypeRef& type, const InputErrorFn& on_error) {
  std::vector<PathElement> path;
  json::value out;
  CoerceImpl(input, type, on_error, path, out);
  return out;
}

bool SerializeLeaf(const Type& type, const json::value& value, std::string& out, std::string& error) {
  if (type.kind == TypeKind::kEnum) {
    if (value.is_string() && type.FindEnumValue(value.get_string()) != nullptr) {
      AppendJsonString(value.get_string(), out);
      return true;
    }
    error = "Enum \"" + type.name + "\" cannot represent value: " + Inspect(value);
    return false;
  }
  const std::string& n = type.name;
  double d = 0;
  if (n == "Int" || n == "Float") {
    bool numeric = false;
    if (value.is_bool()) {
      d = value.get_bool() ? 1 : 0;
      numeric = true;
    } else if (IsNumber(value)) {
      d = AsDouble(value);
      numeric = true;
    } else if (value.is_string() && !value.get_string().empty()) {
      std::string s(value.get_string());
      char* end = nullptr;
      // Number("  12 ") trims whitespace; Number("0x10") is hex. Keep it simple: decimal only.
      size_t b = s.find_first_not_of(" \t\n\r");
      size_t e = s.find_last_not_of(" \t\n\r");
      if (b == std::string::npos) {
        d = 0;
        numeric = true;
      } else {
        std::string t = s.substr(b, e - b + 1);
        d = std::strtod(t.c_str(), &end);
        numeric = end == t.c_str() + t.size() && t.find_first_of("xXnN") == std::string::npos;
      }
    }
    if (n == "Int") {
      if (!numeric || !std::isfinite(d) || std::floor(d) != d) {
        error = "Int cannot represent non-integer value: " + Inspect(value);
        return false;
      }
      if (d > 2147483647.0 || d < -2147483648.0) {
        error = "Int cannot represent non 32-bit signed integer value: " + Inspect(value);
        return false;
      }
      out.append(std::to_string(static_cast<int64_t>(d)));
      return true;
    }
    if (!numeric || !std::isfinite(d)) {
      error = "Float cannot represent non numeric value: " + Inspect(value);
      return false;
    }
    if (value.is_int64()) {
      out.append(std::to_string(value.get_int64()));
    } else {
      AppendJsNumber(d, out);
    }
    return true;
  }
  if (n == "String") {
    if (value.is_string()) {
      AppendJsonString(value.get_string(), out);
    } else if (value.is_bool()) {
      out.append(value.get_bool() ? "\"true\"" : "\"false\"");
    } else if (IsNumber(value) && std::isfinite(AsDouble(value))) {
      out.push_back('"');
      if (value.is_int64()) out.append(std::to_string(value.get_int64()));
      else AppendJsNumber(AsDouble(value), out);
      out.push_back('"');
    } else {
      error = "String cannot represent value: " + Inspect(value);
      return false;
    }
    return true;
  }
  if (n == "Boolean") {
    if (value.is_bool()) {
      out.append(value.get_bool() ? "true" : "false");
    } else if (IsNumber(value) && std::isfinite(AsDouble(value))) {
      out.append(AsDouble(value) != 0 ? "true" : "false");
    } else {
      error = "Boolean cannot represent a non boolean value: " + Inspect(value);
      return false;
    }
    return true;
  }
  if (n == "ID") {
    if (value.is_string()) {
      AppendJsonString(value.get_string(), out);
    } else if (IsInteger(value, d)) {
      out.push_back('"');
      if (value.is_int64()) out.append(std::to_string(value.get_int64()));
      else AppendJsNumber(d, out);
      out.push_back('"');
    } else {
      error = "ID cannot represent value: " + Inspect(value);
      return false;
    }
    return true;
  }
  AppendJson(value, out);
  return true;
}

void AppendGraphqlString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    // U+007F..U+009F: 0x7F alone, or C2 80..C2 9F in UTF-8.
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
              static_cast<unsigned char>(text[i + 1]) >= 0x80;
    if (c == '"') { out.append("\\\""); continue; }
    if (c == '\\') { out.append("\\\\"); continue; }
    if (c == '\b') { out.append("\\b"); continue; }
    if (c == '\f') { out.append("\\f"); continue; }
    if (c == '\n') { out.append("\\n"); continue; }
    if (c == '\r') { out.append("\\r"); continue; }
    if (c == '\t') { out.append("\\t"); continue; }
    if (c < 0x20 || c == 0x7F || c1) {
      unsigned cp = c1 ? static_cast<unsigned char>(text[++i]) : c;
      out.append("\\u00");
      out.push_back(kHex[cp >> 4]);
      out.push_back(kHex[cp & 15]);
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
}

namespace {

void PrintLiteralInto(const ast::Value& v, std::string& out) {
  switch (v.kind) {
    case ast::ValueKind::kVariable: out.push_back('$'); out.append(v.text); return;
    case ast::ValueKind::kInt: case ast::ValueKind::kFloat: case ast::ValueKind::kEnum: out.append(v.text); return;
    case ast::ValueKind::kString:
      if (v.block) {
        out.append(PrintBlockString(std::string(v.text)));
      } else {
        AppendGraphqlString(v.text, out);
      }
      return;
    case ast::ValueKind::kBoolean: out.append(v.boolean ? "true" : "false"); return;
    case ast::ValueKind::kNull: out.append("null"); return;
    case ast::ValueKind::kList: {
      out.push_back('[');
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i) out.append(", ");
        PrintLiteralInto(*v.list[i], out);
      }
      out.push_back(']');
      return;
    }
    case ast::ValueKind::kObject: {
      out.push_back('{');
      for (size_t i = 0; i < v.fields.size(); ++i) {
        if (i) out.append(", ");
        out.append(v.fields[i].name);
        out.append(": ");
        PrintLiteralInto(*v.fields[i].value, out);
      }
      out.push_back('}');
      return;
    }
  }
}

bool IsIntegerString(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size()) return false;
  if (s[i] == '0') return i + 1 == s.size();
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool AstFromValue(const json::value& value, const TypeRef& type, std::string& out) {
  if (type.IsNonNull()) {
    if (value.is_null()) return false;
    return AstFromValue(value, *type.of, out);
  }
  if (value.is_null()) {
    out.append("null");
    return true;
  }
  if (type.IsList()) {
    if (value.is_array()) {
      out.push_back('[');
      bool first = true;
      for (const auto& item : value.get_array()) {
        std::string item_text;
        if (!AstFromValue(item, *type.of, item_text)) continue;
        if (!first) out.append(", ");
        first = false;
        out.append(item_text);
      }
      out.push_back(']');
      return true;
    }
    return AstFromValue(value, *type.of, out);
  }
  const Type& named = *type.named;
  if (named.kind == TypeKind::kInputObject) {
    if (!value.is_object()) return false;
    out.push_back('{');
    bool first = true;
    for (const InputValue& field : named.input_fields) {
      auto it = value.get_object().find(field.name);
      if (it == value.get_object().end()) continue;
      std::string field_text;
      if (!AstFromValue(it->value(), *field.type, field_text)) continue;
      if (!first) out.append(", ");
      first = false;
      out.append(field.name);
      out.append(": ");
      out.append(field_text);
    }
    out.push_back('}');
    return true;
  }
  std::string serialized;
  std::string error;
  if (!SerializeLeaf(named, value, serialized, error)) return false;
  json::value parsed;
  // `serialized` is JSON text of a scalar; reinterpret it for GraphQL syntax.
  if (serialized == "true" || serialized == "false") {
    out.append(serialized);
    return true;
  }
  if (!serialized.empty() && serialized[0] == '"') {
    // Strings: enum names stay bare; integer-like IDs print as Int.
    std::string raw = value.is_string() ? std::string(value.get_string()) : serialized.substr(1, serialized.size() - 2);
    if (named.kind == TypeKind::kEnum) {
      out.append(raw);
    } else if (named.name == "ID" && IsIntegerString(raw)) {
      out.append(raw);
    } else {
      AppendGraphqlString(raw, out);
    }
    return true;
  }
  if (!serialized.empty() && (serialized[0] == '{' || serialized[0] == '[' || serialized == "null")) return false;
  out.append(serialized);
  return true;
}

}  // namespace

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

size_t Utf16Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

}  // namespace

std::string PrintBlockString(const std::string& value) {
  std::string escaped;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value.compare(i, 3, "\"\"\"") == 0) {
      escaped += "\\\"\"\"";
      i += 2;
    } else {
      escaped.push_back(value[i]);
    }
  }
  std::vector<std::string> lines{""};
  for (char c : escaped) {
    if (c == '\n') {
      lines.emplace_back();
    } else {
      lines.back().push_back(c);
    }
  }
  bool single = lines.size() == 1;
  bool force_leading = lines.size() > 1;
  for (size_t i = 1; i < lines.size() && force_leading; ++i) {
    force_leading = lines[i].empty() || IsBlank(lines[i][0]);
  }
  bool trailing_triple = escaped.size() >= 4 && escaped.compare(escaped.size() - 4, 4, "\\\"\"\"") == 0;
  bool trailing_quote = !value.empty() && value.back() == '"' && !trailing_triple;
  bool trailing_slash = !value.empty() && value.back() == '\\';
  bool force_trailing = trailing_quote || trailing_slash;
  bool multiple = !single || Utf16Length(value) > 70 || force_trailing || force_leading || trailing_triple;
  std::string result;
  bool skip_leading = single && !value.empty() && IsBlank(value[0]);
  if ((multiple && !skip_leading) || force_leading) result += "\n";
  result += escaped;
  if (multiple || force_trailing) result += "\n";
  return "\"\"\"" + result + "\"\"\"";
}


std::string PrintLiteral(const ast::Value& literal) {
  std::string out;
  PrintLiteralInto(literal, out);
  return out;
}

std::optional<std::string> PrintDefaultValue(const json::value& value, const TypeRef& type) {
  std::string out;
  if (!AstFromValue(value, type, out)) return std::nullopt;
  return out;
}

}  // namespace parfumerie::graphql::impl

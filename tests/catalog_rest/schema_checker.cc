#include "schema_checker.h"

#include <cmath>
#include <regex>
#include <stdexcept>

namespace parfumerie::catalog::rest {

namespace json = boost::json;

namespace {

bool HasType(const json::value& v, std::string_view type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_bool();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    return v.is_int64() || v.is_uint64() ||
           (v.is_double() && std::trunc(v.as_double()) == v.as_double());
  }
  return false;
}

double AsDouble(const json::value& v) { return v.to_number<double>(); }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

const json::value& SchemaChecker::Resolve(const json::value& maybe_ref) const {
  const json::value* v = &maybe_ref;
  for (int hops = 0; hops < 16; ++hops) {
    const json::object* o = v->if_object();
    if (o == nullptr || !o->contains("$ref")) return *v;
    std::string ref(o->at("$ref").as_string());
    if (!ref.starts_with("#/")) throw std::runtime_error("non-local $ref " + ref);
    v = &document_.at_pointer(ref.substr(1));
  }
  throw std::runtime_error("$ref chain too long");
}

std::vector<std::string> SchemaChecker::Check(const json::value& schema,
                                              const json::value& value) const {
  std::vector<std::string> errors;
  CheckAt(schema, value, "$", errors);
  return errors;
}

void SchemaChecker::CheckAt(const json::value& schema_ref, const json::value& v,
                            const std::string& where, std::vector<std::string>& errors) const {
  const json::object& s = Resolve(schema_ref).as_object();
  auto fail = [&](const std::string& what) { errors.push_back(where + ": " + what); };
  auto passes = [&](const json::value& sub) {
    std::vector<std::string> ignored;
    CheckAt(sub, v, where, ignored);
    return ignored.empty();
  };

  if (auto* all = s.if_contains("allOf")) {
    for (const auto& sub : all->as_array()) CheckAt(sub, v, where, errors);
  }
  if (auto* any = s.if_contains("anyOf")) {
    bool ok = false;
    for (const auto& sub : any->as_array()) ok = ok || passes(sub);
    if (!ok) fail("matches none of anyOf");
  }
  if (auto* one = s.if_contains("oneOf")) {
    int matches = 0;
    for (const auto& sub : one->as_array()) matches += passes(sub);
    if (matches != 1) fail("matches " + std::to_string(matches) + " of oneOf, not exactly 1");
  }
  if (auto* no = s.if_contains("not")) {
    if (passes(*no)) fail("matches a 'not' schema");
  }
  if (auto* c = s.if_contains("const")) {
    if (*c != v) fail("must be " + json::serialize(*c));
  }
  if (auto* e = s.if_contains("enum")) {
    bool found = false;
    for (const auto& option : e->as_array()) found = found || option == v;
    if (!found) fail(json::serialize(v) + " is not in the enum");
  }
  if (auto* t = s.if_contains("type")) {
    bool ok = false;
    if (t->is_string()) {
      ok = HasType(v, std::string_view(t->as_string()));
    } else {
      for (const auto& one : t->as_array())
        ok = ok || HasType(v, std::string_view(one.as_string()));
    }
    if (!ok) {
      fail("expected type " + json::serialize(*t) + ", got " + json::serialize(v).substr(0, 60));
      return;
    }
  }
  if (const json::object* o = v.if_object()) {
    if (auto* req = s.if_contains("required")) {
      for (const auto& name : req->as_array()) {
        if (!o->contains(name.as_string()))
          fail("missing required property " + json::serialize(name));
      }
    }
    const json::object* props =
        s.contains("properties") ? &s.at("properties").as_object() : nullptr;
    for (const auto& [key, child] : *o) {
      std::string path = where + "." + std::string(key);
      if (props != nullptr && props->contains(key)) {
        CheckAt(props->at(key), child, path, errors);
      } else if (auto* extra = s.if_contains("additionalProperties");
                 extra != nullptr && extra->is_bool() && !extra->as_bool()) {
        errors.push_back(path + ": property not allowed by the schema");
      }
    }
    if (auto* min = s.if_contains("minProperties")) {
      if (o->size() < min->to_number<size_t>()) fail("too few properties");
    }
  }
  if (const json::array* a = v.if_array()) {
    if (auto* items = s.if_contains("items")) {
      for (size_t i = 0; i < a->size(); ++i) {
        CheckAt(*items, (*a)[i], where + "[" + std::to_string(i) + "]", errors);
      }
    }
    if (auto* max = s.if_contains("maxItems")) {
      if (a->size() > max->to_number<size_t>()) fail("too many items");
    }
  }
  if (const json::string* str = v.if_string()) {
    if (auto* min = s.if_contains("minLength")) {
      if (CodePoints(*str) < min->to_number<size_t>()) fail("shorter than minLength");
    }
    if (auto* max = s.if_contains("maxLength")) {
      if (CodePoints(*str) > max->to_number<size_t>()) fail("longer than maxLength");
    }
    if (auto* pattern = s.if_contains("pattern")) {
      std::regex re(std::string(pattern->as_string()));
      if (!std::regex_search(std::string(*str), re))
        fail("does not match " + json::serialize(*pattern));
    }
  }
  if (v.is_number()) {
    if (auto* min = s.if_contains("minimum")) {
      if (AsDouble(v) < AsDouble(*min)) fail("below minimum");
    }
    if (auto* max = s.if_contains("maximum")) {
      if (AsDouble(v) > AsDouble(*max)) fail("above maximum");
    }
  }
}

}  // namespace parfumerie::catalog::rest

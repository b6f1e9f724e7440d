// The value a field resolved to, as the executor sees it: host JSON, or a
// schema element while executing introspection.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <boost/json/value.hpp>

namespace parfumerie::graphql::impl {

struct Src {
  enum class Kind : uint8_t {
    kNull, kJson, kString, kBool, kList,
    kSchema, kNamedType, kTypeRef, kField, kInputValue, kEnumValue, kDirective,
  };
  Kind kind = Kind::kNull;
  bool boolean = false;
  const void* ptr = nullptr;      // JSON value or schema element.
  std::string_view text;          // kString.
  std::span<const Src> list;      // kList.

  bool IsMeta() const { return kind >= Kind::kSchema; }
  const boost::json::value* json() const { return static_cast<const boost::json::value*>(ptr); }
};

inline Src JsonSrc(const boost::json::value* v) {
  Src s;
  s.kind = Src::Kind::kJson;
  s.ptr = v;
  return s;
}

inline bool IsNullSrc(const Src& s) {
  return s.kind == Src::Kind::kNull || (s.kind == Src::Kind::kJson && s.json()->is_null());
}

}  // namespace parfumerie::graphql::impl

#include "graphql/impl/introspection.h"

#include <vector>

#include "graphql/impl/values.h"

namespace parfumerie::graphql::impl {
namespace {

Src Null() { return {}; }
Src Str(std::string_view text) {
  Src s;
  s.kind = Src::Kind::kString;
  s.text = text;
  return s;
}
Src Bool(bool b) {
  Src s;
  s.kind = Src::Kind::kBool;
  s.boolean = b;
  return s;
}
Src Meta(Src::Kind kind, const void* ptr) {
  Src s;
  s.kind = kind;
  s.ptr = ptr;
  return s;
}
Src Description(bool has, const std::string& text) { return has ? Str(text) : Null(); }
Src Reason(bool deprecated, const std::string& reason) { return deprecated ? Str(reason) : Null(); }

// The items of a list before they go to the arena; one per thread, reused
// (no call below builds two lists at once).
std::vector<Src>& Items() {
  thread_local std::vector<Src> items;
  items.clear();
  return items;
}

Src List(std::vector<Src>& items, Arena& arena) {
  Src s;
  s.kind = Src::Kind::kList;
  s.list = arena.Copy(items);
  return s;
}

bool IncludeDeprecated(const boost::json::object& args) {
  auto it = args.find("includeDeprecated");
  return it != args.end() && it->value().is_bool() && it->value().get_bool();
}

Src TypeOf(const TypeRef* ref) {
  if (ref == nullptr) return Null();
  if (ref->kind == TypeRef::Kind::kNamed) return Meta(Src::Kind::kNamedType, ref->named);
  return Meta(Src::Kind::kTypeRef, ref);
}

Src InputValues(const std::vector<InputValue>& values, const boost::json::object& args, Arena& arena) {
  bool all = IncludeDeprecated(args);
  std::vector<Src>& out = Items();
  for (const auto& v : values) {
    if (all || !v.deprecated) out.push_back(Meta(Src::Kind::kInputValue, &v));
  }
  return List(out, arena);
}

const char* KindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar: return "SCALAR";
    case TypeKind::kObject: return "OBJECT";
    case TypeKind::kInterface: return "INTERFACE";
    case TypeKind::kUnion: return "UNION";
    case TypeKind::kEnum: return "ENUM";
    case TypeKind::kInputObject: return "INPUT_OBJECT";
  }
  return "SCALAR";
}

Src NamedType(const Schema& schema, const Type& t, std::string_view field, const boost::json::object& args,
              Arena& arena) {
  if (field == "kind") return Str(KindName(t.kind));
  if (field == "name") return Str(t.name);
  if (field == "description") return Description(t.has_description, t.description);
  if (field == "specifiedByURL") {
    return t.kind == TypeKind::kScalar && !t.specified_by_url.empty() ? Str(t.specified_by_url) : Null();
  }
  if (field == "fields") {
    if (t.kind != TypeKind::kObject && t.kind != TypeKind::kInterface) return Null();
    bool all = IncludeDeprecated(args);
    std::vector<Src>& out = Items();
    for (const auto& f : t.fields) {
      if (all || !f.deprecated) out.push_back(Meta(Src::Kind::kField, &f));
    }
    return List(out, arena);
  }
  if (field == "interfaces") {
    if (t.kind != TypeKind::kObject && t.kind != TypeKind::kInterface) return Null();
    std::vector<Src>& out = Items();
    for (const Type* i : t.interfaces) out.push_back(Meta(Src::Kind::kNamedType, i));
    return List(out, arena);
  }
  if (field == "possibleTypes") {
    if (!t.IsAbstract()) return Null();
    std::vector<Src>& out = Items();
    for (const Type* p : t.possible_types) out.push_back(Meta(Src::Kind::kNamedType, p));
    return List(out, arena);
  }
  if (field == "enumValues") {
    if (t.kind != TypeKind::kEnum) return Null();
    bool all = IncludeDeprecated(args);
    std::vector<Src>& out = Items();
    for (const auto& v : t.enum_values) {
      if (all || !v.deprecated) out.push_back(Meta(Src::Kind::kEnumValue, &v));
    }
    return List(out, arena);
  }
  if (field == "inputFields") {
    if (t.kind != TypeKind::kInputObject) return Null();
    return InputValues(t.input_fields, args, arena);
  }
  if (field == "ofType") return Null();
  if (field == "isOneOf") return t.kind == TypeKind::kInputObject ? Bool(t.one_of) : Null();
  (void)schema;
  return Null();
}

}  // namespace

Src ResolveIntrospection(const Schema& schema, const Src& parent, std::string_view field,
                         const boost::json::object& args, Arena& arena) {
  switch (parent.kind) {
    case Src::Kind::kSchema: {
      if (field == "description") return Description(schema.has_description(), schema.description());
      if (field == "types") {
        std::vector<Src>& out = Items();
        for (const Type* t : schema.types()) out.push_back(Meta(Src::Kind::kNamedType, t));
        return List(out, arena);
      }
      if (field == "queryType") return schema.query_type() ? Meta(Src::Kind::kNamedType, schema.query_type()) : Null();
      if (field == "mutationType") {
        return schema.mutation_type() ? Meta(Src::Kind::kNamedType, schema.mutation_type()) : Null();
      }
      if (field == "subscriptionType") {
        return schema.subscription_type() ? Meta(Src::Kind::kNamedType, schema.subscription_type()) : Null();
      }
      if (field == "directives") {
        std::vector<Src>& out = Items();
        for (const DirectiveDefinition* d : schema.directives()) out.push_back(Meta(Src::Kind::kDirective, d));
        return List(out, arena);
      }
      return Null();
    }
    case Src::Kind::kNamedType:
      return NamedType(schema, *static_cast<const Type*>(parent.ptr), field, args, arena);
    case Src::Kind::kTypeRef: {
      const auto* ref = static_cast<const TypeRef*>(parent.ptr);
      if (field == "kind") return Str(ref->IsList() ? "LIST" : "NON_NULL");
      if (field == "ofType") return TypeOf(ref->of);
      return Null();
    }
    case Src::Kind::kField: {
      const auto* f = static_cast<const Field*>(parent.ptr);
      if (field == "name") return Str(f->name);
      if (field == "description") return Description(f->has_description, f->description);
      if (field == "args") return InputValues(f->arguments, args, arena);
      if (field == "type") return TypeOf(f->type);
      if (field == "isDeprecated") return Bool(f->deprecated);
      if (field == "deprecationReason") return Reason(f->deprecated, f->deprecation_reason);
      return Null();
    }
    case Src::Kind::kInputValue: {
      const auto* v = static_cast<const InputValue*>(parent.ptr);
      if (field == "name") return Str(v->name);
      if (field == "description") return Description(v->has_description, v->description);
      if (field == "type") return TypeOf(v->type);
      if (field == "defaultValue") {
        if (!v->default_value || v->type == nullptr) return Null();
        auto printed = PrintDefaultValue(*v->default_value, *v->type);
        return printed ? Str(arena.CopyString(*printed)) : Null();
      }
      if (field == "isDeprecated") return Bool(v->deprecated);
      if (field == "deprecationReason") return Reason(v->deprecated, v->deprecation_reason);
      return Null();
    }
    case Src::Kind::kEnumValue: {
      const auto* v = static_cast<const EnumValue*>(parent.ptr);
      if (field == "name") return Str(v->name);
      if (field == "description") return Description(v->has_description, v->description);
      if (field == "isDeprecated") return Bool(v->deprecated);
      if (field == "deprecationReason") return Reason(v->deprecated, v->deprecation_reason);
      return Null();
    }
    case Src::Kind::kDirective: {
      const auto* d = static_cast<const DirectiveDefinition*>(parent.ptr);
      if (field == "name") return Str(d->name);
      if (field == "description") return Description(d->has_description, d->description);
      if (field == "isRepeatable") return Bool(d->repeatable);
      if (field == "locations") {
        std::vector<Src>& out = Items();
        for (const auto& l : d->locations) out.push_back(Str(l));
        return List(out, arena);
      }
      if (field == "args") return InputValues(d->arguments, args, arena);
      if (field == "isDeprecated") return Bool(false);
      if (field == "deprecationReason") return Null();
      return Null();
    }
    default:
      return Null();
  }
}

}  // namespace parfumerie::graphql::impl

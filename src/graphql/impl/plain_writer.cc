// The executor's fast path: fields that only read values, written straight to
// JSON (see Execution::PlainTree() in executor.h). It must write exactly what
// the general path (executor.cc) writes; every case it does not handle the
// same way makes it give up instead.
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "graphql/impl/executor.h"
#include "graphql/impl/introspection.h"
#include "graphql/impl/json_out.h"
#include "graphql/impl/values.h"

namespace parfumerie::graphql::impl {

namespace json = boost::json;

namespace {

bool IsConstant(const ast::Value& value) {
  switch (value.kind) {
    case ast::ValueKind::kVariable:
      return false;
    case ast::ValueKind::kList:
      for (const ast::Value* item : value.list) {
        if (!IsConstant(*item)) return false;
      }
      return true;
    case ast::ValueKind::kObject:
      for (const auto& f : value.fields) {
        if (!IsConstant(*f.value)) return false;
      }
      return true;
    default:
      return true;
  }
}

// The key at the hinted position is almost always the one looked for.
[[gnu::always_inline]] inline bool SameKey(json::string_view key, const std::string& name) {
  const size_t n = key.size();
  if (n != name.size()) return false;
  const char* a = key.data();
  const char* b = name.data();
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 8);
    std::memcpy(&a1, a + n - 8, 8);
    std::memcpy(&b0, b, 8);
    std::memcpy(&b1, b + n - 8, 8);
    return a0 == b0 && a1 == b1;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    std::memcpy(&a0, a, 4);
    std::memcpy(&a1, a + n - 4, 4);
    std::memcpy(&b0, b, 4);
    std::memcpy(&b1, b + n - 4, 4);
    return a0 == b0 && a1 == b1;
  }
  if (n > 0 && n < 4) return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
  return std::memcmp(a, b, n) == 0;
}

// The value of a field read by the default resolver, or null.
[[gnu::always_inline]] inline const json::value* ReadDefault(const json::object& obj, const FieldGroup& group) {
  const std::string& name = group.field->name;
  const uint32_t hint = KeyHint(group);
  if (hint < obj.size()) {
    const auto& kv = obj.begin()[hint];
    if (SameKey(kv.key(), name)) return &kv.value();
  }
  auto it = obj.find(name);
  if (it == obj.end()) return nullptr;
  SetKeyHint(group, static_cast<uint32_t>(it - obj.begin()));
  return &it->value();
}

enum PlainSource : uint8_t { kRead, kTypename, kSchemaField, kTypeField };
enum PlainLeaf : uint8_t { kNoShortcut, kStringLeaf, kIntLeaf, kFloatLeaf, kBooleanLeaf, kEnumLeaf };

// Writes the common leaf values the way WritePlainLeaf() would; false for
// every other value, which then takes the general way.
[[gnu::always_inline]] inline bool WriteLeafShortcut(const FieldGroup& group, const json::value& v, JsonOut& out) {
  switch (group.plain_leaf) {
    case kEnumLeaf:
      if (!v.is_string() || group.field->type->named->FindEnumValue(v.get_string()) == nullptr) return false;
      out.Quoted(std::string_view(v.get_string().data(), v.get_string().size()));
      return true;
    case kStringLeaf:
      if (!v.is_string()) return false;
      out.Quoted(std::string_view(v.get_string().data(), v.get_string().size()));
      return true;
    case kIntLeaf:
      if (!v.is_int64() || v.get_int64() < INT32_MIN || v.get_int64() > INT32_MAX) return false;
      out.Int(v.get_int64());
      return true;
    case kFloatLeaf: {
      if (!v.is_double()) return false;
      std::string_view text = ShortJsNumber(v.get_double());
      if (text.empty()) return false;
      out.Put(text);
      return true;
    }
    case kBooleanLeaf:
      if (!v.is_bool()) return false;
      out.Put(v.get_bool() ? std::string_view("true") : std::string_view("false"));
      return true;
    default:
      return false;
  }
}

PlainLeaf LeafShortcut(const TypeRef& type) {
  const TypeRef& inner = type.IsNonNull() ? *type.of : type;
  if (inner.kind != TypeRef::Kind::kNamed) return kNoShortcut;
  if (inner.named->kind == TypeKind::kEnum) return kEnumLeaf;
  if (inner.named->kind != TypeKind::kScalar) return kNoShortcut;
  switch (inner.named->scalar) {
    case ScalarKind::kString:
    case ScalarKind::kID: return kStringLeaf;
    case ScalarKind::kInt: return kIntLeaf;
    case ScalarKind::kFloat: return kFloatLeaf;
    case ScalarKind::kBoolean: return kBooleanLeaf;
    default: return kNoShortcut;
  }
}

bool IsMetaType(const Type& type) { return type.name.starts_with("__"); }

}  // namespace

bool Execution::PlainTree(const Type& parent_type, const FieldGroup& group) {
  if (group.plain_tree == 0) group.plain_tree = ComputePlainTree(parent_type, group) ? 1 : 2;
  return group.plain_tree == 1;
}

bool Execution::ComputePlainTree(const Type& parent_type, const FieldGroup& group) {
  const Field* field = group.field;
  if (field == nullptr) return false;
  const bool meta_parent = IsMetaType(parent_type);
  // Introspection fields ignore resolvers (the general path asks the schema).
  if (field->resolver && !meta_parent) return false;
  const ast::Selection& node = *group.nodes[0];
  bool variable_arguments = false;
  for (const auto& a : node.arguments) variable_arguments = variable_arguments || !IsConstant(*a.value);
  // Variables can make coercion fail: checked once per execution (ArgumentsCoerce()).
  // The default resolver ignores the values; introspection does not.
  if (variable_arguments && (meta_parent || field == schema_.type_meta_field())) return false;
  group.check_arguments = variable_arguments;
  // The default resolver ignores arguments; introspection and __type read them.
  if (!field->arguments.empty() && (meta_parent || field == schema_.type_meta_field())) {
    json::object& args = OwnPlan().constant_args.emplace_front();
    try {
      CoerceArguments(field->arguments, node, args);
    } catch (const Failure&) {
      return false;
    }
    group.args = &args;
  }
  group.plain_source = field == schema_.typename_meta_field() ? kTypename
                       : field == schema_.schema_meta_field() ? kSchemaField
                       : field == schema_.type_meta_field()   ? kTypeField
                                                              : kRead;
  group.plain_leaf = LeafShortcut(*field->type);
  const TypeRef& inner = field->type->IsNonNull() ? *field->type->of : *field->type;
  group.single_leaf = inner.kind == TypeRef::Kind::kNamed && inner.named->IsLeaf();
  const Type& named = *field->type->named;
  if (named.IsLeaf()) return true;
  if (named.IsAbstract()) return false;
  const FieldGroups* groups;
  try {
    groups = &Subfields(named, group);
  } catch (const Failure&) {
    return false;
  }
  // Every child is settled, even after a first one that is not plain: a
  // plan is shared once settled (Execution::PublishPlan()).
  bool all = true;
  for (const FieldGroup& child : *groups) all = PlainTree(named, child) && all;
  if (!all) return false;
  group.sub_type = &named;
  group.sub = groups;
  return true;
}

bool Execution::TryPlainOperation(std::string& response) {
  for (const FieldGroup& g : *root_groups_) {
    if (!PlainTree(*root_type_, g)) return false;
  }
  // Responses to one thread's requests are often alike in size.
  thread_local size_t last_size = 0;
  response.reserve(last_size + 64);
  bool ok = true;
  {
    JsonOut out(response);
    out.Put("{\"data\":{");
    bool first = true;
    for (const FieldGroup& g : *root_groups_) {
      if (!first) out.Put(',');
      first = false;
      out.Key(g.key);
      if (!WritePlainField(*root_type_, root_source_, g, out)) {
        ok = false;
        break;
      }
    }
    out.Put("}}");
  }
  if (!ok) {
    response.clear();
    return false;
  }
  last_size = response.size();
  return true;
}

bool Execution::TryPlainField(const Type& parent_type, const Src& source, const FieldGroup& group, ResultNode* slot) {
  // A lone leaf gains nothing here: the general path is as quick for it.
  if (group.field->type->named->IsLeaf() || !PlainTree(parent_type, group)) return false;
  // No resolver runs in here, so one buffer per thread serves every execution.
  thread_local std::string buffer;
  buffer.clear();
  bool ok;
  {
    JsonOut out(buffer);
    ok = WritePlainField(parent_type, source, group, out);
  }
  if (!ok) return false;
  slot->kind = ResultNode::Kind::kLeaf;
  slot->leaf = arena_.CopyString(buffer);
  return true;
}

bool Execution::ArgumentsCoerce(const FieldGroup& group) {
  for (const FieldGroup* g : arguments_checked_) {
    if (g == &group) return true;
  }
  json::object args;
  try {
    CoerceArguments(group.field->arguments, *group.nodes[0], args);
  } catch (const Failure&) {
    return false;
  }
  arguments_checked_.push_back(&group);
  return true;
}

bool Execution::WritePlainField(const Type& parent_type, const Src& source, const FieldGroup& group, JsonOut& out) {
  if (group.check_arguments && !ArgumentsCoerce(group)) return false;
  // The value as ExecuteField() would resolve it.
  const Field* field = group.field;
  Src value;
  switch (group.plain_source) {
    case kRead:
      if (source.kind == Src::Kind::kJson) {
        if (!source.json()->is_object()) break;
        const json::value* v = ReadDefault(source.json()->get_object(), group);
        if (v == nullptr) break;
        if (WriteLeafShortcut(group, *v, out)) return true;
        value = JsonSrc(v);
      } else if (source.IsMeta()) {
        static const json::object kNoArguments;
        // Built in place and read field by field: copying the returned
        // value whole stalled on store forwarding.
        const Src resolved =
            ResolveIntrospection(schema_, source, field->name, group.args ? *group.args : kNoArguments, arena_);
        // Introspection leaves are names, descriptions and flags: written
        // here as WritePlainValue() would.
        if (group.single_leaf) {
          switch (resolved.kind) {
            case Src::Kind::kString:
              out.Quoted(resolved.text);
              return true;
            case Src::Kind::kBool:
              out.Put(resolved.boolean ? std::string_view("true") : std::string_view("false"));
              return true;
            case Src::Kind::kNull:
              if (field->type->IsNonNull()) return false;
              out.Put("null");
              return true;
            default:
              break;
          }
        }
        return WritePlainValue(*field->type, group, resolved, out);
      }
      break;
    case kTypename:
      value.kind = Src::Kind::kString;
      value.text = parent_type.name;
      break;
    case kSchemaField:
      value.kind = Src::Kind::kSchema;
      break;
    case kTypeField: {
      auto it = group.args->find("name");
      const Type* t =
          it != group.args->end() && it->value().is_string() ? schema_.FindType(it->value().get_string()) : nullptr;
      if (t != nullptr) {
        value.kind = Src::Kind::kNamedType;
        value.ptr = t;
      }
      break;
    }
  }
  return WritePlainValue(*field->type, group, value, out);
}

bool Execution::WritePlainValue(const TypeRef& type, const FieldGroup& group, const Src& value, JsonOut& out) {
  if (type.IsNonNull()) return !IsNullSrc(value) && WritePlainValue(*type.of, group, value, out);
  if (IsNullSrc(value)) {
    out.Put("null");
    return true;
  }
  if (type.IsList()) {
    out.Put('[');
    if (value.kind == Src::Kind::kList) {
      for (size_t i = 0; i < value.list.size(); ++i) {
        if (i) out.Put(',');
        if (!WritePlainValue(*type.of, group, value.list[i], out)) return false;
      }
    } else if (value.kind == Src::Kind::kJson && value.json()->is_array()) {
      const json::array& items = value.json()->get_array();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out.Put(',');
        if (!WritePlainValue(*type.of, group, JsonSrc(&items[i]), out)) return false;
      }
    } else {
      return false;
    }
    out.Put(']');
    return true;
  }
  const Type& named = *type.named;
  if (named.IsLeaf()) return WritePlainLeaf(named, value, out);
  if (group.sub_type != &named) return false;  // Abstract: PlainTree() said no already.
  out.Put('{');
  bool first = true;
  const json::object* obj =
      value.kind == Src::Kind::kJson && value.json()->is_object() ? &value.json()->get_object() : nullptr;
  for (const FieldGroup& child : *group.sub) {
    if (!first) out.Put(',');
    first = false;
    out.Key(child.key);
    // Common leaves inline: most fields of a response are these.
    if (obj != nullptr && child.plain_leaf != kNoShortcut && child.plain_source == kRead && !child.check_arguments) {
      const json::value* v = ReadDefault(*obj, child);
      if (v != nullptr && WriteLeafShortcut(child, *v, out)) continue;
    }
    if (!WritePlainField(named, value, child, out)) return false;
  }
  out.Put('}');
  return true;
}

bool Execution::WritePlainLeaf(const Type& named, const Src& value, JsonOut& out) {
  // The cases of CompleteValue(), in its order.
  if (value.kind == Src::Kind::kJson) {
    const json::value& v = *value.json();
    const ScalarKind sk = named.scalar;
    const bool scalar = named.kind == TypeKind::kScalar;
    const bool is_string_type = scalar && (sk == ScalarKind::kString || sk == ScalarKind::kID);
    if (v.is_string() && (is_string_type || (named.kind == TypeKind::kEnum && named.FindEnumValue(v.get_string())))) {
      out.Quoted(std::string_view(v.get_string().data(), v.get_string().size()));
      return true;
    }
    if (v.is_int64() && scalar &&
        (sk == ScalarKind::kID || sk == ScalarKind::kFloat ||
         (sk == ScalarKind::kInt && v.get_int64() >= INT32_MIN && v.get_int64() <= INT32_MAX))) {
      if (sk == ScalarKind::kID) out.Put('"');
      out.Int(v.get_int64());
      if (sk == ScalarKind::kID) out.Put('"');
      return true;
    }
    if (v.is_bool() && scalar && sk == ScalarKind::kBoolean) {
      out.Put(v.get_bool() ? std::string_view("true") : std::string_view("false"));
      return true;
    }
    if (v.is_double() && scalar && sk == ScalarKind::kFloat && std::isfinite(v.get_double())) {
      if (std::string_view text = ShortJsNumber(v.get_double()); !text.empty()) {
        out.Put(text);
      } else {
        leaf_scratch_.clear();
        AppendJsNumber(v.get_double(), leaf_scratch_);
        out.Put(leaf_scratch_);
      }
      return true;
    }
    leaf_scratch_.clear();
    std::string error;
    if (!SerializeLeaf(named, v, leaf_scratch_, error)) return false;
    out.Put(leaf_scratch_);
    return true;
  }
  if (value.kind == Src::Kind::kString) {
    out.Quoted(value.text);
  } else if (value.kind == Src::Kind::kBool) {
    out.Put(value.boolean ? "true" : "false");
  } else {
    out.Put("null");
  }
  return true;
}

}  // namespace parfumerie::graphql::impl

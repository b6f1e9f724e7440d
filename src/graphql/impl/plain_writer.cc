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
bool SameKey(json::string_view key, const std::string& name) {
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
  return std::memcmp(a, b, n) == 0;
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
  for (const auto& a : node.arguments) {
    if (!IsConstant(*a.value)) return false;
  }
  // The default resolver ignores arguments; introspection and __type read them.
  if (!field->arguments.empty() && (meta_parent || field == schema_.type_meta_field())) {
    json::object& args = constant_args_.emplace_back();
    try {
      CoerceArguments(field->arguments, node, args);
    } catch (const Failure&) {
      return false;
    }
    group.args = &args;
  }
  const Type& named = *field->type->named;
  if (named.IsLeaf()) return true;
  if (named.IsAbstract()) return false;
  const FieldGroups* groups;
  try {
    groups = &Subfields(named, group);
  } catch (const Failure&) {
    return false;
  }
  for (const FieldGroup& child : *groups) {
    if (!PlainTree(named, child)) return false;
  }
  group.sub_type = &named;
  group.sub = groups;
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

bool Execution::WritePlainField(const Type& parent_type, const Src& source, const FieldGroup& group, JsonOut& out) {
  // The value as ExecuteField() would resolve it.
  const Field* field = group.field;
  Src value;
  if (field == schema_.typename_meta_field()) {
    value.kind = Src::Kind::kString;
    value.text = parent_type.name;
  } else if (field == schema_.schema_meta_field()) {
    value.kind = Src::Kind::kSchema;
  } else if (field == schema_.type_meta_field()) {
    auto it = group.args->find("name");
    const Type* t =
        it != group.args->end() && it->value().is_string() ? schema_.FindType(it->value().get_string()) : nullptr;
    if (t != nullptr) {
      value.kind = Src::Kind::kNamedType;
      value.ptr = t;
    }
  } else if (source.IsMeta()) {
    static const json::object kNoArguments;
    value = ResolveIntrospection(schema_, source, field->name, group.args ? *group.args : kNoArguments, arena_);
  } else if (source.kind == Src::Kind::kJson && source.json()->is_object()) {
    const json::object& obj = source.json()->get_object();
    const std::string& name = field->name;
    if (group.key_hint < obj.size()) {
      const auto& kv = obj.begin()[group.key_hint];
      if (SameKey(kv.key(), name)) value = JsonSrc(&kv.value());
    }
    if (value.kind == Src::Kind::kNull) {
      auto it = obj.find(name);
      if (it != obj.end()) {
        value = JsonSrc(&it->value());
        group.key_hint = static_cast<uint32_t>(it - obj.begin());
      }
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
  for (const FieldGroup& child : *group.sub) {
    if (!first) out.Put(',');
    first = false;
    out.Key(child.key);
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
      char buf[kShortJsNumberMax];
      if (size_t n = FormatShortJsNumber(v.get_double(), buf)) {
        out.Put(std::string_view(buf, n));
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

#include "graphql/schema.h"

namespace parfumerie::graphql {

std::string TypeRef::ToString() const {
  switch (kind) {
    case Kind::kNamed: return named->name;
    case Kind::kList: {
      std::string out(1, '[');  // Not "[" + ...: GCC 12 warns (-Wrestrict) on that spuriously.
      out += of->ToString();
      out += ']';
      return out;
    }
    case Kind::kNonNull: return of->ToString() + "!";
  }
  return {};
}

const InputValue* Field::FindArgument(std::string_view arg_name) const {
  for (const auto& a : arguments) {
    if (a.name == arg_name) return &a;
  }
  return nullptr;
}

const Field* Type::FindField(std::string_view field_name) const {
  // Most types have a few fields: comparing beats hashing the name.
  if (fields.size() <= 8) {
    for (const Field& f : fields) {
      if (f.name.size() == field_name.size() && !field_name.empty() && f.name[0] == field_name[0] &&
          f.name == field_name) {
        return &f;
      }
    }
    return nullptr;
  }
  auto it = field_index_.find(field_name);
  return it == field_index_.end() ? nullptr : &fields[it->second];
}

const InputValue* Type::FindInputField(std::string_view field_name) const {
  for (const auto& f : input_fields) {
    if (f.name == field_name) return &f;
  }
  return nullptr;
}

const EnumValue* Type::FindEnumValue(std::string_view value_name) const {
  for (const auto& v : enum_values) {
    if (v.name == value_name) return &v;
  }
  return nullptr;
}

bool Type::IsPossibleType(const Type* object) const {
  if (object == this) return true;
  for (const Type* t : possible_types) {
    if (t == object) return true;
  }
  return false;
}

const InputValue* DirectiveDefinition::FindArgument(std::string_view arg_name) const {
  for (const auto& a : arguments) {
    if (a.name == arg_name) return &a;
  }
  return nullptr;
}

bool DirectiveDefinition::HasLocation(std::string_view location) const {
  for (const auto& l : locations) {
    if (l == location) return true;
  }
  return false;
}

Schema::Schema() = default;
Schema::~Schema() = default;

const Type* Schema::FindType(std::string_view name) const {
  auto it = type_map_.find(name);
  return it == type_map_.end() ? nullptr : it->second;
}

Type* Schema::MutableType(std::string_view name) {
  auto it = type_map_.find(name);
  return it == type_map_.end() ? nullptr : it->second;
}

const DirectiveDefinition* Schema::FindDirective(std::string_view name) const {
  auto it = directive_map_.find(name);
  return it == directive_map_.end() ? nullptr : it->second;
}

const Type* Schema::RootType(ast::OperationType operation) const {
  switch (operation) {
    case ast::OperationType::kQuery: return query_;
    case ast::OperationType::kMutation: return mutation_;
    case ast::OperationType::kSubscription: return subscription_;
  }
  return nullptr;
}

absl::Status Schema::SetResolver(std::string_view type_name, std::string_view field_name, Resolver resolver) {
  Type* type = MutableType(type_name);
  if (type == nullptr || (type->kind != TypeKind::kObject && type->kind != TypeKind::kInterface)) {
    return absl::NotFoundError("no object or interface type named \"" + std::string(type_name) + "\"");
  }
  auto it = type->field_index_.find(field_name);
  if (it == type->field_index_.end()) {
    return absl::NotFoundError("type \"" + std::string(type_name) + "\" has no field \"" + std::string(field_name) + "\"");
  }
  type->fields[it->second].resolver = std::move(resolver);
  return absl::OkStatus();
}

absl::Status Schema::SetTypeResolver(std::string_view type_name, TypeResolver resolver) {
  Type* type = MutableType(type_name);
  if (type == nullptr || !type->IsAbstract()) {
    return absl::NotFoundError("no interface or union type named \"" + std::string(type_name) + "\"");
  }
  type->type_resolver = std::move(resolver);
  return absl::OkStatus();
}

absl::Status Schema::SetSubscriber(std::string_view field_name, Subscriber subscriber) {
  if (subscription_ == nullptr) return absl::NotFoundError("the schema has no subscription type");
  Type* type = MutableType(subscription_->name);
  auto it = type->field_index_.find(field_name);
  if (it == type->field_index_.end()) {
    return absl::NotFoundError("the subscription type has no field \"" + std::string(field_name) + "\"");
  }
  type->fields[it->second].subscriber = std::move(subscriber);
  return absl::OkStatus();
}

const TypeRef* Schema::Named(const Type* type) const {
  auto [it, inserted] = named_refs_.try_emplace(type, nullptr);
  if (inserted) it->second = &refs_.emplace_back(TypeRef{TypeRef::Kind::kNamed, type, nullptr});
  return it->second;
}

const TypeRef* Schema::ListOf(const TypeRef* of) const {
  auto [it, inserted] = list_refs_.try_emplace(of, nullptr);
  if (inserted) it->second = &refs_.emplace_back(TypeRef{TypeRef::Kind::kList, of->named, of});
  return it->second;
}

const TypeRef* Schema::NonNullOf(const TypeRef* of) const {
  auto [it, inserted] = non_null_refs_.try_emplace(of, nullptr);
  if (inserted) it->second = &refs_.emplace_back(TypeRef{TypeRef::Kind::kNonNull, of->named, of});
  return it->second;
}

}  // namespace parfumerie::graphql

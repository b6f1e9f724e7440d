#include "graphql/impl/schema_validation.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace parfumerie::graphql::impl {

bool IsEqualType(const TypeRef& a, const TypeRef& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TypeRef::Kind::kNamed) return a.named == b.named;
  return IsEqualType(*a.of, *b.of);
}

bool IsTypeSubTypeOf(const TypeRef& sub, const TypeRef& super) {
  if (super.IsNonNull()) return sub.IsNonNull() && IsTypeSubTypeOf(*sub.of, *super.of);
  if (sub.IsNonNull()) return IsTypeSubTypeOf(*sub.of, super);
  if (super.IsList()) return sub.IsList() && IsTypeSubTypeOf(*sub.of, *super.of);
  if (sub.IsList()) return false;
  return sub.named == super.named || (super.named->IsAbstract() && super.named->IsPossibleType(sub.named)) ||
         (super.named->kind == TypeKind::kInterface && sub.named->kind == TypeKind::kInterface &&
          [&] {
            for (const Type* i : sub.named->interfaces) {
              if (i == super.named) return true;
            }
            return false;
          }());
}

namespace {

// The SDL nodes of the host's document, found by name as graphql-js keeps
// them on its schema elements (astNode first, then extensionASTNodes).
class SdlIndex {
 public:
  explicit SdlIndex(const Document* sdl) : sdl_(sdl) {
    if (sdl == nullptr) return;
    for (const ast::Definition& d : sdl->definitions()) {
      if (d.kind == ast::DefinitionKind::kSchema) {
        if (d.is_extension) {
          schema_.push_back(&d);
        } else if (schema_.empty() || schema_[0]->is_extension) {
          schema_.insert(schema_.begin(), &d);
        }
      } else if (d.kind == ast::DefinitionKind::kDirective) {
        directives_.emplace(d.name, &d);
      } else if (!d.IsExecutable()) {
        auto& nodes = types_[d.name];
        if (!d.is_extension && (nodes.empty() || nodes[0]->is_extension)) {
          nodes.insert(nodes.begin(), &d);
        } else if (d.is_extension) {
          nodes.push_back(&d);
        }
      }
    }
  }

  SourcePosition Position(uint32_t offset) const { return sdl_->Position(offset); }
  bool enabled() const { return sdl_ != nullptr; }

  // The definition and its extensions.
  std::vector<const ast::Definition*> Type(std::string_view name) const {
    auto it = types_.find(name);
    return it == types_.end() ? std::vector<const ast::Definition*>{} : it->second;
  }
  const ast::Definition* TypeDefinition(std::string_view name) const {
    auto nodes = Type(name);
    return !nodes.empty() && !nodes[0]->is_extension ? nodes[0] : nullptr;
  }
  const ast::Definition* Directive(std::string_view name) const {
    auto it = directives_.find(name);
    return it == directives_.end() ? nullptr : it->second;
  }
  const std::vector<const ast::Definition*>& Schema() const { return schema_; }

  const ast::FieldDefinition* Field(std::string_view type, std::string_view field) const {
    for (const ast::Definition* d : Type(type)) {
      for (const auto& f : d->fields) {
        if (f.name == field) return &f;
      }
    }
    return nullptr;
  }
  // Input fields of input objects and arguments of directives.
  const ast::InputValueDefinition* InputValue(std::span<const ast::InputValueDefinition> values,
                                              std::string_view name) const {
    for (const auto& v : values) {
      if (v.name == name) return &v;
    }
    return nullptr;
  }
  const ast::InputValueDefinition* InputField(std::string_view type, std::string_view name) const {
    for (const ast::Definition* d : Type(type)) {
      if (const auto* v = InputValue(d->arguments, name)) return v;
    }
    return nullptr;
  }
  const ast::EnumValueDefinition* EnumValue(std::string_view type, std::string_view name) const {
    for (const ast::Definition* d : Type(type)) {
      for (const auto& v : d->values) {
        if (v.name == name) return &v;
      }
    }
    return nullptr;
  }
  // graphql-js getAllImplementsInterfaceNodes() and getUnionMemberTypeNodes().
  std::vector<uint32_t> Interfaces(std::string_view type, std::string_view iface) const {
    std::vector<uint32_t> out;
    for (const ast::Definition* d : Type(type)) {
      for (const auto& i : d->interfaces) {
        if (i.name == iface) out.push_back(i.loc);
      }
    }
    return out;
  }
  std::vector<uint32_t> Members(std::string_view type, std::string_view member) const {
    std::vector<uint32_t> out;
    for (const ast::Definition* d : Type(type)) {
      for (const auto& m : d->members) {
        if (m.name == member) out.push_back(m.loc);
      }
    }
    return out;
  }

 private:
  const Document* sdl_;
  std::vector<const ast::Definition*> schema_;
  std::unordered_map<std::string_view, std::vector<const ast::Definition*>> types_;
  std::unordered_map<std::string_view, const ast::Definition*> directives_;
};

// Node locations graphql-js reports; absent nodes are left out, as it does.
class Nodes {
 public:
  Nodes& Add(const void* present, uint32_t loc) {
    if (present != nullptr) locs_.push_back(loc);
    return *this;
  }
  Nodes& Add(const std::vector<uint32_t>& locs) {
    locs_.insert(locs_.end(), locs.begin(), locs.end());
    return *this;
  }
  Nodes& AddDefinitions(const std::vector<const ast::Definition*>& defs) {
    for (const ast::Definition* d : defs) locs_.push_back(d->loc);
    return *this;
  }
  const std::vector<uint32_t>& locs() const { return locs_; }

 private:
  std::vector<uint32_t> locs_;
};

const ast::Directive* DeprecatedDirective(std::span<const ast::Directive> directives) {
  for (const auto& d : directives) {
    if (d.name == "deprecated") return &d;
  }
  return nullptr;
}

bool IsRequired(const InputValue& v) { return v.type && v.type->IsNonNull() && !v.default_value.has_value(); }

class Validator {
 public:
  Validator(const Schema& schema, const Document* sdl) : schema_(schema), sdl_(sdl) {}

  std::vector<Error> Run() {
    ValidateRoots();
    ValidateDirectives();
    for (const Type* t : schema_.types()) ValidateType(*t);
    return std::move(errors_);
  }

 private:
  void Report(std::string message, const Nodes& nodes = {}) {
    Error& e = errors_.emplace_back();
    e.message = std::move(message);
    if (!sdl_.enabled()) return;
    for (uint32_t loc : nodes.locs()) e.locations.push_back(sdl_.Position(loc));
  }

  void ValidateName(const std::string& name, const void* node, uint32_t loc) {
    if (name.starts_with("__")) {
      Report("Name \"" + name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.",
             Nodes().Add(node, loc));
    }
  }

  // The `schema { query: T }` entry naming a root, else the root type itself.
  Nodes RootNode(ast::OperationType operation, const Type& root) const {
    for (const ast::Definition* d : sdl_.Schema()) {
      for (const auto& ot : d->operation_types) {
        if (ot.operation == operation) return Nodes().Add(d, ot.type.loc);
      }
    }
    const ast::Definition* def = sdl_.TypeDefinition(root.name);
    return Nodes().Add(def, def ? def->loc : 0);
  }

  void ValidateRoots() {
    const Type* q = schema_.query_type();
    if (q == nullptr) {
      const ast::Definition* def = nullptr;
      for (const ast::Definition* d : sdl_.Schema()) {
        if (!d->is_extension) def = d;
      }
      Report("Query root type must be provided.", Nodes().Add(def, def ? def->loc : 0));
    } else if (q->kind != TypeKind::kObject) {
      Report("Query root type must be Object type, it cannot be " + q->name + ".",
             RootNode(ast::OperationType::kQuery, *q));
    }
    const Type* m = schema_.mutation_type();
    if (m && m->kind != TypeKind::kObject) {
      Report("Mutation root type must be Object type if provided, it cannot be " + m->name + ".",
             RootNode(ast::OperationType::kMutation, *m));
    }
    const Type* s = schema_.subscription_type();
    if (s && s->kind != TypeKind::kObject) {
      Report("Subscription root type must be Object type if provided, it cannot be " + s->name + ".",
             RootNode(ast::OperationType::kSubscription, *s));
    }
  }

  void ValidateDirectives() {
    for (const DirectiveDefinition* d : schema_.directives()) {
      if (d->builtin) continue;
      const ast::Definition* node = sdl_.Directive(d->name);
      ValidateName(d->name, node, node ? node->loc : 0);
      if (d->locations.empty()) {
        Report("Directive @" + d->name + " must include 1 or more locations.", Nodes().Add(node, node ? node->loc : 0));
      }
      for (const InputValue& a : d->arguments) {
        const ast::InputValueDefinition* arg = node ? sdl_.InputValue(node->arguments, a.name) : nullptr;
        ValidateName(a.name, arg, arg ? arg->loc : 0);
        if (a.type && !a.type->named->IsInput()) {
          Report("The type of @" + d->name + "(" + a.name + ":) must be Input Type but got: " + a.type->ToString() + ".",
                 Nodes().Add(arg, arg ? arg->loc : 0));
        }
        if (IsRequired(a) && a.deprecated) {
          Report("Required argument @" + d->name + "(" + a.name + ":) cannot be deprecated.", DeprecatedNodes(arg));
        }
      }
    }
  }

  // The @deprecated directive and the type of a required argument or field.
  static Nodes DeprecatedNodes(const ast::InputValueDefinition* node) {
    Nodes nodes;
    if (node == nullptr) return nodes;
    const ast::Directive* deprecated = DeprecatedDirective(node->directives);
    return nodes.Add(deprecated, deprecated ? deprecated->loc : 0).Add(node, node->type->loc);
  }

  void ValidateType(const Type& t) {
    if (t.builtin) return;
    const ast::Definition* def = sdl_.TypeDefinition(t.name);
    ValidateName(t.name, def, def ? def->loc : 0);
    switch (t.kind) {
      case TypeKind::kObject:
      case TypeKind::kInterface:
        ValidateFields(t);
        ValidateInterfaces(t);
        break;
      case TypeKind::kUnion:
        ValidateUnion(t);
        break;
      case TypeKind::kEnum:
        if (t.enum_values.empty()) {
          Report("Enum type " + t.name + " must define one or more values.", Nodes().AddDefinitions(sdl_.Type(t.name)));
        }
        for (const EnumValue& v : t.enum_values) {
          const ast::EnumValueDefinition* node = sdl_.EnumValue(t.name, v.name);
          ValidateName(v.name, node, node ? node->loc : 0);
        }
        break;
      case TypeKind::kInputObject:
        ValidateInputObject(t);
        ValidateInputCycles(t);
        break;
      case TypeKind::kScalar:
        break;
    }
  }

  void ValidateFields(const Type& t) {
    if (t.fields.empty()) {
      Report("Type " + t.name + " must define one or more fields.", Nodes().AddDefinitions(sdl_.Type(t.name)));
    }
    for (const Field& f : t.fields) {
      const ast::FieldDefinition* node = sdl_.Field(t.name, f.name);
      ValidateName(f.name, node, node ? node->loc : 0);
      if (f.type && !f.type->named->IsOutput()) {
        Report("The type of " + t.name + "." + f.name + " must be Output Type but got: " + f.type->ToString() + ".",
               Nodes().Add(node, node ? node->type->loc : 0));
      }
      for (const InputValue& a : f.arguments) {
        const ast::InputValueDefinition* arg = node ? sdl_.InputValue(node->arguments, a.name) : nullptr;
        ValidateName(a.name, arg, arg ? arg->loc : 0);
        if (a.type && !a.type->named->IsInput()) {
          Report("The type of " + t.name + "." + f.name + "(" + a.name + ":) must be Input Type but got: " +
                     a.type->ToString() + ".",
                 Nodes().Add(arg, arg ? arg->type->loc : 0));
        }
        if (IsRequired(a) && a.deprecated) {
          Report("Required argument " + t.name + "." + f.name + "(" + a.name + ":) cannot be deprecated.",
                 DeprecatedNodes(arg));
        }
      }
    }
  }

  void ValidateInterfaces(const Type& t) {
    std::unordered_set<const Type*> seen;
    for (const Type* iface : t.interfaces) {
      if (iface->kind != TypeKind::kInterface) {
        Report("Type " + t.name + " must only implement Interface types, it cannot implement " + iface->name + ".",
               Nodes().Add(sdl_.Interfaces(t.name, iface->name)));
        continue;
      }
      if (iface == &t) {
        Report("Type " + t.name + " cannot implement itself because it would create a circular reference.",
               Nodes().Add(sdl_.Interfaces(t.name, iface->name)));
        continue;
      }
      if (!seen.insert(iface).second) {
        Report("Type " + t.name + " can only implement " + iface->name + " once.",
               Nodes().Add(sdl_.Interfaces(t.name, iface->name)));
        continue;
      }
      ValidateAncestors(t, *iface);
      ValidateImplementation(t, *iface);
    }
  }

  void ValidateAncestors(const Type& t, const Type& iface) {
    for (const Type* transitive : iface.interfaces) {
      bool found = false;
      for (const Type* i : t.interfaces) found |= i == transitive;
      if (found) continue;
      Report(transitive == &t ? "Type " + t.name + " cannot implement " + iface.name +
                                    " because it would create a circular reference."
                              : "Type " + t.name + " must implement " + transitive->name +
                                    " because it is implemented by " + iface.name + ".",
             Nodes().Add(sdl_.Interfaces(iface.name, transitive->name)).Add(sdl_.Interfaces(t.name, iface.name)));
    }
  }

  void ValidateImplementation(const Type& t, const Type& iface) {
    for (const Field& iface_field : iface.fields) {
      const ast::FieldDefinition* iface_node = sdl_.Field(iface.name, iface_field.name);
      const Field* field = t.FindField(iface_field.name);
      if (field == nullptr) {
        Report("Interface field " + iface.name + "." + iface_field.name + " expected but " + t.name +
                   " does not provide it.",
               Nodes().Add(iface_node, iface_node ? iface_node->loc : 0).AddDefinitions(sdl_.Type(t.name)));
        continue;
      }
      const ast::FieldDefinition* node = sdl_.Field(t.name, field->name);
      if (field->type && iface_field.type && !IsTypeSubTypeOf(*field->type, *iface_field.type)) {
        Report("Interface field " + iface.name + "." + iface_field.name + " expects type " +
                   iface_field.type->ToString() + " but " + t.name + "." + field->name + " is type " +
                   field->type->ToString() + ".",
               Nodes()
                   .Add(iface_node, iface_node ? iface_node->type->loc : 0)
                   .Add(node, node ? node->type->loc : 0));
      }
      for (const InputValue& iface_arg : iface_field.arguments) {
        const ast::InputValueDefinition* iface_arg_node =
            iface_node ? sdl_.InputValue(iface_node->arguments, iface_arg.name) : nullptr;
        const InputValue* arg = field->FindArgument(iface_arg.name);
        if (arg == nullptr) {
          Report("Interface field argument " + iface.name + "." + iface_field.name + "(" + iface_arg.name +
                     ":) expected but " + t.name + "." + field->name + " does not provide it.",
                 Nodes().Add(iface_arg_node, iface_arg_node ? iface_arg_node->loc : 0).Add(node, node ? node->loc : 0));
          continue;
        }
        if (arg->type && iface_arg.type && !IsEqualType(*arg->type, *iface_arg.type)) {
          const ast::InputValueDefinition* arg_node = node ? sdl_.InputValue(node->arguments, arg->name) : nullptr;
          Report("Interface field argument " + iface.name + "." + iface_field.name + "(" + iface_arg.name +
                     ":) expects type " + iface_arg.type->ToString() + " but " + t.name + "." + field->name + "(" +
                     arg->name + ":) is type " + arg->type->ToString() + ".",
                 Nodes()
                     .Add(iface_arg_node, iface_arg_node ? iface_arg_node->type->loc : 0)
                     .Add(arg_node, arg_node ? arg_node->type->loc : 0));
        }
      }
      for (const InputValue& arg : field->arguments) {
        if (iface_field.FindArgument(arg.name) != nullptr || !IsRequired(arg)) continue;
        const ast::InputValueDefinition* arg_node = node ? sdl_.InputValue(node->arguments, arg.name) : nullptr;
        Report("Object field " + t.name + "." + field->name + " includes required argument " + arg.name +
                   " that is missing from the Interface field " + iface.name + "." + iface_field.name + ".",
               Nodes().Add(arg_node, arg_node ? arg_node->loc : 0).Add(iface_node, iface_node ? iface_node->loc : 0));
      }
    }
  }

  void ValidateUnion(const Type& t) {
    if (t.possible_types.empty()) {
      Report("Union type " + t.name + " must define one or more member types.", Nodes().AddDefinitions(sdl_.Type(t.name)));
    }
    std::unordered_set<const Type*> seen;
    for (const Type* m : t.possible_types) {
      if (!seen.insert(m).second) {
        Report("Union type " + t.name + " can only include type " + m->name + " once.",
               Nodes().Add(sdl_.Members(t.name, m->name)));
        continue;
      }
      if (m->kind != TypeKind::kObject) {
        Report("Union type " + t.name + " can only include Object types, it cannot include " + m->name + ".",
               Nodes().Add(sdl_.Members(t.name, m->name)));
      }
    }
  }

  void ValidateInputObject(const Type& t) {
    if (t.input_fields.empty()) {
      Report("Input Object type " + t.name + " must define one or more fields.", Nodes().AddDefinitions(sdl_.Type(t.name)));
    }
    for (const InputValue& f : t.input_fields) {
      const ast::InputValueDefinition* node = sdl_.InputField(t.name, f.name);
      ValidateName(f.name, node, node ? node->loc : 0);
      if (f.type && !f.type->named->IsInput()) {
        Report("The type of " + t.name + "." + f.name + " must be Input Type but got: " + f.type->ToString() + ".",
               Nodes().Add(node, node ? node->type->loc : 0));
      }
      if (IsRequired(f) && f.deprecated) {
        Report("Required input field " + t.name + "." + f.name + " cannot be deprecated.", DeprecatedNodes(node));
      }
      if (!t.one_of) continue;
      if (f.type && f.type->IsNonNull()) {
        Report("OneOf input field " + t.name + "." + f.name + " must be nullable.",
               Nodes().Add(node, node ? node->type->loc : 0));
      }
      if (f.default_value.has_value()) {
        Report("OneOf input field " + t.name + "." + f.name + " cannot have a default value.",
               Nodes().Add(node, node ? node->loc : 0));
      }
    }
  }

  // graphql-js createInputObjectCircularRefsValidator(): one depth-first
  // walk over non-null input object fields, shared by all input types.
  void ValidateInputCycles(const Type& t) {
    if (!cycle_visited_.insert(&t).second) return;
    cycle_index_[&t] = cycle_path_.size();
    for (const InputValue& f : t.input_fields) {
      if (!f.type || !f.type->IsNonNull() || f.type->of->kind != TypeRef::Kind::kNamed ||
          f.type->named->kind != TypeKind::kInputObject) {
        continue;
      }
      const Type* next = f.type->named;
      cycle_path_.push_back({&t, &f});
      auto it = cycle_index_.find(next);
      if (it == cycle_index_.end()) {
        ValidateInputCycles(*next);
      } else {
        std::string joined;
        Nodes nodes;
        for (size_t i = it->second; i < cycle_path_.size(); ++i) {
          const auto& [owner, field] = cycle_path_[i];
          joined += (i == it->second ? "" : ".") + field->name;
          const ast::InputValueDefinition* node = sdl_.InputField(owner->name, field->name);
          nodes.Add(node, node ? node->loc : 0);
        }
        Report("Cannot reference Input Object \"" + next->name +
                   "\" within itself through a series of non-null fields: \"" + joined + "\".",
               nodes);
      }
      cycle_path_.pop_back();
    }
    cycle_index_.erase(&t);
  }

  const Schema& schema_;
  SdlIndex sdl_;
  std::vector<Error> errors_;
  std::unordered_set<const Type*> cycle_visited_;
  std::unordered_map<const Type*, size_t> cycle_index_;
  std::vector<std::pair<const Type*, const InputValue*>> cycle_path_;
};

}  // namespace

std::vector<Error> ValidateSchema(const Schema& schema, const Document* sdl) { return Validator(schema, sdl).Run(); }

}  // namespace parfumerie::graphql::impl

#include "graphql/impl/schema_validation.h"

#include <functional>
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

class Validator {
 public:
  explicit Validator(const Schema& schema) : schema_(schema) {}

  std::vector<std::string> Run() {
    ValidateRoots();
    ValidateDirectives();
    for (const Type* t : schema_.types()) ValidateType(*t);
    return std::move(errors_);
  }

 private:
  void Report(std::string message) { errors_.push_back(std::move(message)); }

  void ValidateName(const std::string& name) {
    if (name.size() >= 2 && name[0] == '_' && name[1] == '_') {
      Report("Name \"" + name + "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
  }

  void ValidateRoots() {
    const Type* q = schema_.query_type();
    if (q == nullptr) {
      Report("Query root type must be provided.");
    } else if (q->kind != TypeKind::kObject) {
      Report("Query root type must be Object type, it cannot be " + q->name + ".");
    }
    const Type* m = schema_.mutation_type();
    if (m && m->kind != TypeKind::kObject) Report("Mutation root type must be Object type if provided, it cannot be " + m->name + ".");
    const Type* s = schema_.subscription_type();
    if (s && s->kind != TypeKind::kObject) Report("Subscription root type must be Object type if provided, it cannot be " + s->name + ".");
  }

  void ValidateDirectives() {
    for (const DirectiveDefinition* d : schema_.directives()) {
      if (d->builtin) continue;
      ValidateName(d->name);
      for (const InputValue& a : d->arguments) {
        ValidateName(a.name);
        if (a.type && !a.type->named->IsInput()) {
          Report("The type of @" + d->name + "(" + a.name + ":) must be Input Type but got: " + a.type->ToString() + ".");
        }
        if (a.type && a.type->IsNonNull() && !a.default_value && a.deprecated) {
          Report("Required argument @" + d->name + "(" + a.name + ":) cannot be deprecated.");
        }
      }
    }
  }

  void ValidateType(const Type& t) {
    if (t.builtin) return;
    ValidateName(t.name);
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
        if (t.enum_values.empty()) Report("Enum type " + t.name + " must define one or more values.");
        for (const EnumValue& v : t.enum_values) ValidateName(v.name);
        break;
      case TypeKind::kInputObject:
        ValidateInputObject(t);
        break;
      case TypeKind::kScalar:
        break;
    }
  }

  void ValidateFields(const Type& t) {
    if (t.fields.empty()) Report("Type " + t.name + " must define one or more fields.");
    for (const Field& f : t.fields) {
      ValidateName(f.name);
      if (f.type && !f.type->named->IsOutput()) {
        Report("The type of " + t.name + "." + f.name + " must be Output Type but got: " + f.type->ToString() + ".");
      }
      for (const InputValue& a : f.arguments) {
        ValidateName(a.name);
        if (a.type && !a.type->named->IsInput()) {
          Report("The type of " + t.name + "." + f.name + "(" + a.name + ":) must be Input Type but got: " +
                 a.type->ToString() + ".");
        }
        if (a.type && a.type->IsNonNull() && !a.default_literal && a.deprecated) {
          Report("Required argument " + t.name + "." + f.name + "(" + a.name + ":) cannot be deprecated.");
        }
      }
    }
  }

  void ValidateInterfaces(const Type& t) {
    std::unordered_set<const Type*> seen;
    for (const Type* iface : t.interfaces) {
      if (iface->kind != TypeKind::kInterface) {
        Report("Type " + t.name + " must only implement Interface types, it cannot implement " + iface->name + ".");
        continue;
      }
      if (iface == &t) {
        Report("Type " + t.name + " cannot implement itself because it would create a circular reference.");
        continue;
      }
      if (!seen.insert(iface).second) {
        Report("Type " + t.name + " can only implement " + iface->name + " once.");
        continue;
      }
      for (const Type* transitive : iface->interfaces) {
        bool found = false;
        for (const Type* i : t.interfaces) found |= i == transitive;
        if (!found && transitive != &t) {
          Report(std::string(transitive == &t ? "Type " : "Type ") + t.name + " must implement " + transitive->name +
                 " because it is implemented by " + iface->name + ".");
        } else if (transitive == &t) {
          Report("Type " + t.name + " cannot implement " + iface->name +
                 " because it would create a circular reference.");
        }
      }
      ValidateImplementation(t, *iface);
    }
  }

  void ValidateImplementation(const Type& t, const Type& iface) {
    for (const Field& iface_field : iface.fields) {
      const Field* field = t.FindField(iface_field.name);
      if (field == nullptr) {
        Report("Interface field " + iface.name + "." + iface_field.name + " expected but " + t.name +
               " does not provide it.");
        continue;
      }
      if (field->type && iface_field.type && !IsTypeSubTypeOf(*field->type, *iface_field.type)) {
        Report("Interface field " + iface.name + "." + iface_field.name + " expects type " +
               iface_field.type->ToString() + " but " + t.name + "." + field->name + " is type " +
               field->type->ToString() + ".");
      }
      for (const InputValue& iface_arg : iface_field.arguments) {
        const InputValue* arg = field->FindArgument(iface_arg.name);
        if (arg == nullptr) {
          Report("Interface field argument " + iface.name + "." + iface_field.name + "(" + iface_arg.name +
                 ":) expected but " + t.name + "." + field->name + " does not provide it.");
          continue;
        }
        if (arg->type && iface_arg.type && !IsEqualType(*arg->type, *iface_arg.type)) {
          Report("Interface field argument " + iface.name + "." + iface_field.name + "(" + iface_arg.name +
                 ":) expects type " + iface_arg.type->ToString() + " but " + t.name + "." + field->name + "(" +
                 arg->name + ":) is type " + arg->type->ToString() + ".");
        }
      }
      for (const InputValue& arg : field->arguments) {
        if (iface_field.FindArgument(arg.name) == nullptr && arg.type && arg.type->IsNonNull() && !arg.default_literal) {
          Report("Argument \"" + t.name + "." + field->name + "(" + arg.name + ":)\" must not be required type \"" +
                 arg.type->ToString() + "\" if not provided by the Interface field \"" + iface.name + "." +
                 iface_field.name + "\".");
        }
      }
    }
  }

  void ValidateUnion(const Type& t) {
    if (t.possible_types.empty()) Report("Union type " + t.name + " must define one or more member types.");
    std::unordered_set<const Type*> seen;
    for (const Type* m : t.possible_types) {
      if (!seen.insert(m).second) {
        Report("Union type " + t.name + " can only include type " + m->name + " once.");
      } else if (m->kind != TypeKind::kObject) {
        Report("Union type " + t.name + " can only include Object types, it cannot include " + m->name + ".");
      }
    }
  }

  void ValidateInputObject(const Type& t) {
    if (t.input_fields.empty()) Report("Input Object type " + t.name + " must define one or more fields.");
    for (const InputValue& f : t.input_fields) {
      ValidateName(f.name);
      if (f.type && !f.type->named->IsInput()) {
        Report("The type of " + t.name + "." + f.name + " must be Input Type but got: " + f.type->ToString() + ".");
      }
      if (f.type && f.type->IsNonNull() && !f.default_literal && f.deprecated) {
        Report("Required input field " + t.name + "." + f.name + " cannot be deprecated.");
      }
      if (t.one_of) {
        if (f.type && f.type->IsNonNull()) Report("OneOf input field " + t.name + "." + f.name + " must be nullable.");
        if (f.default_literal) Report("OneOf input field " + t.name + "." + f.name + " cannot have a default value.");
      }
    }
    // Cycles through non-null fields make the type impossible to provide.
    std::vector<std::string> path;
    std::unordered_set<const Type*> on_path;
    std::function<void(const Type&)> visit = [&](const Type& current) {
      if (visited_.count(&current)) return;
      visited_.insert(&current);
      on_path.insert(&current);
      for (const InputValue& f : current.input_fields) {
        if (!f.type || !f.type->IsNonNull() || f.type->of->kind != TypeRef::Kind::kNamed) continue;
        const Type* next = f.type->named;
        if (next->kind != TypeKind::kInputObject) continue;
        path.push_back(f.name);
        if (next == &t || on_path.count(next)) {
          std::string joined;
          for (size_t i = 0; i < path.size(); ++i) joined += (i ? "." : "") + path[i];
          Report("Cannot reference Input Object \"" + next->name +
                 "\" within itself through a series of non-null fields: \"" + joined + "\".");
        } else {
          visit(*next);
        }
        path.pop_back();
      }
      on_path.erase(&current);
    };
    visit(t);
  }

  const Schema& schema_;
  std::vector<std::string> errors_;
  std::unordered_set<const Type*> visited_;
};

}  // namespace

std::vector<std::string> ValidateSchema(const Schema& schema) { return Validator(schema).Run(); }

}  // namespace parfumerie::graphql::impl

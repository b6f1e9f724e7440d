// A GraphQL schema: named types, directives and root operation types, built
// from SDL by BuildSchema() and then given resolvers by the host.
//
// Lifetime: types, fields and TypeRefs are owned by the Schema and stay at
// fixed addresses. Thread-safety: set resolvers before the first execution;
// afterwards the Schema is read-only and may be shared by any number of
// concurrent executions.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/resolver.h"

namespace parfumerie::graphql {

enum class TypeKind : uint8_t { kScalar, kObject, kInterface, kUnion, kEnum, kInputObject };

// Which standard scalar a scalar type is (kCustom for the host's own).
enum class ScalarKind : uint8_t { kCustom, kInt, kFloat, kString, kBoolean, kID };

class Type;

// A type as written at a use site: named, list of, or non-null of.
struct TypeRef {
  enum class Kind : uint8_t { kNamed, kList, kNonNull };
  Kind kind = Kind::kNamed;
  const Type* named = nullptr;  // Innermost named type, set for every kind.
  const TypeRef* of = nullptr;  // Wrapped type for kList and kNonNull.

  bool IsNonNull() const { return kind == Kind::kNonNull; }
  bool IsList() const { return kind == Kind::kList; }
  // "[Int!]!" as the type is written.
  std::string ToString() const;
};

struct InputValue {
  std::string name;
  std::string description;
  bool has_description = false;
  const TypeRef* type = nullptr;
  // The default, coerced to `type`; absent when none (or when it was invalid).
  std::optional<boost::json::value> default_value;
  const ast::Value* default_literal = nullptr;  // As written in the SDL.
  bool deprecated = false;
  std::string deprecation_reason;
};

struct Field {
  std::string name;
  std::string description;
  bool has_description = false;
  std::vector<InputValue> arguments;
  const TypeRef* type = nullptr;
  bool deprecated = false;
  std::string deprecation_reason;
  Resolver resolver;  // Empty: the default resolver (reads `name` from the parent object).
  Subscriber subscriber;  // Subscription root fields: the source stream.

  const InputValue* FindArgument(std::string_view name) const;
};

struct EnumValue {
  std::string name;
  std::string description;
  bool has_description = false;
  bool deprecated = false;
  std::string deprecation_reason;
};

class Type {
 public:
  TypeKind kind = TypeKind::kScalar;
  std::string name;
  std::string description;
  bool has_description = false;
  bool builtin = false;                    // Standard scalar or introspection type.
  ScalarKind scalar = ScalarKind::kCustom; // Scalars.
  std::string specified_by_url;            // Scalars.
  bool one_of = false;                     // Input objects.
  std::vector<Field> fields;               // Objects and interfaces.
  std::vector<const Type*> interfaces;     // Objects and interfaces.
  std::vector<const Type*> possible_types; // Unions (members) and interfaces (implementing objects).
  std::vector<EnumValue> enum_values;      // Enums.
  std::vector<InputValue> input_fields;    // Input objects.
  TypeResolver type_resolver;              // Abstract types; empty: `__typename` of the value.

  const Field* FindField(std::string_view field_name) const;
  const InputValue* FindInputField(std::string_view field_name) const;
  const EnumValue* FindEnumValue(std::string_view value_name) const;
  bool IsAbstract() const { return kind == TypeKind::kInterface || kind == TypeKind::kUnion; }
  bool IsComposite() const { return kind == TypeKind::kObject || IsAbstract(); }
  bool IsLeaf() const { return kind == TypeKind::kScalar || kind == TypeKind::kEnum; }
  bool IsInput() const { return kind == TypeKind::kScalar || kind == TypeKind::kEnum || kind == TypeKind::kInputObject; }
  bool IsOutput() const { return kind != TypeKind::kInputObject; }
  // True when `object` is a possible type of this abstract type (or is this type).
  bool IsPossibleType(const Type* object) const;

 private:
  friend class SchemaBuilder;
  friend class Schema;
  std::unordered_map<std::string_view, size_t> field_index_;
};

struct DirectiveDefinition {
  std::string name;
  std::string description;
  bool has_description = false;
  std::vector<InputValue> arguments;
  std::vector<std::string> locations;
  bool repeatable = false;
  bool builtin = false;

  const InputValue* FindArgument(std::string_view name) const;
  bool HasLocation(std::string_view location) const;
};

class Schema {
 public:
  Schema();
  ~Schema();
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  const Type* FindType(std::string_view name) const;
  // All named types in graphql-js order (the order introspection lists them).
  const std::vector<const Type*>& types() const { return types_; }
  const std::vector<const DirectiveDefinition*>& directives() const { return directive_list_; }
  const DirectiveDefinition* FindDirective(std::string_view name) const;
  const Type* query_type() const { return query_; }
  const Type* mutation_type() const { return mutation_; }
  const Type* subscription_type() const { return subscription_; }
  const Type* RootType(ast::OperationType operation) const;
  const std::string& description() const { return description_; }
  // Meta-fields: __schema and __type (query root only) and __typename.
  const Field* schema_meta_field() const { return &meta_fields_[0]; }
  const Field* type_meta_field() const { return &meta_fields_[1]; }
  const Field* typename_meta_field() const { return &meta_fields_[2]; }
  bool has_description() const { return has_description_; }

  // Errors found by ValidateSchema() when the schema was built, with the SDL
  // locations graphql-js reports for them; an invalid schema executes
  // nothing, and Validate() and Service answer every request with these.
  const std::vector<Error>& located_validation_errors() const { return located_validation_errors_; }
  // Their messages alone.
  const std::vector<std::string>& validation_errors() const { return validation_errors_; }

  // Host wiring; fails with NOT_FOUND naming the unknown type or field.
  absl::Status SetResolver(std::string_view type_name, std::string_view field_name, Resolver resolver);
  absl::Status SetTypeResolver(std::string_view type_name, TypeResolver resolver);
  absl::Status SetSubscriber(std::string_view field_name, Subscriber subscriber);

  // Interns a wrapped type; for the builder only: not thread-safe.
  const TypeRef* Named(const Type* type) const;
  const TypeRef* ListOf(const TypeRef* of) const;
  const TypeRef* NonNullOf(const TypeRef* of) const;

 private:
  friend class SchemaBuilder;
  Type* MutableType(std::string_view name);

  std::deque<Type> type_storage_;
  std::unordered_map<std::string_view, Type*> type_map_;
  std::vector<const Type*> types_;
  std::deque<DirectiveDefinition> directive_storage_;
  std::vector<const DirectiveDefinition*> directive_list_;
  std::unordered_map<std::string_view, const DirectiveDefinition*> directive_map_;
  mutable std::deque<TypeRef> refs_;
  mutable std::unordered_map<const void*, const TypeRef*> named_refs_, list_refs_, non_null_refs_;
  const Type* query_ = nullptr;
  const Type* mutation_ = nullptr;
  const Type* subscription_ = nullptr;
  std::string description_;
  bool has_description_ = false;
  std::vector<std::string> validation_errors_;
  std::vector<Error> located_validation_errors_;
  std::vector<std::shared_ptr<const Document>> documents_;  // Keep SDL nodes alive.
  Field meta_fields_[3];
};

// Builds a schema from SDL documents (type definitions and extensions, in
// order). Fails with INVALID_ARGUMENT listing every problem found: syntax
// errors, unknown or duplicate types, invalid extensions. Schema-level rules
// (interfaces implemented correctly, ...) end up in located_validation_errors().
absl::StatusOr<std::unique_ptr<Schema>> BuildSchema(std::string_view sdl);

}  // namespace parfumerie::graphql

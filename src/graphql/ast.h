// The GraphQL document tree: executable and type-system definitions.
//
// Every node lives in the Arena of its Document and is trivially
// destructible; names and string values are views into the Document's source
// or into its arena (for strings with escapes). Nodes hold byte offsets into
// the source; Document::Position() turns one into the line and UTF-16 column
// that graphql-js reports. A Document is immutable after parsing and may be
// shared between threads.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "graphql/arena.h"

namespace parfumerie::graphql {

// 1-based line and column; the column counts UTF-16 code units.
struct SourcePosition {
  int line = 0;
  int column = 0;
};

// Computes the position of a byte offset in `source`.
SourcePosition PositionOf(std::string_view source, uint32_t offset);

namespace ast {

struct Value;

enum class ValueKind : uint8_t { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };

struct ObjectField {
  std::string_view name;
  uint32_t loc = 0;
  const Value* value = nullptr;
};

struct Value {
  ValueKind kind = ValueKind::kNull;
  bool boolean = false;
  bool block = false;  // A block string (printing only).
  uint32_t loc = 0;
  // Variable name, raw Int/Float text, decoded String, or Enum name.
  std::string_view text;
  std::span<const Value* const> list;
  std::span<const ObjectField> fields;
};

struct Argument {
  std::string_view name;
  uint32_t loc = 0;
  const Value* value = nullptr;
};

struct Directive {
  std::string_view name;
  uint32_t loc = 0;
  std::span<const Argument> arguments;
};

struct Type {
  enum class Kind : uint8_t { kNamed, kList, kNonNull };
  Kind kind = Kind::kNamed;
  uint32_t loc = 0;
  std::string_view name;  // kNamed only.
  const Type* of = nullptr;  // kList and kNonNull.
};

struct NamedType {
  std::string_view name;
  uint32_t loc = 0;
};

struct SelectionSet;

struct Selection {
  enum class Kind : uint8_t { kField, kFragmentSpread, kInlineFragment };
  Kind kind = Kind::kField;
  uint32_t loc = 0;
  std::string_view alias;  // Empty when absent (fields only).
  std::string_view name;   // Field name or fragment name.
  uint32_t name_loc = 0;
  std::span<const Argument> arguments;
  std::span<const Directive> directives;
  const SelectionSet* selection_set = nullptr;  // Null for leaf fields and spreads.
  NamedType type_condition;                     // Inline fragments; empty name if absent.

  std::string_view ResponseName() const { return alias.empty() ? name : alias; }
};

struct SelectionSet {
  uint32_t loc = 0;
  std::span<const Selection> selections;
};

enum class OperationType : uint8_t { kQuery, kMutation, kSubscription };

struct VariableDefinition {
  uint32_t loc = 0;           // Start of the definition (its description, if any).
  uint32_t variable_loc = 0;  // The "$".
  std::string_view description;
  bool has_description = false;
  std::string_view name;
  uint32_t name_loc = 0;
  const Type* type = nullptr;
  const Value* default_value = nullptr;
  std::span<const Directive> directives;
};

struct InputValueDefinition {
  std::string_view description;
  bool has_description = false;
  std::string_view name;
  uint32_t loc = 0;
  const Type* type = nullptr;
  const Value* default_value = nullptr;
  std::span<const Directive> directives;
};

struct FieldDefinition {
  std::string_view description;
  bool has_description = false;
  std::string_view name;
  uint32_t loc = 0;
  std::span<const InputValueDefinition> arguments;
  const Type* type = nullptr;
  std::span<const Directive> directives;
};

struct EnumValueDefinition {
  std::string_view description;
  bool has_description = false;
  std::string_view name;
  uint32_t loc = 0;
  std::span<const Directive> directives;
};

struct OperationTypeDefinition {
  OperationType operation = OperationType::kQuery;
  uint32_t loc = 0;
  NamedType type;
};

enum class DefinitionKind : uint8_t {
  kOperation,
  kFragment,
  kSchema,
  kScalar,
  kObject,
  kInterface,
  kUnion,
  kEnum,
  kInputObject,
  kDirective,
};

// One top-level definition. Fields not used by `kind` stay empty.
struct Definition {
  DefinitionKind kind = DefinitionKind::kOperation;
  bool is_extension = false;
  uint32_t loc = 0;
  std::string_view description;
  bool has_description = false;
  std::string_view name;  // Empty for anonymous operations and schema definitions.
  uint32_t name_loc = 0;

  // Operations and fragments.
  OperationType operation = OperationType::kQuery;
  std::span<const VariableDefinition> variables;
  NamedType type_condition;  // Fragments.
  const SelectionSet* selection_set = nullptr;

  std::span<const Directive> directives;

  // Type system.
  std::span<const NamedType> interfaces;             // Object, interface.
  std::span<const FieldDefinition> fields;           // Object, interface.
  std::span<const InputValueDefinition> arguments;   // Input object fields; directive arguments.
  std::span<const NamedType> members;                // Union.
  std::span<const EnumValueDefinition> values;       // Enum.
  std::span<const OperationTypeDefinition> operation_types;  // Schema.
  bool repeatable = false;                           // Directive.
  std::span<const NamedType> locations;              // Directive.

  bool IsExecutable() const { return kind == DefinitionKind::kOperation || kind == DefinitionKind::kFragment; }
};

}  // namespace ast

// A parsed document: owns its source text and the arena of its nodes.
class Document {
 public:
  explicit Document(std::string source) : source_(std::move(source)) {}
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  std::string_view source() const { return source_; }
  std::span<const ast::Definition> definitions() const { return definitions_; }
  SourcePosition Position(uint32_t offset) const { return PositionOf(source_, offset); }

  Arena& arena() { return arena_; }
  void set_definitions(std::span<const ast::Definition> definitions) { definitions_ = definitions; }

 private:
  std::string source_;
  Arena arena_;
  std::span<const ast::Definition> definitions_;
};

std::string_view OperationTypeName(ast::OperationType type);

}  // namespace parfumerie::graphql

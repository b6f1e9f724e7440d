// The document walk behind Validate(): visits every executable node in
// document order, tracking types as graphql-js TypeInfo does, and calls each
// rule's hooks in rule order, so errors come out in graphql-js order.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/arena.h"
#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/limits.h"
#include "graphql/schema.h"

namespace parfumerie::graphql::impl {

class ValidationContext;

// A use of a variable inside an operation or fragment, with the input type
// and default of the position it sits in.
struct VariableUsage {
  const ast::Value* node = nullptr;
  const TypeRef* type = nullptr;
  bool has_location_default = false;
  const Type* parent_input_type = nullptr;
};

class Rule {
 public:
  explicit Rule(ValidationContext& context) : ctx_(context) {}
  virtual ~Rule() = default;
  virtual void EnterDocument(const Document&) {}
  virtual void LeaveDocument(const Document&) {}
  virtual void EnterOperation(const ast::Definition&) {}
  virtual void LeaveOperation(const ast::Definition&) {}
  virtual void EnterFragment(const ast::Definition&) {}
  virtual void EnterVariableDefinition(const ast::VariableDefinition&) {}
  virtual void EnterSelectionSet(const ast::SelectionSet&) {}
  virtual void EnterField(const ast::Selection&) {}
  virtual void LeaveField(const ast::Selection&) {}
  virtual void EnterInlineFragment(const ast::Selection&) {}
  virtual void EnterFragmentSpread(const ast::Selection&) {}
  // `location` is the DirectiveLocation name of the node the directive is on.
  virtual void EnterDirective(const ast::Directive&, std::string_view /*location*/) {}
  virtual void LeaveDirective(const ast::Directive&) {}
  virtual void EnterArgument(const ast::Argument&) {}
  virtual void EnterValue(const ast::Value&) {}
  virtual void LeaveValue(const ast::Value&) {}
  virtual void EnterObjectField(const ast::ObjectField&) {}
  virtual void EnterNamedType(std::string_view /*name*/, uint32_t /*loc*/) {}

 protected:
  ValidationContext& ctx_;
};

// Thrown by Report() once the error limit is reached.
struct ValidationAborted {};

class ValidationContext {
 public:
  ValidationContext(const Schema& schema, const Document& document, const Limits& limits);

  const Schema& schema() const { return schema_; }
  const Document& document() const { return document_; }
  const Limits& limits() const { return limits_; }

  void Report(std::string message, std::vector<uint32_t> offsets);
  std::vector<Error> TakeErrors() { return std::move(errors_); }

  // Runs `rules` over the document.
  void Walk(std::span<Rule* const> rules);

  // TypeInfo.
  const TypeRef* OutputType() const { return type_stack_.empty() ? nullptr : type_stack_.back(); }
  const Type* ParentType() const { return parent_type_stack_.empty() ? nullptr : parent_type_stack_.back(); }
  const Field* FieldDef() const { return field_stack_.empty() ? nullptr : field_stack_.back(); }
  const TypeRef* InputType() const { return input_stack_.empty() ? nullptr : input_stack_.back(); }
  const TypeRef* ParentInputType() const {
    return input_stack_.size() < 2 ? nullptr : input_stack_[input_stack_.size() - 2];
  }
  bool HasLocationDefault() const { return !default_stack_.empty() && default_stack_.back(); }
  const DirectiveDefinition* Directive() const { return directive_; }
  bool InDirective() const { return in_directive_; }
  const InputValue* ArgumentDef() const { return argument_; }

  // Document helpers.
  const ast::Definition* Fragment(std::string_view name) const;
  // Spreads directly inside `set` (through fields and inline fragments), in graphql-js order.
  std::vector<const ast::Selection*> FragmentSpreads(const ast::SelectionSet& set) const;
  std::vector<const ast::Definition*> RecursivelyReferencedFragments(const ast::Definition& operation) const;
  // Usages in the operation and every fragment it references.
  std::vector<VariableUsage> RecursiveVariableUsages(const ast::Definition& operation) const;

  // Types from the document; allocated in this context, never interned.
  const TypeRef* TypeFromAst(const ast::Type& node);
  const TypeRef* Wrap(const Type* named);
  const Field* FieldDefinition(const Type* parent, std::string_view name) const;

  std::unordered_map<const ast::Definition*, std::vector<VariableUsage>>& usages() { return usages_; }

 private:
  void WalkOperation(const ast::Definition& def);
  void WalkFragment(const ast::Definition& def);
  void WalkVariableDefinition(const ast::VariableDefinition& def);
  void WalkSelectionSet(const ast::SelectionSet& set);
  void WalkField(const ast::Selection& sel);
  void WalkInlineFragment(const ast::Selection& sel);
  void WalkDirectives(std::span<const ast::Directive> directives, std::string_view location);
  void WalkArguments(std::span<const ast::Argument> args, const std::vector<InputValue>* defs);
  void WalkValue(const ast::Value& value);
  void WalkType(const ast::Type& type);

  const Schema& schema_;
  const Document& document_;
  const Limits& limits_;
  Arena arena_;
  std::vector<Error> errors_;
  std::span<Rule* const> rules_;
  std::unordered_map<std::string_view, const ast::Definition*> fragments_;
  std::unordered_map<const ast::Definition*, std::vector<VariableUsage>> usages_;
  const ast::Definition* current_definition_ = nullptr;
  bool collect_usages_ = false;

  std::vector<const TypeRef*> type_stack_;
  std::vector<const Type*> parent_type_stack_;
  std::vector<const Field*> field_stack_;
  std::vector<const TypeRef*> input_stack_;
  std::vector<bool> default_stack_;
  const DirectiveDefinition* directive_ = nullptr;
  bool in_directive_ = false;
  const InputValue* argument_ = nullptr;

  friend class UsageCollector;
};

// Selection nesting with fragments expanded beyond which nothing executes,
// even with Limits::max_selection_depth off (graphql-js overflows its stack
// somewhere past this).
inline constexpr size_t kMaxExpandedDepth = 1000;

struct NestingReport {
  size_t fragment_depth = 0;  // Longest chain of fragment spreads.
  uint32_t fragment_loc = 0;
  size_t field_depth = 0;     // Deepest field nesting, fragments expanded.
  uint32_t field_loc = 0;
};
NestingReport MeasureNesting(const ValidationContext& context);

// Every rule, in graphql-js specifiedRules order.
std::vector<std::unique_ptr<Rule>> MakeSpecifiedRules(ValidationContext& context);
std::unique_ptr<Rule> MakeOverlappingFieldsRule(ValidationContext& context);
std::unique_ptr<Rule> MakeLimitsRule(ValidationContext& context);

}  // namespace parfumerie::graphql::impl

#include "graphql/impl/validation_context.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "graphql/validate.h"

namespace parfumerie::graphql::impl {

ValidationContext::ValidationContext(const Schema& schema, const Document& document, const Limits& limits)
    : schema_(schema), document_(document), limits_(limits) {
  for (const auto& d : document.definitions()) {
    if (d.kind == ast::DefinitionKind::kFragment) fragments_.emplace(d.name, &d);
  }
}

void ValidationContext::Report(std::string message, std::vector<uint32_t> offsets) {
  if (limits_.max_errors != 0 && errors_.size() >= limits_.max_errors) {
    errors_.push_back({"Too many validation errors, error limit reached. Validation aborted.", {}, {}, {}});
    throw ValidationAborted{};
  }
  Error e;
  e.message = std::move(message);
  for (uint32_t o : offsets) e.locations.push_back(document_.Position(o));
  errors_.push_back(std::move(e));
}

const ast::Definition* ValidationContext::Fragment(std::string_view name) const {
  auto it = fragments_.find(name);
  return it == fragments_.end() ? nullptr : it->second;
}

std::vector<const ast::Selection*> ValidationContext::FragmentSpreads(const ast::SelectionSet& set) const {
  std::vector<const ast::Selection*> spreads;
  std::vector<const ast::SelectionSet*> to_visit{&set};
  while (!to_visit.empty()) {
    const ast::SelectionSet* s = to_visit.back();
    to_visit.pop_back();
    for (const auto& sel : s->selections) {
      if (sel.kind == ast::Selection::Kind::kFragmentSpread) {
        spreads.push_back(&sel);
      } else if (sel.selection_set != nullptr) {
        to_visit.push_back(sel.selection_set);
      }
    }
  }
  return spreads;
}

std::vector<const ast::Definition*> ValidationContext::RecursivelyReferencedFragments(
    const ast::Definition& operation) const {
  std::vector<const ast::Definition*> out;
  std::unordered_set<std::string_view> collected;
  std::vector<const ast::SelectionSet*> to_visit{operation.selection_set};
  while (!to_visit.empty()) {
    const ast::SelectionSet* s = to_visit.back();
    to_visit.pop_back();
    for (const ast::Selection* spread : FragmentSpreads(*s)) {
      if (!collected.insert(spread->name).second) continue;
      const ast::Definition* frag = Fragment(spread->name);
      if (frag != nullptr) {
        out.push_back(frag);
        to_visit.push_back(frag->selection_set);
      }
    }
  }
  return out;
}

std::vector<VariableUsage> ValidationContext::RecursiveVariableUsages(const ast::Definition& operation) const {
  std::vector<VariableUsage> out;
  auto append = [&](const ast::Definition* d) {
    auto it = usages_.find(d);
    if (it != usages_.end()) out.insert(out.end(), it->second.begin(), it->second.end());
  };
  append(&operation);
  for (const ast::Definition* f : RecursivelyReferencedFragments(operation)) append(f);
  return out;
}

const TypeRef* ValidationContext::Wrap(const Type* named) {
  if (named == nullptr) return nullptr;
  return arena_.New<TypeRef>(TypeRef{TypeRef::Kind::kNamed, named, nullptr});
}

const TypeRef* ValidationContext::TypeFromAst(const ast::Type& node) {
  switch (node.kind) {
    case ast::Type::Kind::kNamed: return Wrap(schema_.FindType(node.name));
    case ast::Type::Kind::kList:
    case ast::Type::Kind::kNonNull: {
      const TypeRef* of = TypeFromAst(*node.of);
      if (of == nullptr) return nullptr;
      auto kind = node.kind == ast::Type::Kind::kList ? TypeRef::Kind::kList : TypeRef::Kind::kNonNull;
      return arena_.New<TypeRef>(TypeRef{kind, of->named, of});
    }
  }
  return nullptr;
}

const Field* ValidationContext::FieldDefinition(const Type* parent, std::string_view name) const {
  if (parent == nullptr) return nullptr;
  if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
    if (name == "__schema" && parent == schema_.query_type()) return schema_.schema_meta_field();
    if (name == "__type" && parent == schema_.query_type()) return schema_.type_meta_field();
    if (name == "__typename" && parent->IsComposite()) return schema_.typename_meta_field();
  }
  if (parent->kind == TypeKind::kObject || parent->kind == TypeKind::kInterface) return parent->FindField(name);
  return nullptr;
}

void ValidationContext::Walk(std::span<Rule* const> rules) {
  rules_ = rules;
  for (Rule* r : rules_) r->EnterDocument(document_);
  for (const auto& d : document_.definitions()) {
    current_definition_ = &d;
    if (d.kind == ast::DefinitionKind::kOperation) {
      WalkOperation(d);
    } else if (d.kind == ast::DefinitionKind::kFragment) {
      WalkFragment(d);
    }
  }
  current_definition_ = nullptr;
  for (Rule* r : rules_) r->LeaveDocument(document_);
}

void ValidationContext::WalkOperation(const ast::Definition& def) {
  const Type* root = schema_.RootType(def.operation);
  type_stack_.push_back(root != nullptr && root->kind == TypeKind::kObject ? Wrap(root) : nullptr);
  for (Rule* r : rules_) r->EnterOperation(def);
  for (const auto& v : def.variables) WalkVariableDefinition(v);
  static constexpr std::string_view kLocations[] = {"QUERY", "MUTATION", "SUBSCRIPTION"};
  WalkDirectives(def.directives, kLocations[static_cast<int>(def.operation)]);
  WalkSelectionSet(*def.selection_set);
  for (Rule* r : rules_) r->LeaveOperation(def);
  type_stack_.pop_back();
}

void ValidationContext::WalkFragment(const ast::Definition& def) {
  const Type* t = schema_.FindType(def.type_condition.name);
  type_stack_.push_back(t != nullptr && t->IsOutput() ? Wrap(t) : nullptr);
  for (Rule* r : rules_) r->EnterFragment(def);
  for (Rule* r : rules_) r->EnterNamedType(def.type_condition.name, def.type_condition.loc);
  WalkDirectives(def.directives, "FRAGMENT_DEFINITION");
  WalkSelectionSet(*def.selection_set);
  type_stack_.pop_back();
}

void ValidationContext::WalkVariableDefinition(const ast::VariableDefinition& def) {
  const TypeRef* t = TypeFromAst(*def.type);
  input_stack_.push_back(t != nullptr && t->named->IsInput() ? t : nullptr);
  for (Rule* r : rules_) r->EnterVariableDefinition(def);
  WalkType(*def.type);
  if (def.default_value != nullptr) {
    bool saved = collect_usages_;
    collect_usages_ = false;
    WalkValue(*def.default_value);
    collect_usages_ = saved;
  }
  WalkDirectives(def.directives, "VARIABLE_DEFINITION");
  input_stack_.pop_back();
}

void ValidationContext::WalkType(const ast::Type& type) {
  if (type.kind == ast::Type::Kind::kNamed) {
    for (Rule* r : rules_) r->EnterNamedType(type.name, type.loc);
  } else {
    WalkType(*type.of);
  }
}

void ValidationContext::WalkSelectionSet(const ast::SelectionSet& set) {
  const TypeRef* t = OutputType();
  const Type* named = t != nullptr ? t->named : nullptr;
  parent_type_stack_.push_back(named != nullptr && named->IsComposite() ? named : nullptr);
  for (Rule* r : rules_) r->EnterSelectionSet(set);
  for (const auto& sel : set.selections) {
    switch (sel.kind) {
      case ast::Selection::Kind::kField:
        WalkField(sel);
        break;
      case ast::Selection::Kind::kInlineFragment:
        WalkInlineFragment(sel);
        break;
      case ast::Selection::Kind::kFragmentSpread:
        for (Rule* r : rules_) r->EnterFragmentSpread(sel);
        WalkDirectives(sel.directives, "FRAGMENT_SPREAD");
        break;
    }
  }
  parent_type_stack_.pop_back();
}

void ValidationContext::WalkField(const ast::Selection& sel) {
  const Field* def = FieldDefinition(ParentType(), sel.name);
  field_stack_.push_back(def);
  type_stack_.push_back(def != nullptr && def->type->named->IsOutput() ? def->type : nullptr);
  for (Rule* r : rules_) r->EnterField(sel);
  WalkArguments(sel.arguments, def != nullptr ? &def->arguments : nullptr);
  WalkDirectives(sel.directives, "FIELD");
  if (sel.selection_set != nullptr) WalkSelectionSet(*sel.selection_set);
  for (Rule* r : rules_) r->LeaveField(sel);
  type_stack_.pop_back();
  field_stack_.pop_back();
}

void ValidationContext::WalkInlineFragment(const ast::Selection& sel) {
  const TypeRef* t;
  if (!sel.type_condition.name.empty()) {
    t = Wrap(schema_.FindType(sel.type_condition.name));
  } else {
    t = OutputType() != nullptr ? Wrap(OutputType()->named) : nullptr;
  }
  type_stack_.push_back(t != nullptr && t->named->IsOutput() ? t : nullptr);
  for (Rule* r : rules_) r->EnterInlineFragment(sel);
  if (!sel.type_condition.name.empty()) {
    for (Rule* r : rules_) r->EnterNamedType(sel.type_condition.name, sel.type_condition.loc);
  }
  WalkDirectives(sel.directives, "INLINE_FRAGMENT");
  WalkSelectionSet(*sel.selection_set);
  type_stack_.pop_back();
}

void ValidationContext::WalkDirectives(std::span<const ast::Directive> directives, std::string_view location) {
  for (const auto& d : directives) {
    directive_ = schema_.FindDirective(d.name);
    in_directive_ = true;
    for (Rule* r : rules_) r->EnterDirective(d, location);
    // graphql-js TypeInfo reads the arguments of an unknown directive against
    // the enclosing field's.
    const std::vector<InputValue>* defs = directive_ != nullptr ? &directive_->arguments
                                          : FieldDef() != nullptr ? &FieldDef()->arguments
                                                                  : nullptr;
    WalkArguments(d.arguments, defs);
    directive_ = schema_.FindDirective(d.name);
    for (Rule* r : rules_) r->LeaveDirective(d);
    directive_ = nullptr;
    in_directive_ = false;
  }
}

void ValidationContext::WalkArguments(std::span<const ast::Argument> args, const std::vector<InputValue>* defs) {
  for (const auto& a : args) {
    const InputValue* def = nullptr;
    if (defs != nullptr) {
      for (const auto& d : *defs) {
        if (d.name == a.name) {
          def = &d;
          break;
        }
      }
    }
    argument_ = def;
    default_stack_.push_back(def != nullptr && def->default_value.has_value());
    input_stack_.push_back(def != nullptr && def->type->named->IsInput() ? def->type : nullptr);
    for (Rule* r : rules_) r->EnterArgument(a);
    WalkValue(*a.value);
    input_stack_.pop_back();
    default_stack_.pop_back();
    argument_ = nullptr;
  }
}

void ValidationContext::WalkValue(const ast::Value& value) {
  switch (value.kind) {
    case ast::ValueKind::kList: {
      const TypeRef* t = InputType();
      if (t != nullptr && t->IsNonNull()) t = t->of;
      const TypeRef* item = t != nullptr && t->IsList() ? t->of : t;
      default_stack_.push_back(false);
      input_stack_.push_back(item != nullptr && item->named->IsInput() ? item : nullptr);
      for (Rule* r : rules_) r->EnterValue(value);
      for (const ast::Value* v : value.list) WalkValue(*v);
      for (Rule* r : rules_) r->LeaveValue(value);
      input_stack_.pop_back();
      default_stack_.pop_back();
      return;
    }
    case ast::ValueKind::kObject: {
      for (Rule* r : rules_) r->EnterValue(value);
      const TypeRef* t = InputType();
      const Type* object = t != nullptr ? t->named : nullptr;
      for (const auto& f : value.fields) {
        const InputValue* field = object != nullptr && object->kind == TypeKind::kInputObject
                                      ? object->FindInputField(f.name)
                                      : nullptr;
        default_stack_.push_back(field != nullptr && field->default_value.has_value());
        input_stack_.push_back(field != nullptr && field->type->named->IsInput() ? field->type : nullptr);
        for (Rule* r : rules_) r->EnterObjectField(f);
        WalkValue(*f.value);
        input_stack_.pop_back();
        default_stack_.pop_back();
      }
      for (Rule* r : rules_) r->LeaveValue(value);
      return;
    }
    default:
      for (Rule* r : rules_) r->EnterValue(value);
      for (Rule* r : rules_) r->LeaveValue(value);
      return;
  }
}

// Records where each variable is used, per definition, before the rules run.
class UsageCollector final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition& d) override { current_ = &d; }
  void EnterFragment(const ast::Definition& d) override { current_ = &d; }
  void EnterVariableDefinition(const ast::VariableDefinition&) override { in_variable_definition_ = true; }
  void EnterSelectionSet(const ast::SelectionSet&) override { in_variable_definition_ = false; }
  void EnterDirective(const ast::Directive&, std::string_view location) override {
    in_variable_definition_ = location == "VARIABLE_DEFINITION";
  }
  void LeaveDirective(const ast::Directive&) override { in_variable_definition_ = false; }
  void EnterValue(const ast::Value& v) override {
    if (v.kind != ast::ValueKind::kVariable || current_ == nullptr) return;
    const TypeRef* parent = ctx_.ParentInputType();
    ctx_.usages()[current_].push_back(
        {&v, ctx_.InputType(), ctx_.HasLocationDefault(),
         parent != nullptr && parent->kind == TypeRef::Kind::kNamed ? parent->named : nullptr});
  }

 private:
  const ast::Definition* current_ = nullptr;
  bool in_variable_definition_ = false;
};

namespace {

// Per definition: its own deepest field nesting, and each spread with the
// nesting it sits at.
struct LocalNesting {
  size_t depth = 0;
  std::vector<std::pair<size_t, std::string_view>> spreads;
};

void MeasureLocal(const ast::SelectionSet& set, size_t level, LocalNesting& out) {
  for (const auto& sel : set.selections) {
    switch (sel.kind) {
      case ast::Selection::Kind::kField:
        out.depth = std::max(out.depth, level + 1);
        if (sel.selection_set != nullptr) MeasureLocal(*sel.selection_set, level + 1, out);  // Parser-bounded.
        break;
      case ast::Selection::Kind::kInlineFragment:
        MeasureLocal(*sel.selection_set, level, out);
        break;
      case ast::Selection::Kind::kFragmentSpread:
        out.spreads.emplace_back(level, sel.name);
        break;
    }
  }
}

}  // namespace

// Fragment chains and field nesting with fragments expanded, computed without
// recursing along fragment spreads: the rules and the executor do recurse
// along them, so both must be bounded before they run. Cycles are left to
// NoFragmentCycles.
NestingReport MeasureNesting(const ValidationContext& ctx) {
  struct Depths {
    size_t chain = 0;
    size_t fields = 0;
  };
  std::unordered_map<const ast::Definition*, LocalNesting> local;
  for (const auto& d : ctx.document().definitions()) {
    if (d.IsExecutable()) MeasureLocal(*d.selection_set, 0, local[&d]);
  }
  std::unordered_map<const ast::Definition*, Depths> done;
  std::unordered_set<const ast::Definition*> in_progress;
  struct Frame {
    const ast::Definition* def;
    size_t next = 0;
    Depths best;
  };
  NestingReport report;
  for (const auto& d : ctx.document().definitions()) {
    if (!d.IsExecutable() || done.count(&d)) continue;
    std::vector<Frame> stack;
    stack.push_back({&d, 0, {0, local[&d].depth}});
    in_progress.insert(&d);
    while (!stack.empty()) {
      Frame& top = stack.back();
      const LocalNesting& info = local[top.def];
      if (top.next < info.spreads.size()) {
        auto [level, name] = info.spreads[top.next++];
        const ast::Definition* frag = ctx.Fragment(name);
        if (frag == nullptr || in_progress.count(frag)) continue;
        auto it = done.find(frag);
        if (it != done.end()) {
          top.best.chain = std::max(top.best.chain, it->second.chain + 1);
          top.best.fields = std::max(top.best.fields, level + it->second.fields);
          continue;
        }
        in_progress.insert(frag);
        stack.push_back({frag, 0, {0, local[frag].depth}});
        continue;
      }
      Depths finished = top.best;
      const ast::Definition* def = top.def;
      stack.pop_back();
      done[def] = finished;
      in_progress.erase(def);
      if (finished.chain > report.fragment_depth) {
        report.fragment_depth = finished.chain;
        report.fragment_loc = def->loc;
      }
      if (finished.fields > report.field_depth) {
        report.field_depth = finished.fields;
        report.field_loc = def->loc;
      }
      if (!stack.empty()) {
        // The spread just finished is the one before `next` in the parent.
        Frame& parent = stack.back();
        size_t level = local[parent.def].spreads[parent.next - 1].first;
        parent.best.chain = std::max(parent.best.chain, finished.chain + 1);
        parent.best.fields = std::max(parent.best.fields, level + finished.fields);
      }
    }
  }
  return report;
}

}  // namespace parfumerie::graphql::impl

namespace parfumerie::graphql {

std::vector<Error> Validate(const Schema& schema, const Document& document, const Limits& limits) {
  impl::ValidationContext ctx(schema, document, limits);
  if (!schema.located_validation_errors().empty()) return schema.located_validation_errors();
  impl::NestingReport nesting = impl::MeasureNesting(ctx);
  if (limits.max_fragment_depth != 0 && nesting.fragment_depth > limits.max_fragment_depth) {
    return {Error{"Fragment spreads nest " + std::to_string(nesting.fragment_depth) + " levels deep, more than " +
                      std::to_string(limits.max_fragment_depth) + " (limit max_fragment_depth).",
                  {document.Position(nesting.fragment_loc)}, {}, {}}};
  }
  // Deeper selections would make execution recurse without bound; when the
  // host switched the limit off, a fixed ceiling still applies.
  size_t depth_limit = limits.max_selection_depth != 0 ? limits.max_selection_depth : impl::kMaxExpandedDepth;
  if (nesting.field_depth > depth_limit) {
    return {Error{"The operation has " + std::to_string(nesting.field_depth) + " levels of selection, more than " +
                      std::to_string(depth_limit) + " (limit max_selection_depth).",
                  {document.Position(nesting.field_loc)}, {}, {}}};
  }
  impl::UsageCollector collector(ctx);
  impl::Rule* collect[] = {&collector};
  ctx.Walk(collect);
  auto rules = impl::MakeSpecifiedRules(ctx);
  std::vector<impl::Rule*> pointers;
  for (auto& r : rules) pointers.push_back(r.get());
  try {
    ctx.Walk(pointers);
  } catch (const impl::ValidationAborted&) {
  }
  return ctx.TakeErrors();
}

}  // namespace parfumerie::graphql

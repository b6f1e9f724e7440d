// The validation rules of the specification (section 5), one class each, in
// graphql-js specifiedRules order; messages and locations follow graphql-js.
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "graphql/impl/schema_validation.h"
#include "graphql/impl/suggestions.h"
#include "graphql/impl/validation_context.h"
#include "graphql/impl/values.h"

namespace parfumerie::graphql::impl {
namespace {

std::string Str(std::string_view s) { return std::string(s); }

std::vector<std::string> FieldNames(const Type& t) {
  std::vector<std::string> out;
  if (t.kind == TypeKind::kObject || t.kind == TypeKind::kInterface) {
    for (const auto& f : t.fields) out.push_back(f.name);
  } else if (t.kind == TypeKind::kInputObject) {
    for (const auto& f : t.input_fields) out.push_back(f.name);
  }
  return out;
}

std::vector<std::string> ArgumentNames(const std::vector<InputValue>& args) {
  std::vector<std::string> out;
  for (const auto& a : args) out.push_back(a.name);
  return out;
}

std::string PrintAstType(const ast::Type& t) {
  switch (t.kind) {
    case ast::Type::Kind::kNamed: return Str(t.name);
    case ast::Type::Kind::kList: return "[" + PrintAstType(*t.of) + "]";
    case ast::Type::Kind::kNonNull: return PrintAstType(*t.of) + "!";
  }
  return {};
}

class ExecutableDefinitions final : public Rule {
 public:
  using Rule::Rule;
  void EnterDocument(const Document& doc) override {
    for (const auto& d : doc.definitions()) {
      if (d.IsExecutable()) continue;
      std::string name = "schema";
      if (d.kind != ast::DefinitionKind::kSchema) {
        name = "\"";  // Built up rather than "\"" + ...: GCC 12 warns (-Wrestrict) on that spuriously.
        name += d.name;
        name += '"';
      }
      ctx_.Report("The " + name + " definition is not executable.", {d.loc});
    }
  }
};

class UniqueOperationNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition& d) override {
    if (d.name.empty()) return;
    auto [it, inserted] = known_.emplace(d.name, d.name_loc);
    if (!inserted) ctx_.Report("There can be only one operation named \"" + Str(d.name) + "\".", {it->second, d.name_loc});
  }

 private:
  std::unordered_map<std::string_view, uint32_t> known_;
};

class LoneAnonymousOperation final : public Rule {
 public:
  using Rule::Rule;
  void EnterDocument(const Document& doc) override {
    for (const auto& d : doc.definitions()) count_ += d.kind == ast::DefinitionKind::kOperation;
  }
  void EnterOperation(const ast::Definition& d) override {
    if (d.name.empty() && count_ > 1) ctx_.Report("This anonymous operation must be the only defined operation.", {d.loc});
  }

 private:
  int count_ = 0;
};

// Collects the root fields with no variable values, as graphql-js 16 does: a
// root-level @skip/@include whose `if` is a variable cannot be decided, and
// graphql-js fails the whole validation with the error CollectFields gives
// for a missing runtime value; it is reported here as that error.
class SingleFieldSubscriptions final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition& d) override {
    if (d.operation != ast::OperationType::kSubscription) return;
    const Type* root = ctx_.schema().subscription_type();
    if (root == nullptr) return;
    std::vector<std::pair<std::string_view, std::vector<const ast::Selection*>>> fields;
    std::unordered_set<std::string_view> visited;
    const ast::Value* undecided = nullptr;
    Collect(*root, *d.selection_set, fields, visited, undecided);
    if (undecided != nullptr) {
      ctx_.Report("Argument \"if\" of required type \"Boolean!\" was provided the variable \"$" + Str(undecided->text) +
                      "\" which was not provided a runtime value.",
                  {undecided->loc});
      return;
    }
    std::string who = d.name.empty() ? "Anonymous Subscription" : "Subscription \"" + Str(d.name) + "\"";
    if (fields.size() > 1) {
      std::vector<uint32_t> locs;
      for (size_t i = 1; i < fields.size(); ++i) {
        for (const auto* s : fields[i].second) locs.push_back(s->loc);
      }
      ctx_.Report(who + " must select only one top level field.", locs);
    }
    for (const auto& [key, nodes] : fields) {
      if (nodes[0]->name.starts_with("__")) {
        std::vector<uint32_t> locs;
        for (const auto* s : nodes) locs.push_back(s->loc);
        ctx_.Report(who + " must not select an introspection top level field.", locs);
      }
    }
  }

 private:
  // graphql-js shouldIncludeNode() without variables: the first @skip, then
  // the first @include; a variable `if` sets `undecided` and excludes.
  static bool Included(std::span<const ast::Directive> directives, const ast::Value*& undecided) {
    for (const char* name : {"skip", "include"}) {
      for (const auto& d : directives) {
        if (d.name != name) continue;
        for (const auto& a : d.arguments) {
          if (a.name != "if") continue;
          if (a.value->kind == ast::ValueKind::kVariable) {
            undecided = a.value;
            return false;
          }
          if (a.value->kind == ast::ValueKind::kBoolean && a.value->boolean == (d.name == "skip")) return false;
        }
        break;
      }
    }
    return true;
  }
  void Collect(const Type& type, const ast::SelectionSet& set,
               std::vector<std::pair<std::string_view, std::vector<const ast::Selection*>>>& fields,
               std::unordered_set<std::string_view>& visited, const ast::Value*& undecided) {
    for (const auto& sel : set.selections) {
      if (undecided != nullptr) return;
      if (sel.kind == ast::Selection::Kind::kFragmentSpread && visited.count(sel.name)) continue;
      if (!Included(sel.directives, undecided)) continue;
      if (sel.kind == ast::Selection::Kind::kField) {
        auto key = sel.ResponseName();
        bool found = false;
        for (auto& f : fields) {
          if (f.first == key) {
            f.second.push_back(&sel);
            found = true;
            break;
          }
        }
        if (!found) fields.push_back({key, {&sel}});
      } else if (sel.kind == ast::Selection::Kind::kInlineFragment) {
        if (!Applies(type, sel.type_condition.name)) continue;
        Collect(type, *sel.selection_set, fields, visited, undecided);
      } else {
        visited.insert(sel.name);
        const ast::Definition* frag = ctx_.Fragment(sel.name);
        if (frag == nullptr || !Applies(type, frag->type_condition.name)) continue;
        Collect(type, *frag->selection_set, fields, visited, undecided);
      }
    }
  }
  bool Applies(const Type& type, std::string_view condition) const {
    if (condition.empty()) return true;
    const Type* c = ctx_.schema().FindType(condition);
    if (c == nullptr) return false;
    return c == &type || (c->IsAbstract() && c->IsPossibleType(&type));
  }
};

class KnownTypeNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterNamedType(std::string_view name, uint32_t loc) override {
    if (ctx_.schema().FindType(name) != nullptr) return;
    std::vector<std::string> names;
    for (const Type* t : ctx_.schema().types()) names.push_back(t->name);
    ctx_.Report("Unknown type \"" + Str(name) + "\"." + DidYouMean(SuggestionList(name, names)), {loc});
  }
};

class FragmentsOnCompositeTypes final : public Rule {
 public:
  using Rule::Rule;
  void EnterInlineFragment(const ast::Selection& sel) override {
    if (sel.type_condition.name.empty()) return;
    const Type* t = ctx_.schema().FindType(sel.type_condition.name);
    if (t != nullptr && !t->IsComposite()) {
      ctx_.Report("Fragment cannot condition on non composite type \"" + t->name + "\".", {sel.type_condition.loc});
    }
  }
  void EnterFragment(const ast::Definition& d) override {
    const Type* t = ctx_.schema().FindType(d.type_condition.name);
    if (t != nullptr && !t->IsComposite()) {
      ctx_.Report("Fragment \"" + Str(d.name) + "\" cannot condition on non composite type \"" + t->name + "\".",
                  {d.type_condition.loc});
    }
  }
};

class VariablesAreInputTypes final : public Rule {
 public:
  using Rule::Rule;
  void EnterVariableDefinition(const ast::VariableDefinition& v) override {
    const TypeRef* t = ctx_.TypeFromAst(*v.type);
    if (t != nullptr && !t->named->IsInput()) {
      ctx_.Report("Variable \"$" + Str(v.name) + "\" cannot be non-input type \"" + PrintAstType(*v.type) + "\".",
                  {v.type->loc});
    }
  }
};

class ScalarLeafs final : public Rule {
 public:
  using Rule::Rule;
  void EnterField(const ast::Selection& sel) override {
    const TypeRef* t = ctx_.OutputType();
    if (t == nullptr) return;
    if (t->named->IsLeaf()) {
      if (sel.selection_set != nullptr) {
        ctx_.Report("Field \"" + Str(sel.name) + "\" must not have a selection since type \"" + t->ToString() +
                        "\" has no subfields.",
                    {sel.selection_set->loc});
      }
    } else if (sel.selection_set == nullptr) {
      ctx_.Report("Field \"" + Str(sel.name) + "\" of type \"" + t->ToString() +
                      "\" must have a selection of subfields. Did you mean \"" + Str(sel.name) + " { ... }\"?",
                  {sel.loc});
    }
  }
};

class FieldsOnCorrectType final : public Rule {
 public:
  using Rule::Rule;
  void EnterField(const ast::Selection& sel) override {
    const Type* parent = ctx_.ParentType();
    if (parent == nullptr || ctx_.FieldDef() != nullptr) return;
    std::vector<std::string> types = SuggestedTypes(*parent, sel.name);
    std::string hint = !types.empty() ? DidYouMean(types, "to use an inline fragment on")
                                      : DidYouMean(SuggestionList(sel.name, FieldNames(*parent)));
    ctx_.Report("Cannot query field \"" + Str(sel.name) + "\" on type \"" + parent->name + "\"." + hint, {sel.loc});
  }

 private:
  // Types of an abstract parent that do have the field, most used first.
  static std::vector<std::string> SuggestedTypes(const Type& parent, std::string_view field) {
    if (!parent.IsAbstract()) return {};
    std::vector<const Type*> types;
    std::unordered_map<const Type*, int> usage;
    for (const Type* possible : parent.possible_types) {
      if (possible->FindField(field) == nullptr) continue;
      if (!usage.count(possible)) types.push_back(possible);
      usage[possible] = 1;
      for (const Type* iface : possible->interfaces) {
        if (iface->FindField(field) == nullptr) continue;
        if (!usage.count(iface)) types.push_back(iface);
        usage[iface] += 1;
      }
    }
    auto implements = [](const Type* iface, const Type* t) {
      if (t->kind == TypeKind::kObject) return iface->IsPossibleType(t);
      for (const Type* i : t->interfaces) {
        if (i == iface) return true;
      }
      return false;
    };
    std::stable_sort(types.begin(), types.end(), [&](const Type* a, const Type* b) {
      if (usage[a] != usage[b]) return usage[a] > usage[b];
      if (a->kind == TypeKind::kInterface && implements(a, b)) return true;
      if (b->kind == TypeKind::kInterface && implements(b, a)) return false;
      return a->name < b->name;
    });
    std::vector<std::string> names;
    for (const Type* t : types) names.push_back(t->name);
    return names;
  }
};

class UniqueFragmentNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterFragment(const ast::Definition& d) override {
    auto [it, inserted] = known_.emplace(d.name, d.name_loc);
    if (!inserted) ctx_.Report("There can be only one fragment named \"" + Str(d.name) + "\".", {it->second, d.name_loc});
  }

 private:
  std::unordered_map<std::string_view, uint32_t> known_;
};

class KnownFragmentNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterFragmentSpread(const ast::Selection& sel) override {
    if (ctx_.Fragment(sel.name) == nullptr) ctx_.Report("Unknown fragment \"" + Str(sel.name) + "\".", {sel.name_loc});
  }
};

class NoUnusedFragments final : public Rule {
 public:
  using Rule::Rule;
  void LeaveDocument(const Document& doc) override {
    std::unordered_set<std::string_view> used;
    for (const auto& d : doc.definitions()) {
      if (d.kind != ast::DefinitionKind::kOperation) continue;
      for (const auto* f : ctx_.RecursivelyReferencedFragments(d)) used.insert(f->name);
    }
    for (const auto& d : doc.definitions()) {
      if (d.kind == ast::DefinitionKind::kFragment && !used.count(d.name)) {
        ctx_.Report("Fragment \"" + Str(d.name) + "\" is never used.", {d.loc});
      }
    }
  }
};

bool TypesOverlap(const Type* a, const Type* b) {
  if (a == b) return true;
  if (a->IsAbstract()) {
    if (b->IsAbstract()) {
      for (const Type* t : a->possible_types) {
        if (b->IsPossibleType(t)) return true;
      }
      return false;
    }
    return a->IsPossibleType(b);
  }
  if (b->IsAbstract()) return b->IsPossibleType(a);
  return false;
}

class PossibleFragmentSpreads final : public Rule {
 public:
  using Rule::Rule;
  void EnterInlineFragment(const ast::Selection& sel) override {
    const TypeRef* frag = ctx_.OutputType();
    const Type* parent = ctx_.ParentType();
    if (frag == nullptr || parent == nullptr || !frag->named->IsComposite() || !parent->IsComposite()) return;
    if (!TypesOverlap(frag->named, parent)) {
      ctx_.Report("Fragment cannot be spread here as objects of type \"" + parent->name +
                      "\" can never be of type \"" + frag->named->name + "\".",
                  {sel.loc});
    }
  }
  void EnterFragmentSpread(const ast::Selection& sel) override {
    const ast::Definition* d = ctx_.Fragment(sel.name);
    if (d == nullptr) return;
    const Type* frag = ctx_.schema().FindType(d->type_condition.name);
    const Type* parent = ctx_.ParentType();
    if (frag == nullptr || parent == nullptr || !frag->IsComposite()) return;
    if (!TypesOverlap(frag, parent)) {
      ctx_.Report("Fragment \"" + Str(sel.name) + "\" cannot be spread here as objects of type \"" + parent->name +
                      "\" can never be of type \"" + frag->name + "\".",
                  {sel.loc});
    }
  }
};

class NoFragmentCycles final : public Rule {
 public:
  using Rule::Rule;
  void EnterFragment(const ast::Definition& d) override { Detect(d); }

 private:
  void Detect(const ast::Definition& fragment) {
    if (!visited_.insert(fragment.name).second) return;
    auto spreads = ctx_.FragmentSpreads(*fragment.selection_set);
    if (spreads.empty()) return;
    index_[fragment.name] = static_cast<int>(path_.size());
    for (const ast::Selection* spread : spreads) {
      auto it = index_.find(spread->name);
      int cycle = it == index_.end() ? -1 : it->second;
      path_.push_back(spread);
      if (cycle < 0) {
        const ast::Definition* next = ctx_.Fragment(spread->name);
        if (next != nullptr) Detect(*next);
      } else {
        std::string via;
        std::vector<uint32_t> locs;
        for (size_t i = cycle; i < path_.size(); ++i) {
          locs.push_back(path_[i]->loc);
          if (i + 1 < path_.size()) via += (via.empty() ? "" : ", ") + ("\"" + Str(path_[i]->name) + "\"");
        }
        ctx_.Report("Cannot spread fragment \"" + Str(spread->name) + "\" within itself" +
                        (via.empty() ? "." : " via " + via + "."),
                    locs);
      }
      path_.pop_back();
    }
    index_.erase(fragment.name);
  }

  std::unordered_set<std::string_view> visited_;
  std::vector<const ast::Selection*> path_;
  std::unordered_map<std::string_view, int> index_;
};

class UniqueVariableNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition& d) override {
    std::vector<std::pair<std::string_view, std::vector<uint32_t>>> groups;
    for (const auto& v : d.variables) {
      bool found = false;
      for (auto& g : groups) {
        if (g.first == v.name) {
          g.second.push_back(v.name_loc);
          found = true;
        }
      }
      if (!found) groups.push_back({v.name, {v.name_loc}});
    }
    for (const auto& [name, locs] : groups) {
      if (locs.size() > 1) ctx_.Report("There can be only one variable named \"$" + Str(name) + "\".", locs);
    }
  }
};

class NoUndefinedVariables final : public Rule {
 public:
  using Rule::Rule;
  void LeaveOperation(const ast::Definition& d) override {
    std::unordered_set<std::string_view> defined;
    for (const auto& v : d.variables) defined.insert(v.name);
    std::unordered_set<const ast::Value*> reported;
    for (const auto& u : ctx_.RecursiveVariableUsages(d)) {
      if (defined.count(u.node->text)) continue;
      std::string msg = "Variable \"$" + Str(u.node->text) + "\" is not defined";
      msg += d.name.empty() ? "." : " by operation \"" + Str(d.name) + "\".";
      ctx_.Report(msg, {u.node->loc, d.loc});
    }
  }
};

class NoUnusedVariables final : public Rule {
 public:
  using Rule::Rule;
  void LeaveOperation(const ast::Definition& d) override {
    std::unordered_set<std::string_view> used;
    for (const auto& u : ctx_.RecursiveVariableUsages(d)) used.insert(u.node->text);
    for (const auto& v : d.variables) {
      if (used.count(v.name)) continue;
      std::string msg = "Variable \"$" + Str(v.name) + "\" is never used";
      msg += d.name.empty() ? "." : " in operation \"" + Str(d.name) + "\".";
      ctx_.Report(msg, {v.loc});
    }
  }
};

class KnownDirectives final : public Rule {
 public:
  using Rule::Rule;
  void EnterDirective(const ast::Directive& d, std::string_view location) override {
    const DirectiveDefinition* def = ctx_.Directive();
    if (def == nullptr) {
      ctx_.Report("Unknown directive \"@" + Str(d.name) + "\".", {d.loc});
      return;
    }
    if (!def->HasLocation(location)) {
      ctx_.Report("Directive \"@" + Str(d.name) + "\" may not be used on " + Str(location) + ".", {d.loc});
    }
  }
};

void CheckUniqueDirectives(ValidationContext& ctx, std::span<const ast::Directive> directives) {
  std::unordered_map<std::string_view, uint32_t> seen;
  for (const auto& d : directives) {
    const DirectiveDefinition* def = ctx.schema().FindDirective(d.name);
    if (def == nullptr || def->repeatable) continue;
    auto [it, inserted] = seen.emplace(d.name, d.loc);
    if (!inserted) {
      ctx.Report("The directive \"@" + Str(d.name) + "\" can only be used once at this location.", {it->second, d.loc});
    }
  }
}

class UniqueDirectivesPerLocation final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition& d) override { CheckUniqueDirectives(ctx_, d.directives); }
  void EnterFragment(const ast::Definition& d) override { CheckUniqueDirectives(ctx_, d.directives); }
  void EnterVariableDefinition(const ast::VariableDefinition& v) override { CheckUniqueDirectives(ctx_, v.directives); }
  void EnterField(const ast::Selection& s) override { CheckUniqueDirectives(ctx_, s.directives); }
  void EnterInlineFragment(const ast::Selection& s) override { CheckUniqueDirectives(ctx_, s.directives); }
  void EnterFragmentSpread(const ast::Selection& s) override { CheckUniqueDirectives(ctx_, s.directives); }
};

class KnownArgumentNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterArgument(const ast::Argument& a) override {
    if (ctx_.ArgumentDef() != nullptr || ctx_.InDirective()) return;
    const Field* field = ctx_.FieldDef();
    const Type* parent = ctx_.ParentType();
    if (field != nullptr && parent != nullptr) {
      ctx_.Report("Unknown argument \"" + Str(a.name) + "\" on field \"" + parent->name + "." + field->name + "\"." +
                      DidYouMean(SuggestionList(a.name, ArgumentNames(field->arguments))),
                  {a.loc});
    }
  }
  void EnterDirective(const ast::Directive& d, std::string_view) override {
    const DirectiveDefinition* def = ctx_.Directive();
    if (def == nullptr) return;
    for (const auto& a : d.arguments) {
      if (def->FindArgument(a.name) == nullptr) {
        ctx_.Report("Unknown argument \"" + Str(a.name) + "\" on directive \"@" + Str(d.name) + "\"." +
                        DidYouMean(SuggestionList(a.name, ArgumentNames(def->arguments))),
                    {a.loc});
      }
    }
  }
};

void CheckUniqueArguments(ValidationContext& ctx, std::span<const ast::Argument> args) {
  std::vector<std::pair<std::string_view, std::vector<uint32_t>>> groups;
  for (const auto& a : args) {
    bool found = false;
    for (auto& g : groups) {
      if (g.first == a.name) {
        g.second.push_back(a.loc);
        found = true;
      }
    }
    if (!found) groups.push_back({a.name, {a.loc}});
  }
  for (const auto& [name, locs] : groups) {
    if (locs.size() > 1) ctx.Report("There can be only one argument named \"" + Str(name) + "\".", locs);
  }
}

class UniqueArgumentNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterField(const ast::Selection& s) override { CheckUniqueArguments(ctx_, s.arguments); }
  void EnterDirective(const ast::Directive& d, std::string_view) override { CheckUniqueArguments(ctx_, d.arguments); }
};

class ValuesOfCorrectType final : public Rule {
 public:
  using Rule::Rule;
  void EnterValue(const ast::Value& v) override {
    if (skipping_ != nullptr) return;
    switch (v.kind) {
      case ast::ValueKind::kList: {
        const TypeRef* t = ctx_.ParentInputType();
        if (t != nullptr && t->IsNonNull()) t = t->of;
        if (t == nullptr || !t->IsList()) {
          CheckLeaf(v);
          skipping_ = &v;
        }
        return;
      }
      case ast::ValueKind::kObject: {
        const TypeRef* t = ctx_.InputType();
        const Type* named = t != nullptr ? t->named : nullptr;
        if (named == nullptr || named->kind != TypeKind::kInputObject) {
          CheckLeaf(v);
          skipping_ = &v;
          return;
        }
        for (const InputValue& f : named->input_fields) {
          bool present = false;
          for (const auto& of : v.fields) present |= of.name == f.name;
          if (!present && f.type->IsNonNull() && !f.default_value) {
            ctx_.Report("Field \"" + named->name + "." + f.name + "\" of required type \"" + f.type->ToString() +
                            "\" was not provided.",
                        {v.loc});
          }
        }
        if (named->one_of) {
          std::vector<const ast::ObjectField*> unique;
          for (const auto& of : v.fields) {
            bool dup = false;
            for (const auto* u : unique) dup |= u->name == of.name;
            if (!dup) unique.push_back(&of);
          }
          if (unique.size() != 1) {
            ctx_.Report("OneOf Input Object \"" + named->name + "\" must specify exactly one key.", {v.loc});
          } else {
            // keyMap keeps the last field of a repeated name.
            const ast::ObjectField* last = nullptr;
            for (const auto& of : v.fields) {
              if (of.name == unique[0]->name) last = &of;
            }
            if (last->value->kind == ast::ValueKind::kNull) {
              ctx_.Report("Field \"" + named->name + "." + Str(last->name) + "\" must be non-null.", {v.loc});
            }
          }
        }
        return;
      }
      case ast::ValueKind::kNull: {
        const TypeRef* t = ctx_.InputType();
        if (t != nullptr && t->IsNonNull()) {
          ctx_.Report("Expected value of type \"" + t->ToString() + "\", found null.", {v.loc});
        }
        return;
      }
      case ast::ValueKind::kVariable:
        return;
      default:
        CheckLeaf(v);
    }
  }
  void LeaveValue(const ast::Value& v) override {
    if (skipping_ == &v) skipping_ = nullptr;
  }
  void EnterObjectField(const ast::ObjectField& f) override {
    if (skipping_ != nullptr) return;
    const TypeRef* parent = ctx_.ParentInputType();
    if (ctx_.InputType() == nullptr && parent != nullptr && parent->named->kind == TypeKind::kInputObject) {
      ctx_.Report("Field \"" + Str(f.name) + "\" is not defined by type \"" + parent->named->name + "\"." +
                      DidYouMean(SuggestionList(f.name, FieldNames(*parent->named))),
                  {f.loc});
    }
  }

 private:
  void CheckLeaf(const ast::Value& v) {
    const TypeRef* t = ctx_.InputType();
    if (t == nullptr) return;
    const Type& named = *t->named;
    if (!named.IsLeaf()) {
      ctx_.Report("Expected value of type \"" + t->ToString() + "\", found " + PrintLiteral(v) + ".", {v.loc});
      return;
    }
    std::string error;
    if (!IsValidLeafLiteral(named, v, error)) {
      std::string msg = "Expected value of type \"" + t->ToString() + "\", found " + PrintLiteral(v) + ".";
      if (named.kind == TypeKind::kEnum) {
        std::vector<std::string> values;
        for (const auto& ev : named.enum_values) values.push_back(ev.name);
        msg = error + DidYouMean(SuggestionList(PrintLiteral(v), values), "the enum value");
      } else if (named.scalar != ScalarKind::kCustom) {
        msg = error;
      }
      ctx_.Report(msg, {v.loc});
    }
  }

  const ast::Value* skipping_ = nullptr;
};

class ProvidedRequiredArguments final : public Rule {
 public:
  using Rule::Rule;
  void LeaveField(const ast::Selection& s) override {
    const Field* def = ctx_.FieldDef();
    if (def == nullptr) return;
    for (const InputValue& a : def->arguments) {
      if (!a.type->IsNonNull() || a.default_value) continue;
      bool provided = false;
      for (const auto& arg : s.arguments) provided |= arg.name == a.name;
      if (!provided) {
        ctx_.Report("Field \"" + def->name + "\" argument \"" + a.name + "\" of type \"" + a.type->ToString() +
                        "\" is required, but it was not provided.",
                    {s.loc});
      }
    }
  }
  void LeaveDirective(const ast::Directive& d) override {
    const DirectiveDefinition* def = ctx_.Directive();
    if (def == nullptr) return;
    for (const InputValue& a : def->arguments) {
      if (!a.type->IsNonNull() || a.default_value) continue;
      bool provided = false;
      for (const auto& arg : d.arguments) provided |= arg.name == a.name;
      if (!provided) {
        ctx_.Report("Directive \"@" + def->name + "\" argument \"" + a.name + "\" of type \"" + a.type->ToString() +
                        "\" is required, but it was not provided.",
                    {d.loc});
      }
    }
  }
};

class VariablesInAllowedPosition final : public Rule {
 public:
  using Rule::Rule;
  void EnterOperation(const ast::Definition&) override { defs_.clear(); }
  void EnterVariableDefinition(const ast::VariableDefinition& v) override { defs_[v.name] = &v; }
  void LeaveOperation(const ast::Definition& d) override {
    for (const auto& u : ctx_.RecursiveVariableUsages(d)) {
      auto it = defs_.find(u.node->text);
      if (it == defs_.end() || u.type == nullptr) continue;
      const ast::VariableDefinition& def = *it->second;
      const TypeRef* var_type = ctx_.TypeFromAst(*def.type);
      if (var_type == nullptr) continue;
      if (!Allowed(*var_type, def.default_value, *u.type, u.has_location_default)) {
        ctx_.Report("Variable \"$" + Str(u.node->text) + "\" of type \"" + var_type->ToString() +
                        "\" used in position expecting type \"" + u.type->ToString() + "\".",
                    {def.loc, u.node->loc});
      }
      if (u.parent_input_type != nullptr && u.parent_input_type->kind == TypeKind::kInputObject &&
          u.parent_input_type->one_of && !var_type->IsNonNull()) {
        ctx_.Report("Variable \"$" + Str(u.node->text) + "\" is of type \"" + var_type->ToString() +
                        "\" but must be non-nullable to be used for OneOf Input Object \"" +
                        u.parent_input_type->name + "\".",
                    {def.loc, u.node->loc});
      }
    }
  }

 private:
  static bool Allowed(const TypeRef& var_type, const ast::Value* var_default, const TypeRef& location_type,
                      bool has_location_default) {
    if (location_type.IsNonNull() && !var_type.IsNonNull()) {
      bool has_non_null_default = var_default != nullptr && var_default->kind != ast::ValueKind::kNull;
      if (!has_non_null_default && !has_location_default) return false;
      return IsTypeSubTypeOf(var_type, *location_type.of);
    }
    return IsTypeSubTypeOf(var_type, location_type);
  }
  std::unordered_map<std::string_view, const ast::VariableDefinition*> defs_;
};

class UniqueInputFieldNames final : public Rule {
 public:
  using Rule::Rule;
  void EnterValue(const ast::Value& v) override {
    if (v.kind == ast::ValueKind::kObject) stack_.emplace_back();
  }
  void LeaveValue(const ast::Value& v) override {
    if (v.kind == ast::ValueKind::kObject) stack_.pop_back();
  }
  void EnterObjectField(const ast::ObjectField& f) override {
    auto [it, inserted] = stack_.back().emplace(f.name, f.loc);
    if (!inserted) ctx_.Report("There can be only one input field named \"" + Str(f.name) + "\".", {it->second, f.loc});
  }

 private:
  std::vector<std::unordered_map<std::string_view, uint32_t>> stack_;
};

class MaxIntrospectionDepth final : public Rule {
 public:
  using Rule::Rule;
  void EnterField(const ast::Selection& s) override {
    if (s.name != "__schema" && s.name != "__type") return;
    std::unordered_set<std::string_view> visited;
    budget_ = 100000;
    if (Exceeds(s, visited, 0)) ctx_.Report("Maximum introspection depth exceeded", {s.loc});
  }

 private:
  bool Exceeds(const ast::Selection& node, std::unordered_set<std::string_view>& visited, int depth) {
    if (--budget_ < 0) return true;
    if (node.kind == ast::Selection::Kind::kFragmentSpread) {
      if (visited.count(node.name)) return false;
      const ast::Definition* frag = ctx_.Fragment(node.name);
      if (frag == nullptr) return false;
      visited.insert(node.name);
      bool result = false;
      for (const auto& child : frag->selection_set->selections) {
        if (Exceeds(child, visited, depth)) {
          result = true;
          break;
        }
      }
      visited.erase(node.name);
      return result;
    }
    if (node.kind == ast::Selection::Kind::kField &&
        (node.name == "fields" || node.name == "interfaces" || node.name == "possibleTypes" ||
         node.name == "inputFields")) {
      if (++depth >= 3) return true;
    }
    if (node.selection_set != nullptr) {
      for (const auto& child : node.selection_set->selections) {
        if (Exceeds(child, visited, depth)) return true;
      }
    }
    return false;
  }
  long budget_ = 0;
};

}  // namespace

std::vector<std::unique_ptr<Rule>> MakeSpecifiedRules(ValidationContext& c) {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<ExecutableDefinitions>(c));
  rules.push_back(std::make_unique<UniqueOperationNames>(c));
  rules.push_back(std::make_unique<LoneAnonymousOperation>(c));
  rules.push_back(std::make_unique<SingleFieldSubscriptions>(c));
  rules.push_back(std::make_unique<KnownTypeNames>(c));
  rules.push_back(std::make_unique<FragmentsOnCompositeTypes>(c));
  rules.push_back(std::make_unique<VariablesAreInputTypes>(c));
  rules.push_back(std::make_unique<ScalarLeafs>(c));
  rules.push_back(std::make_unique<FieldsOnCorrectType>(c));
  rules.push_back(std::make_unique<UniqueFragmentNames>(c));
  rules.push_back(std::make_unique<KnownFragmentNames>(c));
  rules.push_back(std::make_unique<NoUnusedFragments>(c));
  rules.push_back(std::make_unique<PossibleFragmentSpreads>(c));
  rules.push_back(std::make_unique<NoFragmentCycles>(c));
  rules.push_back(std::make_unique<UniqueVariableNames>(c));
  rules.push_back(std::make_unique<NoUndefinedVariables>(c));
  rules.push_back(std::make_unique<NoUnusedVariables>(c));
  rules.push_back(std::make_unique<KnownDirectives>(c));
  rules.push_back(std::make_unique<UniqueDirectivesPerLocation>(c));
  rules.push_back(std::make_unique<KnownArgumentNames>(c));
  rules.push_back(std::make_unique<UniqueArgumentNames>(c));
  rules.push_back(std::make_unique<ValuesOfCorrectType>(c));
  rules.push_back(std::make_unique<ProvidedRequiredArguments>(c));
  rules.push_back(std::make_unique<VariablesInAllowedPosition>(c));
  rules.push_back(MakeOverlappingFieldsRule(c));
  rules.push_back(std::make_unique<UniqueInputFieldNames>(c));
  rules.push_back(std::make_unique<MaxIntrospectionDepth>(c));
  if (auto limits = MakeLimitsRule(c)) rules.push_back(std::move(limits));
  return rules;
}

}  // namespace parfumerie::graphql::impl

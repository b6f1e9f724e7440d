// The configurable abuse limits of Limits that graphql-js does not have:
// aliases, directives per location and cost, each counted per operation with
// fragments expanded (selection depth is checked before any rule runs).
#include <unordered_set>

#include "graphql/impl/validation_context.h"

namespace parfumerie::graphql::impl {
namespace {

class LimitsRule final : public Rule {
 public:
  using Rule::Rule;

  void EnterOperation(const ast::Definition& d) override {
    const Limits& l = ctx_.limits();
    if (!l.introspection) CheckIntrospection(*d.selection_set);
    if (l.max_aliases == 0 && l.max_cost == 0 && l.max_directives_per_location == 0) {
      return;
    }
    aliases_ = cost_ = 0;
    steps_ = 0;
    std::unordered_set<std::string_view> active;
    Measure(*d.selection_set, 1, active);
    CheckDirectives(d.directives, d.loc);
    auto over = [&](size_t value, size_t limit, const char* what, const char* name) {
      if (limit != 0 && value > limit) {
        ctx_.Report("The operation has " + std::to_string(value) + " " + what + ", more than " + std::to_string(limit) +
                        " (limit " + name + ").",
                    {d.loc});
      }
    };
    over(aliases_, l.max_aliases, "aliases", "max_aliases");
    over(cost_, l.max_cost, "field selections", "max_cost");
  }

 private:
  void CheckDirectives(std::span<const ast::Directive> directives, uint32_t loc) {
    size_t limit = ctx_.limits().max_directives_per_location;
    if (limit != 0 && directives.size() > limit) {
      ctx_.Report("A location has " + std::to_string(directives.size()) + " directives, more than " +
                      std::to_string(limit) + " (limit max_directives_per_location).",
                  {loc});
    }
  }

  void Measure(const ast::SelectionSet& set, size_t depth, std::unordered_set<std::string_view>& active) {
    if (++steps_ > 1000000) return;  // Fragments reused many times: the counts are already far over.
    for (const auto& sel : set.selections) {
      CheckDirectives(sel.directives, sel.loc);
      switch (sel.kind) {
        case ast::Selection::Kind::kField:
          ++cost_;
          if (!sel.alias.empty()) ++aliases_;
          if (sel.selection_set != nullptr) Measure(*sel.selection_set, depth + 1, active);
          break;
        case ast::Selection::Kind::kInlineFragment:
          Measure(*sel.selection_set, depth, active);
          break;
        case ast::Selection::Kind::kFragmentSpread: {
          const ast::Definition* f = ctx_.Fragment(sel.name);
          if (f == nullptr || active.count(sel.name)) break;
          active.insert(sel.name);
          Measure(*f->selection_set, depth, active);
          active.erase(sel.name);
          break;
        }
      }
    }
  }

  void CheckIntrospection(const ast::SelectionSet& set) {
    for (const auto& sel : set.selections) {
      if (sel.kind == ast::Selection::Kind::kField && (sel.name == "__schema" || sel.name == "__type")) {
        ctx_.Report("Introspection is disabled (limit introspection): \"" + std::string(sel.name) +
                        "\" cannot be queried.",
                    {sel.loc});
      } else if (sel.kind == ast::Selection::Kind::kInlineFragment) {
        CheckIntrospection(*sel.selection_set);
      } else if (sel.kind == ast::Selection::Kind::kFragmentSpread) {
        const ast::Definition* f = ctx_.Fragment(sel.name);
        if (f != nullptr && visited_.insert(sel.name).second) CheckIntrospection(*f->selection_set);
      }
    }
  }

  size_t aliases_ = 0, cost_ = 0, steps_ = 0;
  std::unordered_set<std::string_view> visited_;
};

}  // namespace

std::unique_ptr<Rule> MakeLimitsRule(ValidationContext& context) {
  const Limits& l = context.limits();
  if (l.introspection && l.max_aliases == 0 && l.max_cost == 0 &&
      l.max_directives_per_location == 0) {
    return nullptr;
  }
  return std::make_unique<LimitsRule>(context);
}

}  // namespace parfumerie::graphql::impl

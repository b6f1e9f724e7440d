// OverlappingFieldsCanBeMerged (spec 5.3.2) as graphql-js 16.15 runs it:
// memoised field collection and pair comparison, plus a complexity budget
// (Limits::max_merge_comparisons) that aborts validation instead of letting a
// document of thousands of repeated fields cost quadratic time.
#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <unordered_map>

#include "absl/container/inlined_vector.h"
#include "graphql/impl/validation_context.h"

namespace parfumerie::graphql::impl {
namespace {

constexpr size_t kMaxDetail = 1000;
constexpr size_t kMaxConflictNodes = 20;

std::string Abbreviate(const std::string& text) {
  return text.size() > kMaxDetail ? text.substr(0, kMaxDetail) + "..." : text;
}

struct FieldInfo;

struct FieldDetails {
  const Type* parent_type = nullptr;
  const ast::Selection* node = nullptr;
  const Field* def = nullptr;
  bool simple_leaf = false;
  FieldInfo* info = nullptr;
};

struct FieldInfo {
  std::unordered_map<const FieldInfo*, std::optional<std::string>> comparisons;
  const Type* named_type = nullptr;
  std::span<const ast::Argument> arguments;
};

// The fields of one response name: most often one.
using FieldList = absl::InlinedVector<FieldDetails*, 1>;

struct Overlap {
  std::string_view response_name;
  const FieldList* fields1;
  const FieldList* fields2;
};

struct CollectResult {
  // A linear search finds a name among a few groups faster than a hash; the
  // index is built once there are many.
  static constexpr size_t kIndexFrom = 16;
  // The group of `name`, or groups.size().
  size_t Find(std::string_view name) const {
    if (groups.size() < kIndexFrom) {
      for (size_t i = 0; i < groups.size(); ++i) {
        if (groups[i].first == name) return i;
      }
      return groups.size();
    }
    auto it = index.find(name);
    return it == index.end() ? groups.size() : it->second;
  }
  size_t Add(std::string_view name) {
    size_t i = Find(name);
    if (i != groups.size()) return i;
    groups.push_back({name, {}});
    if (groups.size() == kIndexFrom) {
      for (size_t j = 0; j < groups.size(); ++j) index.emplace(groups[j].first, j);
    } else if (groups.size() > kIndexFrom) {
      index.emplace(name, i);
    }
    return i;
  }

  std::vector<std::pair<std::string_view, FieldList>> groups;
  std::unordered_map<std::string_view, size_t> index;
  std::vector<std::string_view> fragment_names;
  std::unordered_map<std::string_view, bool> compared_fragments;
  std::unordered_map<const CollectResult*, std::vector<Overlap>> overlapping;
};

struct Conflict {
  std::string response_name;
  std::string reason;
  std::vector<uint32_t> fields1;
  std::vector<uint32_t> fields2;
};

struct Aborted {};

class OverlappingFields final : public Rule {
 public:
  explicit OverlappingFields(ValidationContext& c)
      : Rule(c), budget_(c.limits().max_merge_comparisons == 0 ? -1 : static_cast<long>(c.limits().max_merge_comparisons)) {}

  void EnterInlineFragment(const ast::Selection&) override { next_is_inline_ = true; }

  void EnterSelectionSet(const ast::SelectionSet& set) override {
    bool inline_child = next_is_inline_;
    next_is_inline_ = false;
    if (inline_child) return;
    if (set.selections.size() <= 1 &&
        (set.selections.empty() || set.selections[0].kind != ast::Selection::Kind::kInlineFragment)) {
      return;
    }
    std::vector<Conflict> conflicts;
    try {
      WithinSelectionSet(ctx_.ParentType(), set, conflicts);
    } catch (const Aborted&) {
      for (auto& c : conflicts) Report(c);
      ctx_.Report("Validation aborted.", {});
      throw ValidationAborted{};
    }
    for (auto& c : conflicts) Report(c);
  }

 private:
  void Report(const Conflict& c) {
    std::vector<uint32_t> locs = c.fields1;
    locs.insert(locs.end(), c.fields2.begin(), c.fields2.end());
    ctx_.Report("Fields \"" + Abbreviate(c.response_name) + "\" conflict because " + c.reason +
                    ". Use different aliases on the fields to fetch both if this was intentional.",
                locs);
  }

  void Spend(long cost) {
    if (budget_ < 0) return;
    budget_ -= cost;
    if (budget_ < 0) throw Aborted{};
  }

  const Type* TypeCondition(std::string_view name) const { return ctx_.schema().FindType(name); }

  CollectResult& Collect(const Type* parent, const ast::SelectionSet& set) {
    auto key = std::make_pair(static_cast<const void*>(parent), static_cast<const void*>(&set));
    auto it = collected_.find(key);
    if (it != collected_.end()) return *it->second;
    auto result = std::make_unique<CollectResult>();
    result->groups.reserve(set.selections.size());
    CollectImpl(parent, set, *result);
    auto& stored = collected_[key];
    stored = std::move(result);
    return *stored;
  }

  void CollectImpl(const Type* parent, const ast::SelectionSet& set, CollectResult& out) {
    for (const auto& sel : set.selections) {
      switch (sel.kind) {
        case ast::Selection::Kind::kField: {
          const Field* def = nullptr;
          if (parent != nullptr && (parent->kind == TypeKind::kObject || parent->kind == TypeKind::kInterface)) {
            def = parent->FindField(sel.name);
          }
          auto& details = details_.emplace_back();
          details.parent_type = parent;
          details.node = &sel;
          details.def = def;
          details.simple_leaf = sel.arguments.empty() && sel.selection_set == nullptr;
          std::string_view key = sel.ResponseName();
          out.groups[out.Add(key)].second.push_back(&details);
          break;
        }
        case ast::Selection::Kind::kFragmentSpread:
          if (std::find(out.fragment_names.begin(), out.fragment_names.end(), sel.name) == out.fragment_names.end()) {
            out.fragment_names.push_back(sel.name);
          }
          break;
        case ast::Selection::Kind::kInlineFragment: {
          const Type* t = sel.type_condition.name.empty() ? parent : TypeCondition(sel.type_condition.name);
          CollectImpl(t, *sel.selection_set, out);
          break;
        }
      }
    }
  }

  CollectResult& CollectFragment(const ast::Definition& fragment) {
    return Collect(TypeCondition(fragment.type_condition.name), *fragment.selection_set);
  }

  void WithinSelectionSet(const Type* parent, const ast::SelectionSet& set, std::vector<Conflict>& conflicts) {
    CollectResult& r = Collect(parent, set);
    for (auto& [name, fields] : r.groups) {
      if (fields.size() <= 1) continue;
      for (size_t i = 0; i < fields.size(); ++i) {
        for (size_t j = i + 1; j < fields.size(); ++j) {
          if (auto c = FindConflict(false, name, *fields[i], *fields[j])) conflicts.push_back(std::move(*c));
        }
      }
    }
    if (!r.fragment_names.empty() && (!r.groups.empty() || r.fragment_names.size() > 1)) {
      // Copy: recursion may add entries to `collected_` but never changes `r`.
      std::vector<std::string_view> names = r.fragment_names;
      for (size_t i = 0; i < names.size(); ++i) {
        BetweenFieldsAndFragment(conflicts, false, r, names[i]);
        for (size_t j = i + 1; j < names.size(); ++j) BetweenFragments(conflicts, false, names[i], names[j]);
      }
    }
  }

  void BetweenFieldsAndFragment(std::vector<Conflict>& conflicts, bool exclusive, CollectResult& r1,
                                std::string_view fragment_name) {
    Spend(1);
    if (r1.groups.empty()) return;
    auto it = r1.compared_fragments.find(fragment_name);
    if (it != r1.compared_fragments.end() && (!it->second || (exclusive && it->second))) return;
    r1.compared_fragments[fragment_name] = exclusive;
    const ast::Definition* fragment = ctx_.Fragment(fragment_name);
    if (fragment == nullptr) return;
    CollectResult& r2 = CollectFragment(*fragment);
    if (&r1 == &r2) return;
    Between(conflicts, exclusive, r1, r2);
    std::vector<std::string_view> names = r2.fragment_names;
    for (auto name : names) BetweenFieldsAndFragment(conflicts, exclusive, r1, name);
  }

  void BetweenFragments(std::vector<Conflict>& conflicts, bool exclusive, std::string_view f1, std::string_view f2) {
    Spend(2);
    if (f1 == f2) return;
    if (PairHas(f1, f2, exclusive)) return;
    pairs_[{f1, f2}] = exclusive;
    const ast::Definition* d1 = ctx_.Fragment(f1);
    const ast::Definition* d2 = ctx_.Fragment(f2);
    if (d1 == nullptr || d2 == nullptr) return;
    CollectResult& r1 = CollectFragment(*d1);
    CollectResult& r2 = CollectFragment(*d2);
    Between(conflicts, exclusive, r1, r2);
    std::vector<std::string_view> names2 = r2.fragment_names;
    for (auto n : names2) BetweenFragments(conflicts, exclusive, f1, n);
    std::vector<std::string_view> names1 = r1.fragment_names;
    for (auto n : names1) BetweenFragments(conflicts, exclusive, n, f2);
  }

  bool PairHas(std::string_view a, std::string_view b, bool exclusive) const {
    auto check = [&](std::string_view x, std::string_view y) {
      auto it = pairs_.find({x, y});
      if (it == pairs_.end()) return false;
      return exclusive ? true : it->second == exclusive;
    };
    return check(a, b) || check(b, a);
  }

  std::vector<Conflict> BetweenSubSelections(bool exclusive, const Type* t1, const ast::SelectionSet& s1,
                                             const Type* t2, const ast::SelectionSet& s2) {
    std::vector<Conflict> conflicts;
    CollectResult& r1 = Collect(t1, s1);
    CollectResult& r2 = Collect(t2, s2);
    Between(conflicts, exclusive, r1, r2);
    std::vector<std::string_view> names1 = r1.fragment_names;
    std::vector<std::string_view> names2 = r2.fragment_names;
    for (auto n : names2) BetweenFieldsAndFragment(conflicts, exclusive, r1, n);
    for (auto n : names1) BetweenFieldsAndFragment(conflicts, exclusive, r2, n);
    for (auto a : names1) {
      for (auto b : names2) BetweenFragments(conflicts, exclusive, a, b);
    }
    return conflicts;
  }

  void Between(std::vector<Conflict>& conflicts, bool exclusive, CollectResult& r1, CollectResult& r2) {
    if (r1.groups.empty() || r2.groups.empty()) return;
    const std::vector<Overlap>& overlaps = Overlapping(r1, r2);
    for (const Overlap& o : overlaps) {
      for (FieldDetails* a : *o.fields1) {
        for (FieldDetails* b : *o.fields2) {
          if (auto c = FindConflict(exclusive, o.response_name, *a, *b)) conflicts.push_back(std::move(*c));
        }
      }
    }
  }

  const std::vector<Overlap>& Overlapping(CollectResult& r1, CollectResult& r2) {
    auto it = r1.overlapping.find(&r2);
    if (it != r1.overlapping.end()) return it->second;
    std::vector<Overlap> out;
    for (auto& [name, fields1] : r1.groups) {
      Spend(1);
      size_t j = r2.Find(name);
      if (j != r2.groups.size()) out.push_back({name, &fields1, &r2.groups[j].second});
    }
    return r1.overlapping[&r2] = std::move(out);
  }

  FieldInfo& Info(FieldDetails& d) {
    if (d.info == nullptr) {
      FieldInfo& info = infos_.emplace_back();
      info.named_type = d.def != nullptr ? d.def->type->named : nullptr;
      info.arguments = d.node->arguments;
      d.info = &info;
    }
    return *d.info;
  }

  const std::string& Stringify(const ast::Value* v) {
    auto it = stringified_.find(v);
    if (it != stringified_.end()) return it->second;
    std::string out;
    StringifyInto(*v, out);
    return stringified_[v] = std::move(out);
  }

  static void StringifyInto(const ast::Value& v, std::string& out) {
    out.push_back(static_cast<char>('0' + static_cast<int>(v.kind)));
    out.push_back('(');
    switch (v.kind) {
      case ast::ValueKind::kObject: {
        std::vector<const ast::ObjectField*> fields;
        for (const auto& f : v.fields) fields.push_back(&f);
        std::stable_sort(fields.begin(), fields.end(),
                         [](const ast::ObjectField* a, const ast::ObjectField* b) { return a->name < b->name; });
        for (const auto* f : fields) {
          out.append(std::to_string(f->name.size()));
          out.push_back(':');
          out.append(f->name);
          StringifyInto(*f->value, out);
        }
        break;
      }
      case ast::ValueKind::kList:
        for (const auto* item : v.list) StringifyInto(*item, out);
        break;
      case ast::ValueKind::kBoolean:
        out.append(v.boolean ? "true" : "false");
        break;
      case ast::ValueKind::kNull:
        break;
      default:
        if (v.kind == ast::ValueKind::kString && v.block) out.push_back('B');
        out.append(std::to_string(v.text.size()));
        out.push_back(':');
        out.append(v.text);
    }
    out.push_back(')');
  }

  bool SameArguments(const FieldInfo& a, const FieldInfo& b) {
    if (a.arguments.empty()) return b.arguments.empty();
    if (a.arguments.size() != b.arguments.size()) return false;
    for (const auto& arg1 : a.arguments) {
      Spend(1);
      const ast::Value* value2 = nullptr;
      for (const auto& arg2 : b.arguments) {
        if (arg2.name == arg1.name) value2 = arg2.value;  // The last one wins, as in a Map.
      }
      if (value2 == nullptr) return false;
      if (Stringify(arg1.value) != Stringify(value2)) return false;
    }
    return true;
  }

  // graphql-js compares type objects by identity; wrapper types are distinct
  // objects per definition, so only the same definition or the same named type
  // is "identical".
  bool TypesConflict(const TypeRef* t1, const TypeRef* t2, bool same_definition) {
    if (same_definition || (t1->kind == TypeRef::Kind::kNamed && t2->kind == TypeRef::Kind::kNamed && t1 == t2)) {
      return false;
    }
    Spend(1);
    if (t1->IsList()) return t2->IsList() ? TypesConflict(t1->of, t2->of, false) : true;
    if (t2->IsList()) return true;
    if (t1->IsNonNull()) return t2->IsNonNull() ? TypesConflict(t1->of, t2->of, false) : true;
    if (t2->IsNonNull()) return true;
    if (t1->named->IsLeaf() || t2->named->IsLeaf()) return t1->named != t2->named;
    return false;
  }

  std::optional<Conflict> FindConflict(bool parents_exclusive, std::string_view response_name, FieldDetails& d1,
                                       FieldDetails& d2) {
    bool exclusive = parents_exclusive || (d1.parent_type != d2.parent_type && d1.parent_type != nullptr &&
                                           d2.parent_type != nullptr && d1.parent_type->kind == TypeKind::kObject &&
                                           d2.parent_type->kind == TypeKind::kObject);
    Spend(2);
    const TypeRef* type1 = d1.def != nullptr ? d1.def->type : nullptr;
    const TypeRef* type2 = d2.def != nullptr ? d2.def->type : nullptr;
    bool same_type_object = d1.def == d2.def ||
                            (type1 != nullptr && type2 != nullptr && type1->kind == TypeRef::Kind::kNamed && type1 == type2);
    if (d1.simple_leaf && d2.simple_leaf && same_type_object && d1.node->name == d2.node->name) return std::nullopt;
    if (!exclusive) {
      FieldInfo& i1 = Info(d1);
      FieldInfo& i2 = Info(d2);
      std::optional<std::string> reason;
      auto it = i1.comparisons.find(&i2);
      if (it != i1.comparisons.end()) {
        reason = it->second;
      } else {
        if (d1.node->name != d2.node->name) {
          reason = "\"" + Abbreviate(std::string(d1.node->name)) + "\" and \"" +
                   Abbreviate(std::string(d2.node->name)) + "\" are different fields";
        } else if (!SameArguments(i1, i2)) {
          reason = "they have differing arguments";
        }
        i1.comparisons[&i2] = reason;
      }
      if (reason) return Conflict{std::string(response_name), *reason, {d1.node->loc}, {d2.node->loc}};
    }
    if (type1 != nullptr && type2 != nullptr && TypesConflict(type1, type2, d1.def == d2.def)) {
      return Conflict{std::string(response_name),
                      "they return conflicting types \"" + type1->ToString() + "\" and \"" + type2->ToString() + "\"",
                      {d1.node->loc},
                      {d2.node->loc}};
    }
    if (d1.node->selection_set != nullptr && d2.node->selection_set != nullptr) {
      auto sub = BetweenSubSelections(exclusive, Info(d1).named_type, *d1.node->selection_set, Info(d2).named_type,
                                      *d2.node->selection_set);
      if (sub.empty()) return std::nullopt;
      std::string message;
      for (const auto& c : sub) {
        message += (message.empty() ? "" : " and ") + ("subfields \"" + Abbreviate(c.response_name) +
                                                       "\" conflict because " + c.reason);
        if (message.size() > kMaxDetail) break;
      }
      return Conflict{std::string(response_name), Abbreviate(message), Nodes(d1.node->loc, sub, true),
                      Nodes(d2.node->loc, sub, false)};
    }
    return std::nullopt;
  }

  static std::vector<uint32_t> Nodes(uint32_t node, const std::vector<Conflict>& sub, bool first) {
    std::vector<uint32_t> out{node};
    for (const auto& c : sub) {
      const auto& side = first ? c.fields1 : c.fields2;
      size_t remaining = kMaxConflictNodes - out.size();
      size_t start = side.size() > remaining ? side.size() - remaining : 0;
      out.insert(out.end(), side.begin() + static_cast<long>(start), side.end());
      if (out.size() == kMaxConflictNodes) break;
    }
    return out;
  }

  long budget_;
  bool next_is_inline_ = false;
  std::map<std::pair<const void*, const void*>, std::unique_ptr<CollectResult>> collected_;
  std::deque<FieldDetails> details_;
  std::deque<FieldInfo> infos_;
  std::unordered_map<const ast::Value*, std::string> stringified_;
  std::map<std::pair<std::string_view, std::string_view>, bool> pairs_;
};

}  // namespace

std::unique_ptr<Rule> MakeOverlappingFieldsRule(ValidationContext& context) {
  return std::make_unique<OverlappingFields>(context);
}

}  // namespace parfumerie::graphql::impl

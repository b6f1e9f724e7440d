#include "graphql/impl/executor.h"

#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>

#include "graphql/impl/introspection.h"
#include "graphql/impl/json_out.h"
#include "graphql/impl/values.h"
#include "graphql/service.h"

namespace parfumerie::graphql {

namespace json = boost::json;

Completion::~Completion() {
  if (pending_ && !pending_->resolved) {
    Resolve(FieldValue::Error("The resolver dropped its completion without resolving the field."));
  }
}

void Completion::Resolve(FieldValue value) {
  if (!pending_ || pending_->resolved) return;
  auto pending = pending_;
  pending->execution->Complete(*pending, std::move(value));
}

namespace impl {

class InfoImpl final : public ResolveInfo {
 public:
  InfoImpl(Execution& execution, const json::value& parent, const json::object& args, const Field& field,
           const Type& parent_type, const FieldGroup& group, ResultNode* slot)
      : execution_(execution), parent_(parent), args_(args), field_(field), parent_type_(parent_type),
        group_(group), slot_(slot) {}

  const json::value& parent() const override { return parent_; }
  const json::object& arguments() const override { return args_; }
  const Field& field() const override { return field_; }
  const Type& parent_type() const override { return parent_type_; }
  std::string_view response_name() const override { return group_.key; }
  void* context() const override { return execution_.request_.context; }
  Completion Defer() const override {
    auto pending = std::make_shared<PendingField>();
    pending->execution = execution_.shared_from_this();
    pending->parent_type = &parent_type_;
    pending->field = &field_;
    pending->group = &group_;
    pending->slot = slot_;
    ++execution_.outstanding_;
    deferred_ = true;
    return Completion(std::move(pending));
  }
  bool deferred() const { return deferred_; }

 private:
  Execution& execution_;
  const json::value& parent_;
  const json::object& args_;
  const Field& field_;
  const Type& parent_type_;
  const FieldGroup& group_;
  ResultNode* slot_;
  mutable bool deferred_ = false;
};

namespace {

const json::value kJsonNull;

}  // namespace

std::shared_ptr<const Plan> PlanCache::Find(std::string_view operation_name, bool& refused) const {
  std::lock_guard lock(mu_);
  for (const auto& [name, plan] : plans_) {
    if (name == operation_name) {
      refused = plan == nullptr;
      return plan;
    }
  }
  refused = plans_.size() >= kMaxPlans;
  return nullptr;
}

void PlanCache::Offer(std::string_view operation_name, std::shared_ptr<const Plan> plan) {
  std::lock_guard lock(mu_);
  for (const auto& entry : plans_) {
    if (entry.first == operation_name) return;
  }
  if (plans_.size() < kMaxPlans) plans_.emplace_back(std::string(operation_name), std::move(plan));
}

Execution::Execution(const Schema& schema, ExecuteRequest&& request, std::function<void(std::string)> done,
                     std::shared_ptr<PlanCache> plans)
    : schema_(schema), request_(std::move(request)), done_(std::move(done)), plans_(std::move(plans)) {}

Plan& Execution::OwnPlan() {
  if (plan_ == nullptr) plan_ = std::make_shared<Plan>();
  return *plan_;
}

void Execution::IndexFragments() {
  fragments_indexed_ = true;
  for (const auto& d : request_.document->definitions()) {
    if (d.kind == ast::DefinitionKind::kFragment) fragments_.emplace(d.name, &d);
  }
}

namespace {

bool HasVariableCondition(std::span<const ast::Directive> directives) {
  for (const auto& d : directives) {
    if (d.name != "skip" && d.name != "include") continue;
    for (const auto& a : d.arguments) {
      if (a.value->kind == ast::ValueKind::kVariable) return true;
    }
  }
  return false;
}

bool HasVariableCondition(const ast::SelectionSet& set) {
  for (const ast::Selection& sel : set.selections) {
    if (HasVariableCondition(sel.directives)) return true;
    if (sel.selection_set != nullptr && HasVariableCondition(*sel.selection_set)) return true;
  }
  return false;
}

}  // namespace

bool Execution::DocumentUsesVariableDirectives() const {
  for (const auto& d : request_.document->definitions()) {
    if (d.selection_set != nullptr && HasVariableCondition(*d.selection_set)) return true;
  }
  return false;
}

void Execution::PublishPlan() {
  if (DocumentUsesVariableDirectives()) {
    plans_->Offer(request_.operation_name, nullptr);
    return;
  }
  // Settle every lazily computed fact now: a shared plan is never written.
  try {
    for (const FieldGroup& g : *root_groups_) PlainTree(*root_type_, g);
    for (auto& [key, groups] : plan_->subfields) {
      for (const FieldGroup& g : *groups) PlainTree(*static_cast<const Type*>(key.first), g);
    }
  } catch (const Failure&) {
    return;
  }
  plans_->Offer(request_.operation_name, plan_);
}

const ast::Definition* Execution::SelectOperation(std::string& error) {
  const ast::Definition* found = nullptr;
  for (const auto& d : request_.document->definitions()) {
    if (d.kind != ast::DefinitionKind::kOperation) continue;
    if (request_.operation_name.empty()) {
      if (found != nullptr) {
        error = "Must provide operation name if query contains multiple operations.";
        return nullptr;
      }
      found = &d;
    } else if (d.name == request_.operation_name) {
      found = &d;
    }
  }
  if (found == nullptr) {
    error = request_.operation_name.empty() ? "Must provide an operation."
                                            : "Unknown operation named \"" + request_.operation_name + "\".";
  }
  return found;
}

const TypeRef* Execution::TypeFromAst(const ast::Type& node) {
  switch (node.kind) {
    case ast::Type::Kind::kNamed: {
      const Type* t = schema_.FindType(node.name);
      if (t == nullptr) return nullptr;
      return arena_.New<TypeRef>(TypeRef{TypeRef::Kind::kNamed, t, nullptr});
    }
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

bool Execution::CoerceVariables(const ast::Definition& op) {
  const Document& doc = *request_.document;
  constexpr size_t kMaxVariableErrors = 50;
  for (const auto& def : op.variables) {
    std::string name(def.name);
    std::vector<SourcePosition> where{doc.Position(def.loc)};
    const TypeRef* type = TypeFromAst(*def.type);
    if (type == nullptr || !type->named->IsInput()) {
      errors_.push_back({"Variable \"$" + name + "\" expected value of type \"" + std::string(def.type->kind == ast::Type::Kind::kNamed ? def.type->name : "") +
                             "\" which cannot be used as an input type.",
                         where, {}, {}});
      continue;
    }
    auto it = request_.variables.find(name);
    if (it == request_.variables.end()) {
      if (def.default_value != nullptr) {
        auto v = ValueFromAst(*def.default_value, *type, nullptr);
        if (v) variables_[name] = std::move(*v);
      } else if (type->IsNonNull()) {
        errors_.push_back({"Variable \"$" + name + "\" of required type \"" + type->ToString() + "\" was not provided.",
                           where, {}, {}});
      }
      continue;
    }
    if (it->value().is_null() && type->IsNonNull()) {
      errors_.push_back({"Variable \"$" + name + "\" of non-null type \"" + type->ToString() + "\" must not be null.",
                         where, {}, {}});
      continue;
    }
    bool ok = true;
    json::value coerced = CoerceInputValue(it->value(), *type, [&](const std::vector<PathElement>& path,
                                                                     const std::string& message) {
      ok = false;
      if (errors_.size() >= kMaxVariableErrors) return;
      std::string prefix = "Variable \"$" + name + "\" got invalid value ";
      // The offending value is the one at `path` inside the variable.
      const json::value* at = &it->value();
      for (const auto& p : path) {
        if (const auto* key = std::get_if<std::string>(&p)) {
          at = at->is_object() && at->get_object().contains(*key) ? &at->get_object().at(*key) : &kJsonNull;
        } else {
          int i = std::get<int>(p);
          at = at->is_array() && static_cast<size_t>(i) < at->get_array().size() ? &at->get_array()[i] : &kJsonNull;
        }
      }
      prefix += Inspect(*at);
      if (!path.empty()) {
        prefix += " at \"" + name;
        for (const auto& p : path) {
          if (const auto* key = std::get_if<std::string>(&p)) {
            prefix += '.';
            prefix += *key;
          } else {
            prefix += "[" + std::to_string(std::get<int>(p)) + "]";
          }
        }
        prefix += "\"";
      }
      errors_.push_back({prefix + "; " + message, where, {}, {}});
    });
    if (ok) variables_[name] = std::move(coerced);
    if (errors_.size() >= kMaxVariableErrors) {
      errors_.push_back({"Too many errors processing variables, error limit reached. Execution aborted.", {}, {}, {}});
      return false;
    }
  }
  return errors_.empty();
}

bool Execution::ShouldInclude(std::span<const ast::Directive> directives) {
  for (const auto& d : directives) {
    bool skip = d.name == "skip";
    if (!skip && d.name != "include") continue;
    bool value = false;
    bool found = false;
    for (const auto& a : d.arguments) {
      if (a.name != "if") continue;
      const ast::Value& v = *a.value;
      if (v.kind == ast::ValueKind::kBoolean) {
        value = v.boolean;
        found = true;
      } else if (v.kind == ast::ValueKind::kVariable) {
        auto it = variables_.find(v.text);
        if (it == variables_.end()) {
          throw Failure{"Argument \"if\" of required type \"Boolean!\" was provided the variable \"$" +
                            std::string(v.text) + "\" which was not provided a runtime value.",
                        {request_.document->Position(v.loc)}};
        }
        if (!it->value().is_bool()) {
          throw Failure{"Argument \"if\" of non-null type \"Boolean!\" must not be null.",
                        {request_.document->Position(v.loc)}};
        }
        value = it->value().get_bool();
        found = true;
      } else {
        throw Failure{"Argument \"if\" has invalid value " + PrintLiteral(v) + ".", {request_.document->Position(v.loc)}};
      }
    }
    if (!found) {
      throw Failure{"Argument \"if\" of required type \"Boolean!\" was not provided.",
                    {request_.document->Position(d.loc)}};
    }
    if (skip && value) return false;
    if (!skip && !value) return false;
  }
  return true;
}

bool Execution::FragmentApplies(const Type& type, std::string_view condition) const {
  if (condition.empty()) return true;
  const Type* cond = schema_.FindType(condition);
  if (cond == nullptr) return false;
  if (cond == &type) return true;
  return cond->IsAbstract() && cond->IsPossibleType(&type);
}

void Execution::CollectFields(const Type& type, const ast::SelectionSet& set, FieldGroups& groups,
                              std::unordered_set<std::string_view>& visited) {
  for (const ast::Selection& sel : set.selections) {
    switch (sel.kind) {
      case ast::Selection::Kind::kField: {
        if (!ShouldInclude(sel.directives)) continue;
        std::string_view key = sel.ResponseName();
        FieldGroup* group = nullptr;
        for (auto& g : groups) {
          if (g.key == key) {
            group = &g;
            break;
          }
        }
        if (group == nullptr) {
          group = &groups.emplace_back();
          group->key = key;
          group->field = LookupField(type, sel.name);
          group->plain = group->field != nullptr && !group->field->resolver && group->field->arguments.empty() &&
                         !sel.name.starts_with("__");
        }
        group->nodes.push_back(&sel);
        break;
      }
      case ast::Selection::Kind::kInlineFragment:
        if (!ShouldInclude(sel.directives) || !FragmentApplies(type, sel.type_condition.name)) continue;
        CollectFields(type, *sel.selection_set, groups, visited);
        break;
      case ast::Selection::Kind::kFragmentSpread: {
        if (visited.count(sel.name) || !ShouldInclude(sel.directives)) continue;
        visited.insert(sel.name);
        if (!fragments_indexed_) IndexFragments();
        auto it = fragments_.find(sel.name);
        if (it == fragments_.end() || !FragmentApplies(type, it->second->type_condition.name)) continue;
        CollectFields(type, *it->second->selection_set, groups, visited);
        break;
      }
    }
  }
}

const FieldGroups& Execution::Subfields(const Type& type, const FieldGroup& group) {
  // Items of a list ask for the same sub-selection one after another.
  if (last_subfields_type_ == &type && last_subfields_group_ == &group) return *last_subfields_;
  const FieldGroups& groups = SubfieldsUncached(type, group);
  last_subfields_type_ = &type;
  last_subfields_group_ = &group;
  last_subfields_ = &groups;
  return groups;
}

const FieldGroups& Execution::SubfieldsUncached(const Type& type, const FieldGroup& group) {
  // A field of one node has the sub-selection of that node wherever the
  // node is reached (a fragment spread in several places): one entry serves all.
  const void* selection =
      group.nodes.size() == 1 ? static_cast<const void*>(group.nodes[0]->selection_set) : &group;
  auto key = std::make_pair(static_cast<const void*>(&type), selection);
  if (shared_plan_ != nullptr) {
    auto shared = shared_plan_->subfields.find(key);
    if (shared != shared_plan_->subfields.end()) return *shared->second;
  }
  Plan& plan = OwnPlan();
  auto it = plan.subfields.find(key);
  if (it != plan.subfields.end()) return *it->second;
  auto groups = std::make_unique<FieldGroups>();
  size_t selections = 0;
  for (const ast::Selection* node : group.nodes) {
    if (node->selection_set != nullptr) selections += node->selection_set->selections.size();
  }
  groups->reserve(selections);
  std::unordered_set<std::string_view> visited;
  for (const ast::Selection* node : group.nodes) {
    if (node->selection_set != nullptr) CollectFields(type, *node->selection_set, *groups, visited);
  }
  auto& stored = plan.subfields[key];
  stored = std::move(groups);
  return *stored;
}

bool Execution::CoerceArguments(const std::vector<InputValue>& defs, const ast::Selection& node, json::object& out) {
  const Document& doc = *request_.document;
  for (const InputValue& def : defs) {
    const ast::Argument* arg = nullptr;
    for (const auto& a : node.arguments) {
      if (a.name == def.name) {
        arg = &a;
        break;
      }
    }
    if (arg == nullptr) {
      if (def.default_value) {
        out[def.name] = *def.default_value;
      } else if (def.type->IsNonNull()) {
        throw Failure{"Argument \"" + def.name + "\" of required type \"" + def.type->ToString() + "\" was not provided.",
                      {doc.Position(node.loc)}};
      }
      continue;
    }
    const ast::Value& value = *arg->value;
    bool is_null = value.kind == ast::ValueKind::kNull;
    if (value.kind == ast::ValueKind::kVariable) {
      auto it = variables_.find(value.text);
      if (it == variables_.end()) {
        if (def.default_value) {
          out[def.name] = *def.default_value;
        } else if (def.type->IsNonNull()) {
          throw Failure{"Argument \"" + def.name + "\" of required type \"" + def.type->ToString() +
                            "\" was provided the variable \"$" + std::string(value.text) +
                            "\" which was not provided a runtime value.",
                        {doc.Position(value.loc)}};
        }
        continue;
      }
      is_null = it->value().is_null();
    }
    if (is_null && def.type->IsNonNull()) {
      throw Failure{"Argument \"" + def.name + "\" of non-null type \"" + def.type->ToString() + "\" must not be null.",
                    {doc.Position(value.loc)}};
    }
    auto coerced = ValueFromAst(value, *def.type, &variables_);
    if (!coerced) {
      throw Failure{"Argument \"" + def.name + "\" has invalid value " + PrintLiteral(value) + ".",
                    {doc.Position(value.loc)}};
    }
    out[def.name] = std::move(*coerced);
  }
  return true;
}

std::vector<SourcePosition> Execution::Locations(const FieldGroup& group) const {
  std::vector<SourcePosition> out;
  out.reserve(group.nodes.size());
  for (const ast::Selection* n : group.nodes) out.push_back(request_.document->Position(n->loc));
  return out;
}

bool Execution::IsDead(const ResultNode* node) {
  for (const ResultNode* n = node; n != nullptr; n = n->parent) {
    if (n->kind == ResultNode::Kind::kNull) return true;
  }
  return false;
}

void Execution::NullOut(ResultNode* node) {
  while (node->non_null && node->parent != nullptr) node = node->parent;
  node->kind = ResultNode::Kind::kNull;
}

void Execution::FieldError(ResultNode* slot, std::string message, std::vector<SourcePosition> locations,
                           json::object extensions) {
  if (IsDead(slot)) return;
  Error error;
  error.message = std::move(message);
  error.locations = std::move(locations);
  error.extensions = std::move(extensions);
  std::vector<const ResultNode*> chain;
  for (const ResultNode* n = slot; n != nullptr && n->parent != nullptr; n = n->parent) chain.push_back(n);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if ((*it)->index >= 0) {
      error.path.emplace_back((*it)->index);
    } else {
      error.path.emplace_back(std::string((*it)->key));
    }
  }
  errors_.push_back(std::move(error));
  NullOut(slot);
}

ResultNode* Execution::NewNodes(size_t n) {
  auto* nodes = static_cast<ResultNode*>(arena_.Allocate(sizeof(ResultNode) * (n + 1), alignof(ResultNode)));
  for (size_t i = 0; i < n; ++i) new (nodes + i) ResultNode();
  return nodes;
}

void Execution::SetLeaf(ResultNode* slot, std::string_view json_text) {
  slot->kind = ResultNode::Kind::kLeaf;
  slot->leaf = arena_.CopyString(json_text);
}

void Execution::Start() {
  std::lock_guard lock(mu_);
  pumping_ = true;
  started_ = true;
  std::string error;
  operation_ = SelectOperation(error);
  if (operation_ == nullptr) {
    errors_.push_back({error, {}, {}, {}});
    Finish(false);
    return;
  }
  if (!CoerceVariables(*operation_)) {
    Finish(false);
    return;
  }
  root_type_ = schema_.RootType(operation_->operation);
  data_ = arena_.New<ResultNode>();
  if (root_type_ == nullptr) {
    errors_.push_back({"Schema is not configured to execute " + std::string(OperationTypeName(operation_->operation)) +
                           " operation.",
                       {request_.document->Position(operation_->loc)}, {}, {}});
    data_->kind = ResultNode::Kind::kNull;
    Finish(true);
    return;
  }
  root_source_ = request_.root_value ? JsonSrc(request_.root_value) : JsonSrc(&kJsonNull);
  bool refused = false;
  if (plans_ != nullptr) shared_plan_ = plans_->Find(request_.operation_name, refused);
  if (refused) plans_ = nullptr;  // Nothing to publish either.
  if (shared_plan_ != nullptr) {
    root_groups_ = shared_plan_->root;
  } else {
    FieldGroups& root = OwnPlan().storage.emplace_front();
    root.reserve(operation_->selection_set->selections.size());
    try {
      std::unordered_set<std::string_view> visited;
      CollectFields(*root_type_, *operation_->selection_set, root, visited);
    } catch (const Failure& f) {
      errors_.push_back({f.message, f.locations, {}, {}});
      data_->kind = ResultNode::Kind::kNull;
      Finish(true);
      return;
    }
    root_groups_ = plan_->root = &root;
  }
  serial_ = operation_->operation == ast::OperationType::kMutation;
  if (!serial_) {
    if (!TryPlainOperation(plain_response_)) ExecuteSelection(data_, *root_type_, root_source_, *root_groups_);
  } else {
    data_->kind = ResultNode::Kind::kObject;
    data_->count = static_cast<uint32_t>(root_groups_->size());
    data_->children = NewNodes(data_->count);
    RunSerialRoot();
  }
  pumping_ = false;
  Pump();
}

std::string Execution::CreateSourceStream(const EventSink& sink) {
  std::lock_guard lock(mu_);
  const Document& doc = *request_.document;
  std::string error;
  operation_ = SelectOperation(error);
  auto fail = [&](std::string message, std::vector<SourcePosition> locations, std::vector<PathElement> path) {
    errors_.push_back({std::move(message), std::move(locations), std::move(path), {}});
    return ErrorsResponse(errors_);
  };
  if (operation_ == nullptr) return fail(error, {}, {});
  if (operation_->operation != ast::OperationType::kSubscription) {
    return fail("A subscription needs a subscription operation, not a " +
                    std::string(OperationTypeName(operation_->operation)) + ".",
                {doc.Position(operation_->loc)}, {});
  }
  if (!CoerceVariables(*operation_)) return ErrorsResponse(errors_);
  const Type* root = schema_.subscription_type();
  if (root == nullptr) {
    return fail("Schema is not configured to execute subscription operation.", {doc.Position(operation_->loc)}, {});
  }
  FieldGroups groups;
  try {
    std::unordered_set<std::string_view> visited;
    CollectFields(*root, *operation_->selection_set, groups, visited);
  } catch (const Failure& f) {
    return fail(f.message, f.locations, {});
  }
  if (groups.empty()) return fail("The subscription selects no field.", {doc.Position(operation_->loc)}, {});
  const FieldGroup& group = groups[0];
  std::vector<PathElement> path{std::string(group.key)};
  if (group.field == nullptr) {
    return fail("The subscription field \"" + std::string(group.nodes[0]->name) + "\" is not defined.",
                Locations(group), path);
  }
  json::object args;
  try {
    CoerceArguments(group.field->arguments, *group.nodes[0], args);
  } catch (const Failure& f) {
    return fail(f.message, f.locations, path);
  }
  if (!group.field->subscriber) {
    return fail("Subscription field \"" + group.field->name + "\" has no source stream.", Locations(group), path);
  }
  InfoImpl info(*this, kJsonNull, args, *group.field, *root, group, nullptr);
  absl::Status status = group.field->subscriber(info, sink);
  if (!status.ok()) {
    errors_.push_back({std::string(status.message()), Locations(group), path, ErrorExtensions(status)});
    return ErrorsResponse(errors_);
  }
  return "";
}

void Execution::RunSerialRoot() {
  while (next_serial_ < root_groups_->size() && outstanding_ == 0 && !IsDead(data_)) {
    size_t i = next_serial_++;
    ResultNode* child = &data_->children[i];
    child->parent = data_;
    child->key = (*root_groups_)[i].key;
    ExecuteField(*root_type_, root_source_, (*root_groups_)[i], child);
  }
}

void Execution::ExecuteSelection(ResultNode* object, const Type& type, const Src& source, const FieldGroups& groups) {
  object->kind = ResultNode::Kind::kObject;
  object->count = static_cast<uint32_t>(groups.size());
  object->children = NewNodes(groups.size());
  for (size_t i = 0; i < groups.size(); ++i) {
    ResultNode* child = &object->children[i];
    child->parent = object;
    child->key = groups[i].key;
    size_t before = errors_.size();
    ExecuteField(type, source, groups[i], child);
    if (errors_.size() != before && IsDead(object)) break;
  }
}

const Field* Execution::LookupField(const Type& type, std::string_view name) const {
  if (name.size() > 2 && name[0] == '_' && name[1] == '_') {
    if (name == "__typename") return schema_.typename_meta_field();
    if (name == "__schema" && &type == schema_.query_type()) return schema_.schema_meta_field();
    if (name == "__type" && &type == schema_.query_type()) return schema_.type_meta_field();
  }
  return type.FindField(name);
}

void Execution::ExecuteField(const Type& parent_type, const Src& source, const FieldGroup& group, ResultNode* slot) {
  const ast::Selection& node = *group.nodes[0];
  const Field* field = group.field;
  if (field == nullptr) {
    slot->kind = ResultNode::Kind::kAbsent;
    return;
  }
  slot->non_null = field->type->IsNonNull();
  if (TryPlainField(parent_type, source, group, slot)) return;
  // Plain fields read straight from the parent object: the common case.
  if (group.plain && source.kind == Src::Kind::kJson) {
    Src value;
    if (source.json()->is_object()) {
      const json::object& obj = source.json()->get_object();
      const std::string& name = field->name;
      const uint32_t hint = KeyHint(group);
      if (hint < obj.size()) {
        const auto& kv = obj.begin()[hint];
        if (std::string_view(kv.key().data(), kv.key().size()) == std::string_view(name)) {
          value = JsonSrc(&kv.value());
        }
      }
      if (value.kind == Src::Kind::kNull) {
        auto it = obj.find(name);
        if (it != obj.end()) {
          value = JsonSrc(&it->value());
          SetKeyHint(group, static_cast<uint32_t>(it - obj.begin()));
        }
      }
    }
    CompleteValue(*field->type, parent_type, *field, group, value, slot);
    return;
  }
  static const json::object kNoArguments;
  json::object coerced;
  if (!field->arguments.empty()) {
    try {
      CoerceArguments(field->arguments, node, coerced);
    } catch (const Failure& f) {
      FieldError(slot, f.message, f.locations);
      return;
    }
  }
  const json::object& args = field->arguments.empty() ? kNoArguments : coerced;
  Src value;
  if (field == schema_.typename_meta_field()) {
    value.kind = Src::Kind::kString;
    value.text = parent_type.name;
  } else if (field == schema_.schema_meta_field()) {
    value.kind = Src::Kind::kSchema;
  } else if (field == schema_.type_meta_field()) {
    auto it = args.find("name");
    const Type* t = it != args.end() && it->value().is_string() ? schema_.FindType(it->value().get_string()) : nullptr;
    if (t != nullptr) {
      value.kind = Src::Kind::kNamedType;
      value.ptr = t;
    }
  } else if (source.IsMeta()) {
    value = ResolveIntrospection(schema_, source, field->name, args, arena_);
  } else if (field->resolver) {
    const json::value& parent = source.kind == Src::Kind::kJson ? *source.json() : kJsonNull;
    InfoImpl info(*this, parent, args, *field, parent_type, group, slot);
    FieldValue result = field->resolver(info);
    // A resolver that took a Completion answers through it, whatever it returns.
    if (info.deferred()) return;
    Resolved(parent_type, *field, group, slot, std::move(result));
    return;
  } else if (source.kind == Src::Kind::kJson && source.json()->is_object()) {
    const json::object& obj = source.json()->get_object();
    auto it = obj.find(field->name);
    if (it != obj.end()) value = JsonSrc(&it->value());
  }
  CompleteValue(*field->type, parent_type, *field, group, value, slot);
}

void Execution::Resolved(const Type& parent_type, const Field& field, const FieldGroup& group, ResultNode* slot,
                         FieldValue value) {
  Src src;
  switch (value.kind()) {
    case FieldValue::Kind::kNull:
    case FieldValue::Kind::kDeferred:
      break;
    case FieldValue::Kind::kBorrowed:
      src = JsonSrc(&value.value());
      break;
    case FieldValue::Kind::kOwned:
      src = JsonSrc(&owned_.emplace_front(value.TakeOwned()));
      break;
    case FieldValue::Kind::kError:
      FieldError(slot, value.message(), Locations(group), value.extensions());
      return;
  }
  CompleteValue(*field.type, parent_type, field, group, src, slot);
}

void Execution::CompleteValue(const TypeRef& type, const Type& parent_type, const Field& field,
                              const FieldGroup& group, const Src& value, ResultNode* slot) {
  if (type.IsNonNull()) {
    if (IsNullSrc(value)) {
      FieldError(slot, "Cannot return null for non-nullable field " + parent_type.name + "." + field.name + ".",
                 Locations(group));
      return;
    }
    CompleteValue(*type.of, parent_type, field, group, value, slot);
    return;
  }
  if (IsNullSrc(value)) {
    slot->kind = ResultNode::Kind::kNull;
    return;
  }
  if (type.IsList()) {
    size_t n;
    if (value.kind == Src::Kind::kList) {
      n = value.list.size();
    } else if (value.kind == Src::Kind::kJson && value.json()->is_array()) {
      n = value.json()->get_array().size();
    } else {
      FieldError(slot, "Expected Iterable, but did not find one for field \"" + parent_type.name + "." + field.name + "\".",
                 Locations(group));
      return;
    }
    slot->kind = ResultNode::Kind::kList;
    slot->count = static_cast<uint32_t>(n);
    slot->children = NewNodes(n);
    const bool item_non_null = type.of->IsNonNull();
    for (size_t i = 0; i < n; ++i) {
      ResultNode* child = &slot->children[i];
      child->parent = slot;
      child->index = static_cast<int32_t>(i);
      child->non_null = item_non_null;
      Src item = value.kind == Src::Kind::kList ? value.list[i] : JsonSrc(&value.json()->get_array()[i]);
      size_t before = errors_.size();
      CompleteValue(*type.of, parent_type, field, group, item, child);
      if (errors_.size() != before && IsDead(slot)) break;
    }
    return;
  }
  const Type& named = *type.named;
  if (named.IsLeaf()) {
    if (value.kind == Src::Kind::kJson) {
      const json::value& v = *value.json();
      const ScalarKind sk = named.scalar;
      const bool is_string_type = named.kind == TypeKind::kScalar && (sk == ScalarKind::kString || sk == ScalarKind::kID);
      if (v.is_string() && (is_string_type || (named.kind == TypeKind::kEnum && named.FindEnumValue(v.get_string())))) {
        slot->kind = ResultNode::Kind::kString;
        slot->leaf = std::string_view(v.get_string().data(), v.get_string().size());
        return;
      }
      if (v.is_int64() && named.kind == TypeKind::kScalar &&
          (sk == ScalarKind::kID || sk == ScalarKind::kFloat ||
           (sk == ScalarKind::kInt && v.get_int64() >= INT32_MIN && v.get_int64() <= INT32_MAX))) {
        slot->kind = sk == ScalarKind::kID ? ResultNode::Kind::kString : ResultNode::Kind::kInt;
        slot->integer = v.get_int64();
        if (sk == ScalarKind::kID) {
          scratch_ = std::to_string(v.get_int64());
          slot->leaf = arena_.CopyString(scratch_);
        }
        return;
      }
      if (v.is_double() && named.kind == TypeKind::kScalar && sk == ScalarKind::kFloat && std::isfinite(v.get_double())) {
        slot->kind = ResultNode::Kind::kDouble;
        slot->number = v.get_double();
        return;
      }
    }
    scratch_.clear();
    if (value.kind == Src::Kind::kString) {
      AppendJsonString(value.text, scratch_);
    } else if (value.kind == Src::Kind::kBool) {
      scratch_.append(value.boolean ? "true" : "false");
    } else if (value.kind == Src::Kind::kJson) {
      std::string error;
      if (!SerializeLeaf(named, *value.json(), scratch_, error)) {
        FieldError(slot, error, Locations(group));
        return;
      }
    } else {
      scratch_.append("null");
    }
    SetLeaf(slot, scratch_);
    return;
  }
  const Type* object_type = &named;
  if (named.IsAbstract()) {
    object_type = ResolveAbstract(named, value, parent_type, field, group, slot);
    if (object_type == nullptr) return;
  }
  const FieldGroups* groups;
  try {
    groups = &Subfields(*object_type, group);
  } catch (const Failure& f) {
    FieldError(slot, f.message, f.locations);
    return;
  }
  ExecuteSelection(slot, *object_type, value, *groups);
}

const Type* Execution::ResolveAbstract(const Type& abstract, const Src& value, const Type& parent_type,
                                       const Field& field, const FieldGroup& group, ResultNode* slot) {
  const Type* runtime = nullptr;
  std::string runtime_name;
  if (abstract.type_resolver) {
    runtime = abstract.type_resolver(value.kind == Src::Kind::kJson ? *value.json() : kJsonNull, abstract,
                                     request_.context);
    if (runtime != nullptr) runtime_name = runtime->name;
  } else if (value.kind == Src::Kind::kJson && value.json()->is_object()) {
    const json::object& obj = value.json()->get_object();
    auto it = obj.find("__typename");
    if (it != obj.end() && it->value().is_string()) {
      runtime_name = std::string(it->value().get_string());
      runtime = schema_.FindType(runtime_name);
      if (runtime == nullptr) {
        FieldError(slot, "Abstract type \"" + abstract.name + "\" was resolved to a type \"" + runtime_name +
                             "\" that does not exist inside the schema.",
                   Locations(group));
        return nullptr;
      }
    }
  }
  if (runtime == nullptr) {
    FieldError(slot, "Abstract type \"" + abstract.name + "\" must resolve to an Object type at runtime for field \"" +
                         parent_type.name + "." + field.name + "\". Either the \"" + abstract.name +
                         "\" type should provide a \"resolveType\" function or each possible type should provide an \"isTypeOf\" function.",
               Locations(group));
    return nullptr;
  }
  if (runtime->kind != TypeKind::kObject) {
    FieldError(slot, "Abstract type \"" + abstract.name + "\" was resolved to a non-object type \"" + runtime_name + "\".",
               Locations(group));
    return nullptr;
  }
  if (!abstract.IsPossibleType(runtime)) {
    FieldError(slot, "Runtime Object type \"" + runtime->name + "\" is not a possible type for \"" + abstract.name + "\".",
               Locations(group));
    return nullptr;
  }
  return runtime;
}

void Execution::Complete(PendingField& pending, FieldValue value) {
  // The pending field may hold the last reference to this execution.
  auto self = shared_from_this();
  std::lock_guard lock(mu_);
  if (pending.resolved) return;
  pending.resolved = true;
  --outstanding_;
  if (!IsDead(pending.slot) && !finished_) {
    if (value.kind() == FieldValue::Kind::kDeferred) value = FieldValue::Error("A deferred field resolved to Deferred().");
    // A resolver inside may complete at once (a cached lookup), re-entering
    // here: no finishing until this field's whole subtree is laid out.
    const bool was_pumping = std::exchange(pumping_, true);
    Resolved(*pending.parent_type, *pending.field, *pending.group, pending.slot, std::move(value));
    pumping_ = was_pumping;
  }
  pending.execution.reset();
  Pump();
}

void Execution::Pump() {
  if (pumping_ || !started_) return;
  pumping_ = true;
  if (serial_) RunSerialRoot();
  pumping_ = false;
  MaybeFinish();
}

void Execution::MaybeFinish() {
  if (finished_ || outstanding_ != 0) return;
  if (serial_ && next_serial_ < root_groups_->size() && !IsDead(data_)) return;
  Finish(true);
}

namespace {

void WriteNode(const ResultNode* node, JsonOut& out) {
  switch (node->kind) {
    case ResultNode::Kind::kPending:
    case ResultNode::Kind::kAbsent:
    case ResultNode::Kind::kNull:
      out.Put("null");
      return;
    case ResultNode::Kind::kLeaf:
      out.Put(node->leaf);
      return;
    case ResultNode::Kind::kString:
      out.Quoted(node->leaf);
      return;
    case ResultNode::Kind::kDouble: {
      std::string text;
      AppendJsNumber(node->number, text);
      out.Put(text);
      return;
    }
    case ResultNode::Kind::kInt:
      out.Int(node->integer);
      return;
    case ResultNode::Kind::kList:
      out.Put('[');
      for (uint32_t i = 0; i < node->count; ++i) {
        if (i) out.Put(',');
        WriteNode(&node->children[i], out);
      }
      out.Put(']');
      return;
    case ResultNode::Kind::kObject: {
      out.Put('{');
      bool first = true;
      for (uint32_t i = 0; i < node->count; ++i) {
        const ResultNode* child = &node->children[i];
        if (child->kind == ResultNode::Kind::kAbsent) continue;
        if (!first) out.Put(',');
        first = false;
        out.Key(child->key);
        WriteNode(child, out);
      }
      out.Put('}');
      return;
    }
  }
}

}  // namespace

void Execution::Write(const ResultNode* node, std::string& out) const {
  JsonOut writer(out);
  WriteNode(node, writer);
}

void Execution::Finish(bool include_data) {
  if (finished_) return;
  finished_ = true;
  if (plans_ != nullptr && shared_plan_ == nullptr && root_groups_ != nullptr) PublishPlan();
  if (!plain_response_.empty()) {
    auto done = std::move(done_);
    if (done) done(std::move(plain_response_));
    return;
  }
  std::string out;
  out.reserve(256 + arena_.BytesUsed() / 2);
  out.push_back('{');
  if (!errors_.empty()) {
    out.append("\"errors\":[");
    for (size_t i = 0; i < errors_.size(); ++i) {
      if (i) out.push_back(',');
      AppendErrorJson(errors_[i], out);
    }
    out.push_back(']');
    if (include_data) out.push_back(',');
  }
  if (include_data) {
    out.append("\"data\":");
    Write(data_, out);
  }
  out.push_back('}');
  auto done = std::move(done_);
  if (done) done(std::move(out));
}

void ExecuteAsync(const Schema& schema, ExecuteRequest&& request, std::shared_ptr<PlanCache> plans,
                  std::function<void(std::string)> done) {
  auto execution = std::make_shared<Execution>(schema, std::move(request), std::move(done), std::move(plans));
  execution->Start();
}

std::string Execute(const Schema& schema, ExecuteRequest&& request, std::shared_ptr<PlanCache> plans) {
  // On the stack: the callback touches it under the mutex only, and this
  // function returns only after taking the mutex once the callback set `ready`.
  struct Waiter {
    std::mutex mu;
    std::condition_variable cv;
    bool ready = false;
    std::string response;
  } waiter;
  ExecuteAsync(schema, std::move(request), std::move(plans), [&waiter](std::string response) {
    std::lock_guard lock(waiter.mu);
    waiter.response = std::move(response);
    waiter.ready = true;
    waiter.cv.notify_all();
  });
  std::unique_lock lock(waiter.mu);
  waiter.cv.wait(lock, [&] { return waiter.ready; });
  return std::move(waiter.response);
}

}  // namespace impl

void ExecuteAsync(const Schema& schema, ExecuteRequest request, std::function<void(std::string)> done) {
  impl::ExecuteAsync(schema, std::move(request), nullptr, std::move(done));
}

std::string Execute(const Schema& schema, ExecuteRequest request) {
  return impl::Execute(schema, std::move(request), nullptr);
}

}  // namespace parfumerie::graphql

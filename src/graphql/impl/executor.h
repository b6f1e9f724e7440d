// One execution of one operation: the state behind ExecuteAsync().
#pragma once

#include <atomic>
#include <condition_variable>
#include <forward_list>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/json/object.hpp>

#include "absl/container/inlined_vector.h"

#include "graphql/arena.h"
#include "graphql/error.h"
#include "graphql/execute.h"
#include "graphql/impl/source_value.h"
#include "graphql/resolver.h"

namespace parfumerie::graphql::impl {

// A response value under construction. Lives in the execution's arena; a
// field that fails at a non-null position nulls its nearest nullable ancestor.
struct ResultNode {
  enum class Kind : uint8_t { kPending, kAbsent, kNull, kLeaf, kString, kInt, kDouble, kList, kObject };
  Kind kind = Kind::kPending;
  bool non_null = false;
  int32_t index = -1;
  ResultNode* parent = nullptr;
  std::string_view key;
  std::string_view leaf;  // kLeaf: JSON text; kString: the unescaped string.
  int64_t integer = 0;    // kInt.
  double number = 0;      // kDouble.
  uint32_t count = 0;
  ResultNode* children = nullptr;  // `count` nodes, contiguous.
};

// The field nodes that share one response key (CollectFields()).
struct FieldGroup {
  std::string_view key;
  absl::InlinedVector<const ast::Selection*, 1> nodes;
  const Field* field = nullptr;  // Resolved once per parent type; null when unknown.
  bool plain = false;            // Default resolver, no arguments, not a meta-field.
  // Where the key was in the last parent object (list items share a shape).
  // Read and written with std::atomic_ref: executions sharing a plan race on it.
  mutable uint32_t key_hint = 0;
  // Filled by Execution::PlainTree() (plain_writer.cc), once per execution.
  mutable uint8_t plain_tree = 0;  // 0: not known yet, 1: the field and its subtree are plain, 2: not.
  mutable const Type* sub_type = nullptr;                 // The object type of a plain subtree.
  mutable const std::vector<FieldGroup>* sub = nullptr;   // Its fields.
  mutable const boost::json::object* args = nullptr;      // Coerced constant arguments, when read.
  mutable uint8_t plain_source = 0;  // PlainSource: where the value comes from.
  mutable uint8_t plain_leaf = 0;    // PlainLeaf: a shortcut for common leaf values, 0 if none.
  mutable bool single_leaf = false;      // A leaf type, or a non-null one: not a list.
  mutable bool check_arguments = false;  // Arguments use variables: coercion may fail.
};
using FieldGroups = std::vector<FieldGroup>;

inline uint32_t KeyHint(const FieldGroup& group) {
  return std::atomic_ref<uint32_t>(group.key_hint).load(std::memory_order_relaxed);
}
inline void SetKeyHint(const FieldGroup& group, uint32_t hint) {
  std::atomic_ref<uint32_t>(group.key_hint).store(hint, std::memory_order_relaxed);
}

class Execution;
class JsonOut;

// The collected fields of one operation: the root selection and, per object
// type and field group, its sub-selection, with the fast path's facts about
// each group (PlainTree()). Built by an execution; once published in a
// PlanCache it is never changed again (but for the key hints, which are
// atomic), and every execution of the same document shares it.
struct Plan {
  const FieldGroups* root = nullptr;  // In `storage`.
  std::map<std::pair<const void*, const void*>, std::unique_ptr<FieldGroups>> subfields;
  std::forward_list<FieldGroups> storage;
  std::forward_list<boost::json::object> constant_args;  // FieldGroup::args point here.
};

// Where a cached document keeps the plan of an operation. A plan is shared
// only when it cannot depend on variables (no @skip/@include with a variable
// in the document). Thread-safe.
class PlanCache {
 public:
  // The shared plan for an operation name, or null; `refused` tells whether
  // the execution should not build one to offer (it could not be shared).
  std::shared_ptr<const Plan> Find(std::string_view operation_name, bool& refused) const;
  // Keeps the first plan offered for an operation name; later ones are dropped.
  void Offer(std::string_view operation_name, std::shared_ptr<const Plan> plan);

 private:
  static constexpr size_t kMaxPlans = 4;  // Operations of one document.
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, std::shared_ptr<const Plan>>> plans_;
};

class PendingField {
 public:
  std::shared_ptr<Execution> execution;
  const Type* parent_type = nullptr;
  const Field* field = nullptr;
  const FieldGroup* group = nullptr;
  ResultNode* slot = nullptr;
  bool resolved = false;
};

class Execution : public std::enable_shared_from_this<Execution> {
 public:
  // `plans`, when given, holds the document's shared plans (see PlanCache).
  Execution(const Schema& schema, ExecuteRequest&& request, std::function<void(std::string)> done,
            std::shared_ptr<PlanCache> plans = nullptr);
  void Start();
  void Complete(PendingField& pending, FieldValue value);
  // Spec CreateSourceEventStream(): hands `sink` to the subscription root
  // field's Subscriber. Returns the error response, or empty on success.
  std::string CreateSourceStream(const EventSink& sink);

 private:
  friend class InfoImpl;
  struct Failure {
    std::string message;
    std::vector<SourcePosition> locations;
  };

  const ast::Definition* SelectOperation(std::string& error);
  void IndexFragments();
  Plan& OwnPlan();
  bool DocumentUsesVariableDirectives() const;
  void PublishPlan();
  bool CoerceVariables(const ast::Definition& op);
  const TypeRef* TypeFromAst(const ast::Type& node);
  const Field* LookupField(const Type& type, std::string_view name) const;
  void CollectFields(const Type& type, const ast::SelectionSet& set, FieldGroups& groups,
                     std::unordered_set<std::string_view>& visited);
  bool ShouldInclude(std::span<const ast::Directive> directives);
  bool FragmentApplies(const Type& type, std::string_view condition) const;
  const FieldGroups& Subfields(const Type& type, const FieldGroup& group);
  const FieldGroups& SubfieldsUncached(const Type& type, const FieldGroup& group);
  bool CoerceArguments(const std::vector<InputValue>& defs, const ast::Selection& node, boost::json::object& out);

  // The fast path (plain_writer.cc): a field whose whole subtree only reads
  // values (default resolvers, introspection, constant arguments, no abstract
  // type) is written straight to JSON, with no result nodes. Anything unusual
  // (a null at a non-null position, a value its type refuses) makes
  // WritePlainField() return false; having had no effect, the field then runs
  // the general path, which reports the error as usual.
  bool PlainTree(const Type& parent_type, const FieldGroup& group);
  bool ComputePlainTree(const Type& parent_type, const FieldGroup& group);
  // The whole response when every root field is plain; false (and
  // `response` empty) otherwise.
  bool TryPlainOperation(std::string& response);
  bool TryPlainField(const Type& parent_type, const Src& source, const FieldGroup& group, ResultNode* slot);
  bool WritePlainField(const Type& parent_type, const Src& source, const FieldGroup& group, JsonOut& out);
  bool WritePlainValue(const TypeRef& type, const FieldGroup& group, const Src& value, JsonOut& out);
  bool WritePlainLeaf(const Type& type, const Src& value, JsonOut& out);
  bool ArgumentsCoerce(const FieldGroup& group);

  void ExecuteSelection(ResultNode* object, const Type& type, const Src& source, const FieldGroups& groups);
  void RunSerialRoot();
  void ExecuteField(const Type& parent_type, const Src& source, const FieldGroup& group, ResultNode* slot);
  void Resolved(const Type& parent_type, const Field& field, const FieldGroup& group, ResultNode* slot,
                FieldValue value);
  void CompleteValue(const TypeRef& type, const Type& parent_type, const Field& field, const FieldGroup& group,
                     const Src& value, ResultNode* slot);
  const Type* ResolveAbstract(const Type& abstract, const Src& value, const Type& parent_type, const Field& field,
                              const FieldGroup& group, ResultNode* slot);

  void FieldError(ResultNode* slot, std::string message, std::vector<SourcePosition> locations,
                  boost::json::object extensions = {});
  std::vector<SourcePosition> Locations(const FieldGroup& group) const;
  static bool IsDead(const ResultNode* node);
  static void NullOut(ResultNode* node);
  void SetLeaf(ResultNode* slot, std::string_view json_text);
  ResultNode* NewNodes(size_t n);
  void MaybeFinish();
  void Pump();
  void Finish(bool include_data);
  void Write(const ResultNode* node, std::string& out) const;

  const Schema& schema_;
  ExecuteRequest request_;
  std::function<void(std::string)> done_;
  std::recursive_mutex mu_;
  Arena arena_{Arena::Mode::kPooled};
  // A list, not a deque: a deque allocates even when nothing is put in it.
  std::forward_list<boost::json::value> owned_;
  std::vector<Error> errors_;
  const ast::Definition* operation_ = nullptr;
  std::unordered_map<std::string_view, const ast::Definition*> fragments_;
  bool fragments_indexed_ = false;
  boost::json::object variables_;
  std::shared_ptr<PlanCache> plans_;
  std::shared_ptr<const Plan> shared_plan_;  // Read only; groups it lacks go to plan_.
  std::shared_ptr<Plan> plan_;  // Made when first needed: OwnPlan().
  const FieldGroups* root_groups_ = nullptr;
  const Type* last_subfields_type_ = nullptr;
  const FieldGroup* last_subfields_group_ = nullptr;
  const FieldGroups* last_subfields_ = nullptr;
  ResultNode* data_ = nullptr;
  const Type* root_type_ = nullptr;
  Src root_source_;
  size_t next_serial_ = 0;
  bool serial_ = false;
  int outstanding_ = 0;
  bool started_ = false;
  bool pumping_ = false;
  bool finished_ = false;
  std::string scratch_;
  std::string leaf_scratch_;
  std::vector<const FieldGroup*> arguments_checked_;  // Groups whose arguments coerced.
  std::string plain_response_;  // From TryPlainOperation().
};

// ExecuteAsync() and Execute() (execute.h) with the plans of a cached document.
void ExecuteAsync(const Schema& schema, ExecuteRequest&& request, std::shared_ptr<PlanCache> plans,
                  std::function<void(std::string)> done);
std::string Execute(const Schema& schema, ExecuteRequest&& request, std::shared_ptr<PlanCache> plans);

}  // namespace parfumerie::graphql::impl

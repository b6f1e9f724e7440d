// BuildSchema(): SDL documents to a Schema, as graphql-js buildASTSchema does,
// including its type order (which introspection exposes).
#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

#include "graphql/impl/builtins.h"
#include "graphql/impl/schema_validation.h"
#include "graphql/impl/suggestions.h"
#include "graphql/impl/values.h"
#include "graphql/parser.h"
#include "graphql/schema.h"

namespace parfumerie::graphql {

// The built-in SDL, parsed once: it is most of the text of a small schema,
// and a Document is immutable, so every schema shares it.
const ParseResult& Builtins() {
  static const ParseResult* const builtins = new ParseResult(Parse(impl::BuiltinsSdl()));
  return *builtins;
}

class SchemaBuilder {
 public:
  explicit SchemaBuilder(std::unique_ptr<Schema> schema) : schema_(std::move(schema)) {}

  absl::StatusOr<std::unique_ptr<Schema>> Build(std::string_view sdl) {
    const ParseResult& builtins = Builtins();
    if (!builtins.document) return absl::InternalError("built-in SDL: " + builtins.error->message);
    Limits limits;
    limits.max_source_length = 0;
    limits.max_tokens = 0;
    auto user = Parse(std::string(sdl), limits);
    if (!user.document) {
      const auto& e = *user.error;
      return absl::InvalidArgumentError(e.message + " (" + std::to_string(e.locations[0].line) + ":" +
                                        std::to_string(e.locations[0].column) + ")");
    }
    builtin_doc_ = builtins.document;
    user_doc_ = user.document;
    CreateTypes(*builtin_doc_, true);
    CreateTypes(*user_doc_, false);
    FillTypes(*builtin_doc_);
    FillTypes(*user_doc_);
    BuildDirectives();
    BuildRoots();
    CheckDirectiveUses();
    if (!errors_.empty()) return Fail();
    BuildMetaFields();
    ComputeDefaults();
    schema_->documents_ = {builtin_doc_, user_doc_};
    OrderTypes();
    schema_->located_validation_errors_ = impl::ValidateSchema(*schema_, user_doc_.get());
    for (const auto& e : schema_->located_validation_errors_) schema_->validation_errors_.push_back(e.message);
    return std::move(schema_);
  }

 private:
  // graphql-js's SDL rules (specifiedSDLRules), in its order: errors come in
  // document order, and at one node in this order, as its visitor reports them.
  enum class Rule : uint8_t {
    kLoneSchemaDefinition,
    kUniqueOperationTypes,
    kUniqueTypeNames,
    kUniqueEnumValueNames,
    kUniqueFieldDefinitionNames,
    kUniqueArgumentDefinitionNames,
    kUniqueDirectiveNames,
    kKnownTypeNames,
    kKnownDirectives,
    kUniqueDirectivesPerLocation,
    kPossibleTypeExtensions,
    kKnownArgumentNamesOnDirectives,
    kUniqueArgumentNames,
    kUniqueInputFieldNames,
    kProvidedRequiredArgumentsOnDirectives,
  };

  struct SdlError {
    uint32_t offset;
    Rule rule;
    std::string message;
  };

  // One error, as graphql-js assertValidSDL() throws: the messages joined.
  absl::Status Fail() {
    std::stable_sort(errors_.begin(), errors_.end(), [](const SdlError& a, const SdlError& b) {
      return a.offset != b.offset ? a.offset < b.offset : a.rule < b.rule;
    });
    std::string message;
    for (const auto& e : errors_) {
      if (!message.empty()) message += "\n\n";
      message += e.message;
    }
    return absl::InvalidArgumentError(message);
  }

  // `offset`: the node graphql-js's visitor is at when the rule reports.
  void Error(Rule rule, uint32_t offset, std::string message) { errors_.push_back({offset, rule, std::move(message)}); }

  // Standard scalars and introspection types, then the document's types:
  // what graphql-js suggests for an unknown type in SDL.
  std::vector<std::string> TypeNameOptions(bool with_standard) const {
    std::vector<std::string> names;
    if (with_standard) {
      for (const char* n : {"String", "Int", "Float", "Boolean", "ID", "__Schema", "__Directive", "__DirectiveLocation",
                            "__Type", "__Field", "__InputValue", "__EnumValue", "__TypeKind"}) {
        names.emplace_back(n);
      }
    }
    std::unordered_set<std::string_view> seen;
    for (const auto& d : user_doc_->definitions()) {
      if (IsTypeDefinition(d) && !d.is_extension && seen.insert(d.name).second) names.emplace_back(d.name);
    }
    return names;
  }

  static bool IsTypeDefinition(const ast::Definition& d) {
    return d.kind != ast::DefinitionKind::kOperation && d.kind != ast::DefinitionKind::kFragment &&
           d.kind != ast::DefinitionKind::kSchema && d.kind != ast::DefinitionKind::kDirective;
  }

  static TypeKind KindOf(ast::DefinitionKind kind) {
    switch (kind) {
      case ast::DefinitionKind::kObject: return TypeKind::kObject;
      case ast::DefinitionKind::kInterface: return TypeKind::kInterface;
      case ast::DefinitionKind::kUnion: return TypeKind::kUnion;
      case ast::DefinitionKind::kEnum: return TypeKind::kEnum;
      case ast::DefinitionKind::kInputObject: return TypeKind::kInputObject;
      default: return TypeKind::kScalar;
    }
  }

  static const char* KindWord(TypeKind kind) {
    switch (kind) {
      case TypeKind::kScalar: return "scalar";
      case TypeKind::kObject: return "object";
      case TypeKind::kInterface: return "interface";
      case TypeKind::kUnion: return "union";
      case TypeKind::kEnum: return "enum";
      case TypeKind::kInputObject: return "input object";
    }
    return "";
  }

  void CreateTypes(const Document& doc, bool builtin) {
    for (const auto& d : doc.definitions()) {
      // Operations and fragments in SDL are ignored, as buildASTSchema does.
      if (!IsTypeDefinition(d) || d.is_extension) continue;
      if (!builtin && schema_->type_map_.count(d.name)) {
        const Type* existing = schema_->type_map_[d.name];
        if (existing->builtin && existing->kind == TypeKind::kScalar && d.kind == ast::DefinitionKind::kScalar &&
            !d.name.starts_with("__")) {
          continue;  // Redefining a standard scalar keeps the standard one, as graphql-js does.
        }
        Error(Rule::kUniqueTypeNames, d.loc, "There can be only one type named \"" + std::string(d.name) + "\".");
        continue;
      }
      Type& t = schema_->type_storage_.emplace_back();
      t.kind = KindOf(d.kind);
      t.name = std::string(d.name);
      t.builtin = builtin;
      if (builtin && t.kind == TypeKind::kScalar) {
        t.scalar = t.name == "Int"     ? ScalarKind::kInt
                   : t.name == "Float" ? ScalarKind::kFloat
                   : t.name == "String" ? ScalarKind::kString
                   : t.name == "Boolean" ? ScalarKind::kBoolean
                                         : ScalarKind::kID;
      }
      t.description = std::string(d.description);
      t.has_description = d.has_description;
      schema_->type_map_[t.name] = &t;
      definition_of_[&t] = &d;
      if (!builtin) user_order_.push_back(&t);
    }
  }

  void UnknownType(std::string_view name, uint32_t loc) {
    Error(Rule::kKnownTypeNames, loc,
          "Unknown type \"" + std::string(name) + "\"." +
              impl::DidYouMean(impl::SuggestionList(name, TypeNameOptions(true))));
  }

  const TypeRef* Resolve(const ast::Type& node, const Document& doc) {
    switch (node.kind) {
      case ast::Type::Kind::kNamed: {
        Type* t = schema_->MutableType(node.name);
        if (t == nullptr) {
          UnknownType(node.name, node.loc);
          return nullptr;
        }
        return schema_->Named(t);
      }
      case ast::Type::Kind::kList: {
        const TypeRef* of = Resolve(*node.of, doc);
        return of ? schema_->ListOf(of) : nullptr;
      }
      case ast::Type::Kind::kNonNull: {
        const TypeRef* of = Resolve(*node.of, doc);
        return of ? schema_->NonNullOf(of) : nullptr;
      }
    }
    return nullptr;
  }

  // Reads @deprecated(reason:) from applied directives.
  static void ReadDeprecation(std::span<const ast::Directive> directives, bool& deprecated, std::string& reason) {
    for (const auto& d : directives) {
      if (d.name != "deprecated") continue;
      deprecated = true;
      reason = "No longer supported";
      for (const auto& a : d.arguments) {
        if (a.name != "reason") continue;
        if (a.value->kind == ast::ValueKind::kString) {
          reason = std::string(a.value->text);
        } else if (a.value->kind == ast::ValueKind::kNull) {
          deprecated = false;
        }
      }
    }
  }

  // Arguments (`owner` like "Type.field" or "@directive", reported at
  // `owner_loc`) or, with an empty `owner`, the input fields of `type`.
  void BuildInputValues(std::span<const ast::InputValueDefinition> defs, std::vector<InputValue>& out,
                        const Document& doc, const std::string& owner, uint32_t owner_loc,
                        const std::string& type = {}) {
    for (const auto& d : defs) {
      bool duplicate = false;
      for (const auto& existing : out) duplicate |= existing.name == d.name;
      if (duplicate) {
        if (owner.empty()) {
          Error(Rule::kUniqueFieldDefinitionNames, owner_loc,
                "Field \"" + type + "." + std::string(d.name) + "\" can only be defined once.");
        } else {
          Error(Rule::kUniqueArgumentDefinitionNames, owner_loc,
                "Argument \"" + owner + "(" + std::string(d.name) + ":)\" can only be defined once.");
        }
        continue;
      }
      InputValue& iv = out.emplace_back();
      iv.name = std::string(d.name);
      iv.description = std::string(d.description);
      iv.has_description = d.has_description;
      iv.type = Resolve(*d.type, doc);
      ReadDeprecation(d.directives, iv.deprecated, iv.deprecation_reason);
      iv.default_literal = d.default_value;
    }
  }

  void FillTypes(const Document& doc) {
    for (const auto& d : doc.definitions()) {
      if (!IsTypeDefinition(d)) continue;
      Type* t = schema_->MutableType(d.name);
      if (t == nullptr) {
        Error(Rule::kPossibleTypeExtensions, d.loc,
              "Cannot extend type \"" + std::string(d.name) + "\" because it is not defined." +
                  impl::DidYouMean(impl::SuggestionList(d.name, TypeNameOptions(false))));
        continue;
      }
      if (!d.is_extension && definition_of_[t] != &d) continue;  // A redefined standard scalar.
      if (d.is_extension && t->kind != KindOf(d.kind)) {
        Error(Rule::kPossibleTypeExtensions, d.loc,
              "Cannot extend non-" + std::string(KindWord(KindOf(d.kind))) + " type \"" + t->name + "\".");
        continue;
      }
      for (const auto& dir : d.directives) {
        if (dir.name == "specifiedBy") {
          for (const auto& a : dir.arguments) {
            if (a.name == "url" && a.value->kind == ast::ValueKind::kString) t->specified_by_url = std::string(a.value->text);
          }
        } else if (dir.name == "oneOf") {
          t->one_of = true;
        }
      }
      for (const auto& i : d.interfaces) {
        Type* iface = schema_->MutableType(i.name);
        if (iface == nullptr) {
          UnknownType(i.name, i.loc);
          continue;
        }
        t->interfaces.push_back(iface);
      }
      for (const auto& f : d.fields) {
        if (t->field_index_.count(f.name)) {
          Error(Rule::kUniqueFieldDefinitionNames, d.loc,
                "Field \"" + t->name + "." + std::string(f.name) + "\" can only be defined once.");
          continue;
        }
        Field& field = t->fields.emplace_back();
        field.name = std::string(f.name);
        field.description = std::string(f.description);
        field.has_description = f.has_description;
        field.type = Resolve(*f.type, doc);
        ReadDeprecation(f.directives, field.deprecated, field.deprecation_reason);
        t->field_index_.clear();
        for (size_t i = 0; i < t->fields.size(); ++i) t->field_index_[t->fields[i].name] = i;
      }
      // Arguments after all fields exist: field storage no longer moves.
      size_t first = t->fields.size() - d.fields.size();
      for (size_t i = 0; i < d.fields.size() && first + i < t->fields.size(); ++i) {
        Field& field = t->fields[first + i];
        if (field.name != d.fields[i].name) continue;
        BuildInputValues(d.fields[i].arguments, field.arguments, doc, t->name + "." + field.name, d.loc);
      }
      for (const auto& m : d.members) {
        Type* member = schema_->MutableType(m.name);
        if (member == nullptr) {
          UnknownType(m.name, m.loc);
          continue;
        }
        t->possible_types.push_back(member);
      }
      for (const auto& v : d.values) {
        if (t->FindEnumValue(v.name)) {
          Error(Rule::kUniqueEnumValueNames, d.loc,
                "Enum value \"" + t->name + "." + std::string(v.name) + "\" can only be defined once.");
          continue;
        }
        EnumValue& ev = t->enum_values.emplace_back();
        ev.name = std::string(v.name);
        ev.description = std::string(v.description);
        ev.has_description = v.has_description;
        ReadDeprecation(v.directives, ev.deprecated, ev.deprecation_reason);
      }
      if (d.kind == ast::DefinitionKind::kInputObject) {
        BuildInputValues(d.arguments, t->input_fields, doc, "", d.loc, t->name);
      }
    }
  }

  void BuildDirectives() {
    auto add = [&](const ast::Definition& d, const Document& doc, bool builtin) {
      if (schema_->directive_map_.count(d.name)) {
        if (!builtin) {
          Error(Rule::kUniqueDirectiveNames, d.loc, "There can be only one directive named \"@" + std::string(d.name) + "\".");
        }
        return;
      }
      DirectiveDefinition& dd = schema_->directive_storage_.emplace_back();
      dd.name = std::string(d.name);
      dd.description = std::string(d.description);
      dd.has_description = d.has_description;
      dd.repeatable = d.repeatable;
      dd.builtin = builtin;
      for (const auto& l : d.locations) dd.locations.emplace_back(l.name);
      BuildInputValues(d.arguments, dd.arguments, doc, "@" + dd.name, d.loc);
      schema_->directive_map_[dd.name] = &dd;
      schema_->directive_list_.push_back(&dd);
    };
    for (const auto& d : user_doc_->definitions()) {
      if (d.kind == ast::DefinitionKind::kDirective) add(d, *user_doc_, false);
    }
    for (const auto& d : builtin_doc_->definitions()) {
      if (d.kind == ast::DefinitionKind::kDirective) add(d, *builtin_doc_, true);
    }
  }

  void BuildRoots() {
    bool has_schema = false;
    for (const auto& d : user_doc_->definitions()) {
      if (d.kind != ast::DefinitionKind::kSchema) continue;
      if (!d.is_extension) {
        if (has_schema) Error(Rule::kLoneSchemaDefinition, d.loc, "Must provide only one schema definition.");
        has_schema = true;
        schema_->description_ = std::string(d.description);
        schema_->has_description_ = d.has_description;
      }
      for (const auto& ot : d.operation_types) {
        const Type* t = schema_->FindType(ot.type.name);
        if (t == nullptr) {
          UnknownType(ot.type.name, ot.type.loc);
          continue;
        }
        const Type*& slot = ot.operation == ast::OperationType::kQuery      ? schema_->query_
                            : ot.operation == ast::OperationType::kMutation ? schema_->mutation_
                                                                            : schema_->subscription_;
        if (slot != nullptr) {
          Error(Rule::kUniqueOperationTypes, d.loc,
                "There can be only one " + std::string(OperationTypeName(ot.operation)) + " type in schema.");
        }
        slot = t;
      }
    }
    if (!has_schema) {
      auto pick = [&](const char* name) -> const Type* {
        const Type* t = schema_->FindType(name);
        return t != nullptr && !t->builtin ? t : nullptr;
      };
      // Without a schema definition, types named after the roots are the
      // roots, even over `extend schema` (graphql-js buildASTSchema).
      if (const Type* t = pick("Query")) schema_->query_ = t;
      if (const Type* t = pick("Mutation")) schema_->mutation_ = t;
      if (const Type* t = pick("Subscription")) schema_->subscription_ = t;
    }
  }

  // The directives applied in the SDL: known, allowed where they stand, not
  // repeated unless repeatable (a type and its extensions count as one
  // place), with known, unique and required arguments.
  void CheckDirectiveUses() {
    std::unordered_map<std::string_view, std::unordered_set<std::string_view>> per_type;
    std::unordered_set<std::string_view> on_schema;
    for (const auto& d : user_doc_->definitions()) {
      if (d.kind == ast::DefinitionKind::kDirective) {
        for (const auto& a : d.arguments) CheckDirectives(a.directives, "ARGUMENT_DEFINITION", a.loc, nullptr);
        continue;
      }
      if (d.IsExecutable()) continue;
      auto& seen = d.kind == ast::DefinitionKind::kSchema ? on_schema : per_type[d.name];
      CheckDirectives(d.directives, LocationOf(d.kind), d.loc, &seen);
      for (const auto& f : d.fields) {
        CheckDirectives(f.directives, "FIELD_DEFINITION", f.loc, nullptr);
        for (const auto& a : f.arguments) CheckDirectives(a.directives, "ARGUMENT_DEFINITION", a.loc, nullptr);
      }
      const char* input_location =
          d.kind == ast::DefinitionKind::kInputObject ? "INPUT_FIELD_DEFINITION" : "ARGUMENT_DEFINITION";
      for (const auto& a : d.arguments) CheckDirectives(a.directives, input_location, a.loc, nullptr);
      for (const auto& v : d.values) CheckDirectives(v.directives, "ENUM_VALUE", v.loc, nullptr);
    }
  }

  static const char* LocationOf(ast::DefinitionKind kind) {
    switch (kind) {
      case ast::DefinitionKind::kSchema: return "SCHEMA";
      case ast::DefinitionKind::kScalar: return "SCALAR";
      case ast::DefinitionKind::kObject: return "OBJECT";
      case ast::DefinitionKind::kInterface: return "INTERFACE";
      case ast::DefinitionKind::kUnion: return "UNION";
      case ast::DefinitionKind::kEnum: return "ENUM";
      case ast::DefinitionKind::kInputObject: return "INPUT_OBJECT";
      default: return "";
    }
  }

  void CheckDirectives(std::span<const ast::Directive> directives, std::string_view location, uint32_t owner_loc,
                       std::unordered_set<std::string_view>* shared_seen) {
    std::unordered_set<std::string_view> local_seen;
    auto& seen = shared_seen ? *shared_seen : local_seen;
    for (const auto& use : directives) {
      const DirectiveDefinition* def = schema_->FindDirective(use.name);
      const std::string name(use.name);
      if (def == nullptr) {
        Error(Rule::kKnownDirectives, use.loc, "Unknown directive \"@" + name + "\".");
        continue;
      }
      if (!def->HasLocation(location)) {
        Error(Rule::kKnownDirectives, use.loc,
              "Directive \"@" + name + "\" may not be used on " + std::string(location) + ".");
      }
      if (!def->repeatable && !seen.insert(use.name).second) {
        Error(Rule::kUniqueDirectivesPerLocation, owner_loc,
              "The directive \"@" + name + "\" can only be used once at this location.");
      }
      std::vector<std::string> known;
      for (const InputValue& a : def->arguments) known.push_back(a.name);
      std::unordered_set<std::string_view> given;
      std::unordered_set<std::string_view> reported;
      for (const auto& a : use.arguments) {
        if (def->FindArgument(a.name) == nullptr) {
          Error(Rule::kKnownArgumentNamesOnDirectives, use.loc,
                "Unknown argument \"" + std::string(a.name) + "\" on directive \"@" + name + "\"." +
                    impl::DidYouMean(impl::SuggestionList(a.name, known)));
        }
        if (!given.insert(a.name).second && reported.insert(a.name).second) {
          Error(Rule::kUniqueArgumentNames, use.loc,
                "There can be only one argument named \"" + std::string(a.name) + "\".");
        }
        CheckInputFieldNames(*a.value);
      }
      for (const InputValue& a : def->arguments) {
        if (!a.type || !a.type->IsNonNull() || a.default_literal != nullptr || given.count(a.name)) continue;
        Error(Rule::kProvidedRequiredArgumentsOnDirectives, use.loc,
              "Directive \"@" + name + "\" argument \"" + a.name + "\" of type \"" + a.type->ToString() +
                  "\" is required, but it was not provided.");
      }
    }
  }

  void CheckInputFieldNames(const ast::Value& value) {
    for (const ast::Value* item : value.list) CheckInputFieldNames(*item);
    std::unordered_set<std::string_view> names;
    for (const auto& f : value.fields) {
      if (!names.insert(f.name).second) {
        Error(Rule::kUniqueInputFieldNames, value.loc,
              "There can be only one input field named \"" + std::string(f.name) + "\".");
      }
      CheckInputFieldNames(*f.value);
    }
  }

  void BuildMetaFields() {
    const Type* string_type = schema_->FindType("String");
    Field& s = schema_->meta_fields_[0];
    s.name = "__schema";
    s.description = "Access the current type schema of this server.";
    s.has_description = true;
    s.type = schema_->NonNullOf(schema_->Named(schema_->FindType("__Schema")));
    Field& t = schema_->meta_fields_[1];
    t.name = "__type";
    t.description = "Request the type information of a single type.";
    t.has_description = true;
    t.type = schema_->Named(schema_->FindType("__Type"));
    InputValue& name = t.arguments.emplace_back();
    name.name = "name";
    name.type = schema_->NonNullOf(schema_->Named(string_type));
    Field& n = schema_->meta_fields_[2];
    n.name = "__typename";
    n.description = "The name of the current Object type at runtime.";
    n.has_description = true;
    n.type = schema_->NonNullOf(schema_->Named(string_type));
  }

  // Input object fields first, each type after the input types its fields
  // use (graphql-js computes them lazily in that order); a type already in
  // progress (a cycle) shows its defaults as absent, so recursion is bounded.
  void ComputeDefaults() {
    auto compute = [](std::vector<InputValue>& values) {
      for (InputValue& iv : values) {
        if (iv.type == nullptr || iv.default_literal == nullptr) continue;
        iv.default_value = impl::ValueFromAst(*iv.default_literal, *iv.type, nullptr);
      }
    };
    std::unordered_map<const Type*, int> state;  // 1: in progress, 2: done.
    std::function<void(Type&)> visit = [&](Type& t) {
      if (state[&t] != 0) return;
      state[&t] = 1;
      for (InputValue& f : t.input_fields) {
        if (f.type != nullptr && f.type->named->kind == TypeKind::kInputObject) {
          visit(*const_cast<Type*>(f.type->named));  // Owned by schema_, being built.
        }
      }
      compute(t.input_fields);
      state[&t] = 2;
    };
    for (Type& t : schema_->type_storage_) {
      if (t.kind == TypeKind::kInputObject) visit(t);
    }
    for (Type& t : schema_->type_storage_) {
      for (Field& f : t.fields) compute(f.arguments);
    }
    for (DirectiveDefinition& d : schema_->directive_storage_) compute(d.arguments);
  }

  // graphql-js GraphQLSchema: the host's types in order, each re-collected
  // (moved to the end, followed by what it references first), then roots,
  // directive arguments and the introspection types.
  void OrderTypes() {
    std::vector<const Type*> order;
    std::unordered_map<const Type*, size_t> position;
    std::vector<bool> alive;
    auto has = [&](const Type* t) { return position.count(t) != 0; };
    auto add = [&](const Type* t) {
      position[t] = order.size();
      order.push_back(t);
      alive.push_back(true);
    };
    std::function<void(const Type*)> collect = [&](const Type* t) {
      if (has(t)) return;
      add(t);
      if (t->kind == TypeKind::kUnion) {
        for (const Type* m : t->possible_types) collect(m);
      } else if (t->kind == TypeKind::kObject || t->kind == TypeKind::kInterface) {
        for (const Type* i : t->interfaces) collect(i);
        for (const Field& f : t->fields) {
          if (f.type) collect(f.type->named);
          for (const InputValue& a : f.arguments) {
            if (a.type) collect(a.type->named);
          }
        }
      } else if (t->kind == TypeKind::kInputObject) {
        for (const InputValue& f : t->input_fields) {
          if (f.type) collect(f.type->named);
        }
      }
    };
    for (const Type* t : user_order_) add(t);
    for (const Type* t : user_order_) {
      alive[position[t]] = false;
      position.erase(t);
      collect(t);
    }
    for (const Type* root : {schema_->query_, schema_->mutation_, schema_->subscription_}) {
      if (root) collect(root);
    }
    for (const DirectiveDefinition* d : schema_->directive_list_) {
      for (const InputValue& a : d->arguments) {
        if (a.type) collect(a.type->named);
      }
    }
    collect(schema_->FindType("__Schema"));
    for (size_t i = 0; i < order.size(); ++i) {
      if (alive[i]) schema_->types_.push_back(order[i]);
    }
    // Like graphql-js getType(): only types the schema reaches are known.
    schema_->type_map_.clear();
    for (const Type* t : schema_->types_) schema_->type_map_[t->name] = const_cast<Type*>(t);
    // Interfaces list their implementations in type order.
    for (const Type* t : schema_->types_) {
      if (t->kind != TypeKind::kObject && t->kind != TypeKind::kInterface) continue;
      for (const Type* iface : t->interfaces) {
        if (iface->kind != TypeKind::kInterface) continue;
        Type* mutable_iface = const_cast<Type*>(iface);  // Owned by schema_, being built.
        if (t->kind == TypeKind::kObject) mutable_iface->possible_types.push_back(t);
      }
    }
  }

  std::unique_ptr<Schema> schema_;
  std::shared_ptr<const Document> builtin_doc_;
  std::shared_ptr<const Document> user_doc_;
  std::unordered_map<const Type*, const ast::Definition*> definition_of_;
  std::vector<const Type*> user_order_;
  std::vector<SdlError> errors_;
};

absl::StatusOr<std::unique_ptr<Schema>> BuildSchema(std::string_view sdl) {
  SchemaBuilder builder(std::make_unique<Schema>());
  return builder.Build(sdl);
}

}  // namespace parfumerie::graphql

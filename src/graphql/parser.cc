#include "graphql/parser.h"

#include <vector>

#include "graphql/impl/lexer.h"

namespace parfumerie::graphql {
namespace {

using impl::Token;
using impl::TokenKind;

// Unwinds the recursive descent to Parse(); never escapes this file.
struct SyntaxError {
  std::string message;
  uint32_t offset;
};

bool IsPunctuator(TokenKind kind) {
  switch (kind) {
    case TokenKind::kName: case TokenKind::kInt: case TokenKind::kFloat: case TokenKind::kString:
    case TokenKind::kBlockString: case TokenKind::kEof: case TokenKind::kSof:
      return false;
    default:
      return true;
  }
}

std::string KindDesc(TokenKind kind) {
  return IsPunctuator(kind) ? std::string("\"") + impl::TokenKindName(kind) + "\"" : impl::TokenKindName(kind);
}

std::string TokenDesc(const Token& token) {
  std::string out = KindDesc(token.kind);
  if (token.kind == TokenKind::kName || token.kind == TokenKind::kInt || token.kind == TokenKind::kFloat ||
      token.kind == TokenKind::kString || token.kind == TokenKind::kBlockString) {
    out += " \"";
    out += token.value;
    out += "\"";
  }
  return out;
}

bool IsDirectiveLocation(std::string_view name) {
  static constexpr std::string_view kLocations[] = {
      "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD",
      "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
      "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
      "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION"};
  for (auto l : kLocations) {
    if (l == name) return true;
  }
  return false;
}

class Parser {
 public:
  Parser(Document& doc, const Limits& limits)
      : doc_(doc), arena_(doc.arena()), limits_(limits), lexer_(doc.source(), doc.arena()) {}

  std::span<const ast::Definition> ParseDocument() {
    Advance();
    std::vector<ast::Definition> defs;
    do {
      defs.push_back(ParseDefinition());
    } while (!Optional(TokenKind::kEof));
    return arena_.Copy(defs);
  }

 private:
  // --- token plumbing -------------------------------------------------------
  void Lex(uint32_t from, Token& out) {
    impl::LexError error;
    if (!lexer_.Next(from, out, error)) throw SyntaxError{std::move(error.message), error.offset};
  }

  void Advance() {
    Lex(token_.end, token_);
    has_lookahead_ = false;
    if (token_.kind != TokenKind::kEof && limits_.max_tokens != 0 && ++token_count_ > limits_.max_tokens) {
      throw SyntaxError{"Document contains more than " + std::to_string(limits_.max_tokens) +
                            " tokens (limit max_tokens). Parsing aborted.",
                        token_.start};
    }
  }

  const Token& Lookahead() {
    if (!has_lookahead_) {
      Lex(token_.end, lookahead_);
      has_lookahead_ = true;
    }
    return lookahead_;
  }

  [[noreturn]] void Unexpected(const Token& token) {
    throw SyntaxError{"Unexpected " + TokenDesc(token) + ".", token.start};
  }
  [[noreturn]] void Unexpected() { Unexpected(token_); }

  bool Peek(TokenKind kind) const { return token_.kind == kind; }

  Token Expect(TokenKind kind) {
    Token t = token_;
    if (t.kind != kind) throw SyntaxError{"Expected " + KindDesc(kind) + ", found " + TokenDesc(t) + ".", t.start};
    Advance();
    return t;
  }

  bool Optional(TokenKind kind) {
    if (token_.kind != kind) return false;
    Advance();
    return true;
  }

  void ExpectKeyword(std::string_view word) {
    if (token_.kind == TokenKind::kName && token_.value == word) {
      Advance();
      return;
    }
    throw SyntaxError{"Expected \"" + std::string(word) + "\", found " + TokenDesc(token_) + ".", token_.start};
  }

  bool OptionalKeyword(std::string_view word) {
    if (token_.kind == TokenKind::kName && token_.value == word) {
      Advance();
      return true;
    }
    return false;
  }

  struct DepthGuard {
    DepthGuard(Parser& p, uint32_t offset) : p(p) {
      if (p.limits_.max_parser_depth != 0 && ++p.depth_ > p.limits_.max_parser_depth) {
        throw SyntaxError{"Document nesting exceeds " + std::to_string(p.limits_.max_parser_depth) +
                              " levels (limit max_parser_depth). Parsing aborted.",
                          offset};
      }
    }
    ~DepthGuard() { --p.depth_; }
    Parser& p;
  };

  ast::NamedType ParseName() {
    Token t = Expect(TokenKind::kName);
    return {t.value, t.start};
  }

  // --- definitions ----------------------------------------------------------
  ast::Definition ParseDefinition() {
    if (Peek(TokenKind::kBraceL)) return ParseOperation();
    bool has_description = Peek(TokenKind::kString) || Peek(TokenKind::kBlockString);
    const Token keyword = has_description ? Lookahead() : token_;
    if (has_description && keyword.kind == TokenKind::kBraceL) {
      throw SyntaxError{"Unexpected description, descriptions are not supported on shorthand queries.", token_.start};
    }
    if (keyword.kind == TokenKind::kName) {
      std::string_view k = keyword.value;
      if (k == "schema" || k == "scalar" || k == "type" || k == "interface" || k == "union" || k == "enum" ||
          k == "input" || k == "directive") {
        return ParseTypeSystemDefinition(k);
      }
      if (k == "query" || k == "mutation" || k == "subscription") return ParseOperation();
      if (k == "fragment") return ParseFragmentDefinition();
      if (has_description) {
        throw SyntaxError{"Unexpected description, only GraphQL definitions support descriptions.", token_.start};
      }
      if (k == "extend") return ParseExtension();
    }
    Unexpected(keyword);
  }

  ast::OperationType ParseOperationType() {
    Token t = Expect(TokenKind::kName);
    if (t.value == "query") return ast::OperationType::kQuery;
    if (t.value == "mutation") return ast::OperationType::kMutation;
    if (t.value == "subscription") return ast::OperationType::kSubscription;
    Unexpected(t);
  }

  ast::Definition ParseOperation() {
    ast::Definition def;
    def.kind = ast::DefinitionKind::kOperation;
    def.loc = token_.start;
    if (Peek(TokenKind::kBraceL)) {
      def.selection_set = ParseSelectionSet();
      return def;
    }
    ParseDescription(def);
    def.operation = ParseOperationType();
    if (Peek(TokenKind::kName)) {
      auto name = ParseName();
      def.name = name.name;
      def.name_loc = name.loc;
    }
    def.variables = ParseVariableDefinitions();
    def.directives = ParseDirectives(false);
    def.selection_set = ParseSelectionSet();
    return def;
  }

  std::span<const ast::VariableDefinition> ParseVariableDefinitions() {
    if (!Optional(TokenKind::kParenL)) return {};
    std::vector<ast::VariableDefinition> vars;
    do {
      ast::VariableDefinition v;
      v.loc = token_.start;
      ParseDescription(v);
      v.variable_loc = token_.start;
      Expect(TokenKind::kDollar);
      auto name = ParseName();
      v.name = name.name;
      v.name_loc = name.loc;
      Expect(TokenKind::kColon);
      v.type = ParseType();
      if (Optional(TokenKind::kEquals)) v.default_value = ParseValue(true);
      v.directives = ParseDirectives(true);
      vars.push_back(v);
    } while (!Optional(TokenKind::kParenR));
    return arena_.Copy(vars);
  }

  const ast::SelectionSet* ParseSelectionSet() {
    DepthGuard guard(*this, token_.start);
    auto* set = arena_.New<ast::SelectionSet>();
    set->loc = token_.start;
    Expect(TokenKind::kBraceL);
    std::vector<ast::Selection> sels;
    do {
      sels.push_back(ParseSelection());
    } while (!Optional(TokenKind::kBraceR));
    set->selections = arena_.Copy(sels);
    return set;
  }

  ast::Selection ParseSelection() {
    ast::Selection sel;
    sel.loc = token_.start;
    if (Optional(TokenKind::kSpread)) {
      bool has_condition = OptionalKeyword("on");
      if (!has_condition && Peek(TokenKind::kName)) {
        sel.kind = ast::Selection::Kind::kFragmentSpread;
        if (token_.value == "on") Unexpected();
        auto name = ParseName();
        sel.name = name.name;
        sel.name_loc = name.loc;
        sel.directives = ParseDirectives(false);
        return sel;
      }
      sel.kind = ast::Selection::Kind::kInlineFragment;
      if (has_condition) sel.type_condition = ParseName();
      sel.directives = ParseDirectives(false);
      sel.selection_set = ParseSelectionSet();
      return sel;
    }
    sel.kind = ast::Selection::Kind::kField;
    auto first = ParseName();
    if (Optional(TokenKind::kColon)) {
      sel.alias = first.name;
      auto name = ParseName();
      sel.name = name.name;
      sel.name_loc = name.loc;
    } else {
      sel.name = first.name;
      sel.name_loc = first.loc;
    }
    sel.arguments = ParseArguments(false);
    sel.directives = ParseDirectives(false);
    if (Peek(TokenKind::kBraceL)) sel.selection_set = ParseSelectionSet();
    return sel;
  }

  std::span<const ast::Argument> ParseArguments(bool is_const) {
    if (!Optional(TokenKind::kParenL)) return {};
    std::vector<ast::Argument> args;
    do {
      ast::Argument a;
      auto name = ParseName();
      a.name = name.name;
      a.loc = name.loc;
      Expect(TokenKind::kColon);
      a.value = ParseValue(is_const);
      args.push_back(a);
    } while (!Optional(TokenKind::kParenR));
    return arena_.Copy(args);
  }

  std::span<const ast::Directive> ParseDirectives(bool is_const) {
    if (!Peek(TokenKind::kAt)) return {};
    std::vector<ast::Directive> dirs;
    while (Peek(TokenKind::kAt)) {
      ast::Directive d;
      d.loc = token_.start;
      Advance();
      d.name = ParseName().name;
      d.arguments = ParseArguments(is_const);
      dirs.push_back(d);
    }
    return arena_.Copy(dirs);
  }

  ast::Definition ParseFragmentDefinition() {
    ast::Definition def;
    def.kind = ast::DefinitionKind::kFragment;
    def.loc = token_.start;
    ParseDescription(def);
    ExpectKeyword("fragment");
    if (token_.kind == TokenKind::kName && token_.value == "on") Unexpected();
    auto name = ParseName();
    def.name = name.name;
    def.name_loc = name.loc;
    ExpectKeyword("on");
    def.type_condition = ParseName();
    def.directives = ParseDirectives(false);
    def.selection_set = ParseSelectionSet();
    return def;
  }

  // --- values and types -----------------------------------------------------
  const ast::Value* ParseValue(bool is_const) {
    auto* v = arena_.New<ast::Value>();
    v->loc = token_.start;
    switch (token_.kind) {
      case TokenKind::kBracketL: {
        DepthGuard guard(*this, token_.start);
        Advance();
        v->kind = ast::ValueKind::kList;
        std::vector<const ast::Value*> items;
        while (!Optional(TokenKind::kBracketR)) items.push_back(ParseValue(is_const));
        v->list = arena_.Copy(items);
        return v;
      }
      case TokenKind::kBraceL: {
        DepthGuard guard(*this, token_.start);
        Advance();
        v->kind = ast::ValueKind::kObject;
        std::vector<ast::ObjectField> fields;
        while (!Optional(TokenKind::kBraceR)) {
          ast::ObjectField f;
          auto name = ParseName();
          f.name = name.name;
          f.loc = name.loc;
          Expect(TokenKind::kColon);
          f.value = ParseValue(is_const);
          fields.push_back(f);
        }
        v->fields = arena_.Copy(fields);
        return v;
      }
      case TokenKind::kInt:
        v->kind = ast::ValueKind::kInt;
        v->text = token_.value;
        Advance();
        return v;
      case TokenKind::kFloat:
        v->kind = ast::ValueKind::kFloat;
        v->text = token_.value;
        Advance();
        return v;
      case TokenKind::kString:
      case TokenKind::kBlockString:
        v->kind = ast::ValueKind::kString;
        v->block = token_.kind == TokenKind::kBlockString;
        v->text = token_.value;
        Advance();
        return v;
      case TokenKind::kName:
        if (token_.value == "true" || token_.value == "false") {
          v->kind = ast::ValueKind::kBoolean;
          v->boolean = token_.value == "true";
        } else if (token_.value == "null") {
          v->kind = ast::ValueKind::kNull;
        } else {
          v->kind = ast::ValueKind::kEnum;
          v->text = token_.value;
        }
        Advance();
        return v;
      case TokenKind::kDollar:
        if (is_const) {
          Token dollar = token_;
          Advance();
          if (Peek(TokenKind::kName)) {
            throw SyntaxError{"Unexpected variable \"$" + std::string(token_.value) + "\" in constant value.",
                              dollar.start};
          }
          Unexpected(dollar);
        }
        Advance();
        v->kind = ast::ValueKind::kVariable;
        v->text = ParseName().name;
        return v;
      default:
        Unexpected();
    }
  }

  const ast::Type* ParseType() {
    DepthGuard guard(*this, token_.start);
    auto* t = arena_.New<ast::Type>();
    t->loc = token_.start;
    if (Optional(TokenKind::kBracketL)) {
      t->kind = ast::Type::Kind::kList;
      t->of = ParseType();
      Expect(TokenKind::kBracketR);
    } else {
      t->kind = ast::Type::Kind::kNamed;
      t->name = ParseName().name;
    }
    if (Optional(TokenKind::kBang)) {
      auto* nn = arena_.New<ast::Type>();
      nn->kind = ast::Type::Kind::kNonNull;
      nn->loc = t->loc;
      nn->of = t;
      return nn;
    }
    return t;
  }

  // --- type system ----------------------------------------------------------
  void ParseDescription(ast::Definition& def) {
    if (Peek(TokenKind::kString) || Peek(TokenKind::kBlockString)) {
      def.description = token_.value;
      def.has_description = true;
      Advance();
    }
  }

  template <typename T>
  void ParseDescription(T& node) {
    if (Peek(TokenKind::kString) || Peek(TokenKind::kBlockString)) {
      node.description = token_.value;
      node.has_description = true;
      Advance();
    }
  }

  std::span<const ast::NamedType> ParseImplements() {
    if (!OptionalKeyword("implements")) return {};
    std::vector<ast::NamedType> out;
    Optional(TokenKind::kAmp);
    do {
      out.push_back(ParseName());
    } while (Optional(TokenKind::kAmp));
    return arena_.Copy(out);
  }

  std::span<const ast::InputValueDefinition> ParseInputValues(TokenKind open, TokenKind close) {
    if (!Optional(open)) return {};
    std::vector<ast::InputValueDefinition> out;
    do {
      ast::InputValueDefinition iv;
      iv.loc = token_.start;
      ParseDescription(iv);
      iv.name = ParseName().name;
      Expect(TokenKind::kColon);
      iv.type = ParseType();
      if (Optional(TokenKind::kEquals)) iv.default_value = ParseValue(true);
      iv.directives = ParseDirectives(true);
      out.push_back(iv);
    } while (!Optional(close));
    return arena_.Copy(out);
  }

  std::span<const ast::FieldDefinition> ParseFields() {
    if (!Optional(TokenKind::kBraceL)) return {};
    std::vector<ast::FieldDefinition> out;
    do {
      ast::FieldDefinition f;
      f.loc = token_.start;
      ParseDescription(f);
      f.name = ParseName().name;
      f.arguments = ParseInputValues(TokenKind::kParenL, TokenKind::kParenR);
      Expect(TokenKind::kColon);
      f.type = ParseType();
      f.directives = ParseDirectives(true);
      out.push_back(f);
    } while (!Optional(TokenKind::kBraceR));
    return arena_.Copy(out);
  }

  std::span<const ast::NamedType> ParseUnionMembers() {
    if (!Optional(TokenKind::kEquals)) return {};
    std::vector<ast::NamedType> out;
    Optional(TokenKind::kPipe);
    do {
      out.push_back(ParseName());
    } while (Optional(TokenKind::kPipe));
    return arena_.Copy(out);
  }

  std::span<const ast::EnumValueDefinition> ParseEnumValues() {
    if (!Optional(TokenKind::kBraceL)) return {};
    std::vector<ast::EnumValueDefinition> out;
    do {
      ast::EnumValueDefinition ev;
      ev.loc = token_.start;
      ParseDescription(ev);
      if (token_.kind == TokenKind::kName &&
          (token_.value == "true" || token_.value == "false" || token_.value == "null")) {
        throw SyntaxError{TokenDesc(token_) + " is reserved and cannot be used for an enum value.", token_.start};
      }
      ev.name = ParseName().name;
      ev.directives = ParseDirectives(true);
      out.push_back(ev);
    } while (!Optional(TokenKind::kBraceR));
    return arena_.Copy(out);
  }

  std::span<const ast::OperationTypeDefinition> ParseOperationTypes(bool required) {
    if (required) {
      Expect(TokenKind::kBraceL);
    } else if (!Optional(TokenKind::kBraceL)) {
      return {};
    }
    std::vector<ast::OperationTypeDefinition> out;
    do {
      ast::OperationTypeDefinition ot;
      ot.loc = token_.start;
      ot.operation = ParseOperationType();
      Expect(TokenKind::kColon);
      ot.type = ParseName();
      out.push_back(ot);
    } while (!Optional(TokenKind::kBraceR));
    return arena_.Copy(out);
  }

  ast::Definition ParseTypeSystemDefinition(std::string_view keyword) {
    ast::Definition def;
    def.loc = token_.start;
    ParseDescription(def);
    Advance();  // The keyword.
    ParseTypeSystemBody(keyword, def);
    return def;
  }

  void ParseTypeSystemBody(std::string_view keyword, ast::Definition& def) {
    auto name = [&] {
      auto n = ParseName();
      def.name = n.name;
      def.name_loc = n.loc;
    };
    if (keyword == "schema") {
      def.kind = ast::DefinitionKind::kSchema;
      def.directives = ParseDirectives(true);
      def.operation_types = ParseOperationTypes(!def.is_extension);
      if (def.is_extension && def.directives.empty() && def.operation_types.empty()) Unexpected();
    } else if (keyword == "scalar") {
      def.kind = ast::DefinitionKind::kScalar;
      name();
      def.directives = ParseDirectives(true);
      if (def.is_extension && def.directives.empty()) Unexpected();
    } else if (keyword == "type" || keyword == "interface") {
      def.kind = keyword == "type" ? ast::DefinitionKind::kObject : ast::DefinitionKind::kInterface;
      name();
      def.interfaces = ParseImplements();
      def.directives = ParseDirectives(true);
      def.fields = ParseFields();
      if (def.is_extension && def.interfaces.empty() && def.directives.empty() && def.fields.empty()) Unexpected();
    } else if (keyword == "union") {
      def.kind = ast::DefinitionKind::kUnion;
      name();
      def.directives = ParseDirectives(true);
      def.members = ParseUnionMembers();
      if (def.is_extension && def.directives.empty() && def.members.empty()) Unexpected();
    } else if (keyword == "enum") {
      def.kind = ast::DefinitionKind::kEnum;
      name();
      def.directives = ParseDirectives(true);
      def.values = ParseEnumValues();
      if (def.is_extension && def.directives.empty() && def.values.empty()) Unexpected();
    } else if (keyword == "input") {
      def.kind = ast::DefinitionKind::kInputObject;
      name();
      def.directives = ParseDirectives(true);
      def.arguments = ParseInputValues(TokenKind::kBraceL, TokenKind::kBraceR);
      if (def.is_extension && def.directives.empty() && def.arguments.empty()) Unexpected();
    } else {  // directive
      def.kind = ast::DefinitionKind::kDirective;
      Expect(TokenKind::kAt);
      name();
      def.arguments = ParseInputValues(TokenKind::kParenL, TokenKind::kParenR);
      def.repeatable = OptionalKeyword("repeatable");
      ExpectKeyword("on");
      std::vector<ast::NamedType> locations;
      Optional(TokenKind::kPipe);
      do {
        Token start = token_;
        auto loc = ParseName();
        if (!IsDirectiveLocation(loc.name)) Unexpected(start);
        locations.push_back(loc);
      } while (Optional(TokenKind::kPipe));
      def.locations = arena_.Copy(locations);
    }
  }

  ast::Definition ParseExtension() {
    ast::Definition def;
    def.loc = token_.start;
    def.is_extension = true;
    const Token keyword = Lookahead();
    if (keyword.kind == TokenKind::kName) {
      std::string_view k = keyword.value;
      if (k == "schema" || k == "scalar" || k == "type" || k == "interface" || k == "union" || k == "enum" ||
          k == "input") {
        Advance();  // extend
        Advance();  // keyword
        ParseTypeSystemBody(k, def);
        return def;
      }
    }
    Unexpected(keyword);
  }

  Document& doc_;
  Arena& arena_;
  const Limits& limits_;
  impl::Lexer lexer_;
  Token token_;
  Token lookahead_;
  bool has_lookahead_ = false;
  size_t token_count_ = 0;
  size_t depth_ = 0;
};

}  // namespace

ParseResult Parse(std::string source, const Limits& limits) {
  ParseResult result;
  if (limits.max_source_length != 0 && source.size() > limits.max_source_length) {
    result.error = Error{"Syntax Error: Document is " + std::to_string(source.size()) + " bytes, more than " +
                             std::to_string(limits.max_source_length) + " (limit max_source_length).",
                         {{1, 1}}, {}, {}};
    return result;
  }
  auto doc = std::make_shared<Document>(std::move(source));
  try {
    Parser parser(*doc, limits);
    doc->set_definitions(parser.ParseDocument());
  } catch (const SyntaxError& e) {
    result.error = Error{"Syntax Error: " + e.message, {doc->Position(e.offset)}, {}, {}};
    return result;
  }
  result.document = std::move(doc);
  return result;
}

}  // namespace parfumerie::graphql

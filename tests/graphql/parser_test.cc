#include "graphql/parser.h"

#include <gtest/gtest.h>

namespace parfumerie::graphql {
namespace {

Error ParseError(std::string source, const Limits& limits = {}) {
  auto result = Parse(std::move(source), limits);
  EXPECT_FALSE(result.document);
  return result.error.value_or(Error{});
}

TEST(ParserTest, ParsesOperationsFragmentsAndValues) {
  auto result = Parse(R"(
    query Q($a: [Int!]! = [1, 2] @dir, $b: In = {x: "s", y: """block"""}) @op {
      alias: field(arg: $a, e: ENUM, n: null, f: -1.5e3) @skip(if: false) { sub }
      ... on T { x }
      ... @include(if: true) { y }
      ...Frag
    }
    fragment Frag on T { z }
  )");
  ASSERT_TRUE(result.document) << result.error->message;
  auto defs = result.document->definitions();
  ASSERT_EQ(defs.size(), 2u);
  EXPECT_EQ(defs[0].name, "Q");
  ASSERT_EQ(defs[0].variables.size(), 2u);
  EXPECT_EQ(defs[0].variables[0].type->kind, ast::Type::Kind::kNonNull);
  EXPECT_EQ(defs[0].variables[0].directives.size(), 1u);
  const auto& sels = defs[0].selection_set->selections;
  ASSERT_EQ(sels.size(), 4u);
  EXPECT_EQ(sels[0].alias, "alias");
  EXPECT_EQ(sels[0].name, "field");
  EXPECT_EQ(sels[0].arguments.size(), 4u);
  EXPECT_EQ(sels[1].kind, ast::Selection::Kind::kInlineFragment);
  EXPECT_EQ(sels[1].type_condition.name, "T");
  EXPECT_EQ(sels[2].type_condition.name, "");
  EXPECT_EQ(sels[3].kind, ast::Selection::Kind::kFragmentSpread);
  EXPECT_EQ(defs[1].kind, ast::DefinitionKind::kFragment);
}

TEST(ParserTest, ParsesTypeSystem) {
  auto result = Parse(R"(
    "desc" schema @d { query: Q mutation: M }
    """block desc""" type T implements & A & B @x { f("arg" a: Int = 1 @deprecated): [T!]! }
    interface I implements A { f: Int }
    union U = | A | B
    enum E { A @deprecated(reason: "no") B }
    input In @oneOf { a: Int, b: String }
    scalar Date @specifiedBy(url: "https://example.com")
    directive @d(a: Int) repeatable on FIELD | QUERY
    extend type T { g: Int }
    extend schema @d
    extend union U = C
  )");
  ASSERT_TRUE(result.document) << result.error->message;
  auto defs = result.document->definitions();
  ASSERT_EQ(defs.size(), 11u);
  EXPECT_EQ(defs[0].description, "desc");
  EXPECT_EQ(defs[1].description, "block desc");
  EXPECT_EQ(defs[1].interfaces.size(), 2u);
  EXPECT_EQ(defs[3].members.size(), 2u);
  EXPECT_TRUE(defs[7].repeatable);
  EXPECT_TRUE(defs[8].is_extension);
}

TEST(ParserTest, BlockStringsAreDedented) {
  auto result = Parse("{ f(a: \"\"\"\n    hello\n      world\n    \\\"\"\"\n  \"\"\") }");
  ASSERT_TRUE(result.document);
  EXPECT_EQ(result.document->definitions()[0].selection_set->selections[0].arguments[0].value->text,
            "hello\n  world\n\"\"\"");
}

TEST(ParserTest, UnicodeEscapes) {
  auto result = Parse(R"({ f(a: "\u00e9\u{1F600}\uD83D\uDE00") })");
  ASSERT_TRUE(result.document);
  EXPECT_EQ(result.document->definitions()[0].selection_set->selections[0].arguments[0].value->text,
            "\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80");
  EXPECT_EQ(ParseError(R"({ f(a: "\uD800") })").locations[0].column, 9);
}

TEST(ParserTest, ColumnsCountUtf16CodeUnits) {
  // "é😀" is 3 UTF-16 code units, so the stray "?" is in column 9.
  Error e = ParseError("{ a(s: \"\xC3\xA9\xF0\x9F\x98\x80\" ?) }");
  ASSERT_EQ(e.locations.size(), 1u);
  EXPECT_EQ(e.locations[0].line, 1);
  EXPECT_EQ(e.locations[0].column, 14);
  e = ParseError("{\r\n  a\r\n  !\n}");
  EXPECT_EQ(e.locations[0].line, 3);
  EXPECT_EQ(e.locations[0].column, 3);
}

TEST(ParserTest, SyntaxErrorsMatchReference) {
  EXPECT_EQ(ParseError("").message, "Syntax Error: Unexpected <EOF>.");
  EXPECT_EQ(ParseError("{ a(b: 01) }").message, "Syntax Error: Invalid number, unexpected digit after 0: \"1\".");
  EXPECT_EQ(ParseError("{ a(b: 1.) }").message, "Syntax Error: Invalid number, expected digit but got: \")\".");
  EXPECT_EQ(ParseError("{ a(b: \"x) }").message, "Syntax Error: Unterminated string.");
  EXPECT_EQ(ParseError("query { a").message, "Syntax Error: Expected Name, found <EOF>.");
  EXPECT_EQ(ParseError("fragment on on T { a }").message, "Syntax Error: Unexpected Name \"on\".");
  EXPECT_EQ(ParseError("\"d\" { a }").message,
            "Syntax Error: Unexpected description, descriptions are not supported on shorthand queries.");
  EXPECT_EQ(ParseError("\"d\" extend type T { a: Int }").message,
            "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.");
  EXPECT_EQ(ParseError("query ($a: Int = $b) { a }").message,
            "Syntax Error: Unexpected variable \"$b\" in constant value.");
  EXPECT_EQ(ParseError("enum E { true }").message,
            "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.");
}

TEST(ParserTest, LimitsNameTheLimit) {
  Limits limits;
  limits.max_tokens = 5;
  EXPECT_NE(ParseError("{ a b c d e f }", limits).message.find("max_tokens"), std::string::npos);
  limits = {};
  limits.max_parser_depth = 10;
  std::string deep(50, '[');
  EXPECT_NE(ParseError("{ a(x: " + deep + ") }", limits).message.find("max_parser_depth"), std::string::npos);
  limits = {};
  limits.max_source_length = 4;
  EXPECT_NE(ParseError("{ abc }", limits).message.find("max_source_length"), std::string::npos);
}

TEST(ParserTest, DeepNestingDoesNotOverflowTheStack) {
  std::string deep = "{";
  for (int i = 0; i < 100000; ++i) deep += "a{";
  Error e = ParseError(deep);
  EXPECT_NE(e.message.find("max_parser_depth"), std::string::npos);
}

}  // namespace
}  // namespace parfumerie::graphql

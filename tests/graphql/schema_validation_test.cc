// Schema validation: the SDL rules BuildSchema() enforces and the
// validateSchema() rules it records, with graphql-js's messages and locations.
// The oracle corpus (cases/schema-validation) covers every rule against
// graphql-js itself; these pin the C++ API's shape.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graphql/schema.h"
#include "graphql/service.h"

namespace parfumerie::graphql {
namespace {

std::vector<std::string> Located(const Schema& schema) {
  std::vector<std::string> out;
  for (const Error& e : schema.located_validation_errors()) {
    std::string text = e.message;
    for (const auto& l : e.locations) text += " " + std::to_string(l.line) + ":" + std::to_string(l.column);
    out.push_back(text);
  }
  return out;
}

TEST(SchemaValidationTest, SdlErrorsAreOneStatusInDocumentOrder) {
  auto built = BuildSchema("type Query { a: Strin @nope }\ntype Query { b: Int }\nextend type Qury { c: Int }");
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(built.status().message(),
            "Unknown type \"Strin\". Did you mean \"String\"?\n\n"
            "Unknown directive \"@nope\".\n\n"
            "There can be only one type named \"Query\".\n\n"
            "Cannot extend type \"Qury\" because it is not defined. Did you mean \"Query\"?");
}

TEST(SchemaValidationTest, TypeRulesCarryTheirSdlLocations) {
  auto built = BuildSchema(
      "type Query implements I { a: String }\n"
      "interface I { a: Int b: Int }\n"
      "input In { x: In! }");
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(Located(**built), (std::vector<std::string>{
                                  "Interface field I.a expects type Int but Query.a is type String. 2:18 1:30",
                                  "Interface field I.b expected but Query does not provide it. 2:22 1:1",
                                  "Cannot reference Input Object \"In\" within itself through a series of non-null "
                                  "fields: \"x\". 3:12",
                              }));
  EXPECT_EQ((*built)->validation_errors().size(), 3u);
}

TEST(SchemaValidationTest, AnInvalidSchemaAnswersEveryRequestWithItsLocatedErrors) {
  auto built = BuildSchema("type Query { a: Int }\ninterface I { a: Int }\ntype T implements I { b: Int }");
  ASSERT_TRUE(built.ok()) << built.status();
  // What graphql-js graphql() answers for this schema.
  const std::string expected =
      R"({"errors":[{"message":"Interface field I.a expected but T does not provide it.",)"
      R"("locations":[{"line":2,"column":15},{"line":3,"column":1}]}]})";
  for (size_t capacity : {size_t{0}, size_t{8}}) {
    Service service(**built, Limits{}, capacity);
    Request request;
    request.query = "{ a }";
    EXPECT_EQ(service.Execute(std::move(request)), expected) << "cache capacity " << capacity;
    EXPECT_EQ(service.PrepareOperation("{ a }", "").error_response, expected);
  }
}

TEST(SchemaValidationTest, ValidSchemasHaveNoErrors) {
  auto built = BuildSchema(
      "directive @tag(name: String!) repeatable on OBJECT | FIELD_DEFINITION\n"
      "type Query @tag(name: \"a\") @tag(name: \"b\") { a: Int @deprecated(reason: \"x\") o: Obj }\n"
      "interface J { x: Int }\n"
      "type Obj implements J { x: Int! }\n"
      "query Ignored { a }");
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_TRUE((*built)->located_validation_errors().empty());
}

TEST(SchemaValidationTest, RootsByNameWinOverSchemaExtensions) {
  auto built = BuildSchema("type Query { a: Int }\ntype Other { b: Int }\nextend schema { query: Other }");
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ((*built)->query_type()->name, "Query");
}

TEST(SchemaValidationTest, DirectiveUsesAreChecked) {
  auto built = BuildSchema(
      "directive @d(x: Int!) on FIELD_DEFINITION\n"
      "type Query @deprecated { a: Int @d @d(x: 1, x: 2) @d(y: 1, x: 1) }");
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().message(),
            "Directive \"@deprecated\" may not be used on OBJECT.\n\n"
            "The directive \"@d\" can only be used once at this location.\n\n"
            "The directive \"@d\" can only be used once at this location.\n\n"
            "Directive \"@d\" argument \"x\" of type \"Int!\" is required, but it was not provided.\n\n"
            "There can be only one argument named \"x\".\n\n"
            "Unknown argument \"y\" on directive \"@d\". Did you mean \"x\"?");
}

}  // namespace
}  // namespace parfumerie::graphql

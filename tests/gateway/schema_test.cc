#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "gateway/core/shop_schema.h"
#include "graphql/printer.h"

namespace parfumerie::gateway {
namespace {

TEST(GatewaySchemaTest, SchemaFileIsThePrintedSchema) {
  auto schema = BuildShopSchemaSdlOnly();
  ASSERT_TRUE(schema.ok()) << schema.status();
  std::ifstream in(PARFUMERIE_SCHEMA_FILE);
  ASSERT_TRUE(in) << PARFUMERIE_SCHEMA_FILE << " is missing: run `parfumerie print-schema > schema.graphql`";
  std::stringstream file;
  file << in.rdbuf();
  EXPECT_EQ(file.str(), graphql::PrintSchema(**schema) + "\n")
      << "schema.graphql is stale: run `parfumerie print-schema > schema.graphql`";
}

TEST(GatewaySchemaTest, KeepsTheSeedsFields) {
  auto schema = BuildShopSchemaSdlOnly();
  ASSERT_TRUE(schema.ok()) << schema.status();
  const auto* parfum = (*schema)->FindType("Parfum");
  ASSERT_NE(parfum, nullptr);
  for (const char* f : {"id", "nom", "description", "prix", "image", "stock"}) {
    EXPECT_NE(parfum->FindField(f), nullptr) << f;
  }
  EXPECT_EQ(parfum->FindField("prix")->type->ToString(), "Float!");
  const auto* commande = (*schema)->FindType("Commande");
  for (const char* f : {"id", "parfumId", "quantite", "statut", "dateCommande"}) {
    EXPECT_NE(commande->FindField(f), nullptr) << f;
  }
}

}  // namespace
}  // namespace parfumerie::gateway

#include "catalog/demo_data.h"

#include <map>
#include <set>

#include "catalog/sqlite/sqlite_catalog_store.h"
#include "catalog/validation.h"
#include "gtest/gtest.h"
#include "temp_dir.h"

namespace parfumerie::catalog {
namespace {

TEST(DemoParfums, AreManyValidAndVaried) {
  const std::vector<ParfumDraft>& all = DemoParfums();
  ASSERT_GE(all.size(), 50u);
  std::set<std::string> noms;
  std::set<std::string> marques;
  std::set<Famille> familles;
  std::set<int32_t> contenances;
  int sold_out = 0;
  int low = 0;
  for (const ParfumDraft& d : all) {
    ParfumDraft normalized = d;
    NormalizeDraft(normalized);
    EXPECT_TRUE(ValidateDraft(normalized).ok()) << d.nom << ": " << ValidateDraft(normalized);
    EXPECT_EQ(normalized.nom, d.nom) << "demo data is already clean";
    EXPECT_TRUE(noms.insert(d.nom).second) << "duplicate " << d.nom;
    marques.insert(d.marque);
    familles.insert(d.famille);
    contenances.insert(d.contenance_ml);
    EXPECT_GE(d.prix_cents, 3500) << d.nom;
    EXPECT_LE(d.prix_cents, 32000) << d.nom;
    EXPECT_FALSE(d.description.empty()) << d.nom;
    EXPECT_FALSE(d.notes.tete.empty() || d.notes.coeur.empty() || d.notes.fond.empty()) << d.nom;
    if (d.stock == 0) ++sold_out;
    if (d.stock > 0 && d.stock <= 3) ++low;
  }
  EXPECT_GE(marques.size(), 6u);
  EXPECT_EQ(familles.size(), 10u) << "every famille is shown";
  EXPECT_EQ(contenances, (std::set<int32_t>{30, 50, 75, 100}));
  EXPECT_GE(sold_out, 2);
  EXPECT_GE(low, 3);
}

TEST(SeedDemoData, LoadsOnceIntoAnEmptyCatalogue) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(dir.File("catalog.db"));
  ASSERT_TRUE(store.ok());
  CatalogService service(**store);
  ASSERT_TRUE(SeedDemoData(service).ok());
  EXPECT_EQ((*store)->Count().value_or(-1), static_cast<int64_t>(DemoParfums().size()));
  ASSERT_TRUE(SeedDemoData(service).ok());
  EXPECT_EQ((*store)->Count().value_or(-1), static_cast<int64_t>(DemoParfums().size())) << "not twice";

  ListQuery q;
  q.recherche = "boisé";
  EXPECT_GT(service.List(q)->total, 0);
  q.recherche = "vetiver";
  EXPECT_GT(service.List(q)->total, 0);
}

TEST(SeedDemoData, LeavesANonEmptyCatalogueAlone) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<CatalogStore>> store = OpenSqliteCatalogStore(dir.File("catalog.db"));
  ASSERT_TRUE(store.ok());
  CatalogService service(**store);
  ASSERT_TRUE(service.Create(DemoParfums()[0]).ok());
  ASSERT_TRUE(SeedDemoData(service).ok());
  EXPECT_EQ((*store)->Count().value_or(-1), 1);
}

}  // namespace
}  // namespace parfumerie::catalog

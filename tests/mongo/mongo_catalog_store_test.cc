// The catalogue store conformance suite on the MongoDB adapter, against the
// FerretDB that ctest's fixture runs.
#include "catalog/mongo/mongo_catalog_database.h"

#include <memory>

#include "catalog/catalog_store_conformance.h"
#include "mongo_test_env.h"

namespace parfumerie::catalog::testing {
namespace {

class MongoEnvironment : public StoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<CatalogStore>> Open() override {
    absl::StatusOr<MongoCatalogDatabase> db = OpenMongoCatalogDatabase(db_.uri(), db_.name());
    if (!db.ok()) return db.status();
    return std::move(db->catalog);
  }

 private:
  parfumerie::testing::ScratchDatabase db_{"catalog"};
};

INSTANTIATE_TEST_SUITE_P(Mongo, CatalogStoreConformance,
                         ::testing::Values(StoreFactory{"mongo", [] { return std::make_unique<MongoEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<StoreFactory>& info) { return info.param.name; });

}  // namespace
}  // namespace parfumerie::catalog::testing

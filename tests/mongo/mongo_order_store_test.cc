// The order store tests of tests/orders/order_store_test.cc, run unchanged on
// the MongoDB adapter: the fixture below opens the catalogue's MongoDB
// database where OrderFixture opens the SQLite file, and the included file's
// OrderStoreTest derives from it. OrdersSurviveReopeningTheFile also reads
// the SQLite file itself, and EventsAppliedInAConsumerTransactionShareItsCommit
// needs the SQLite store's consumer transaction, so ctest filters them out
// (GTEST_FILTER in CMakeLists.txt); mongo_order_recovery_test.cc reopens the
// MongoDB database.
#include "catalog/mongo/mongo_catalog_database.h"
#include "mongo_test_env.h"
#include "orders/order_fixture.h"

namespace parfumerie::catalog {

class MongoOrderFixture : public OrderFixture {
 protected:
  void SetUp() override { Open(); }

  // Hides OrderFixture::Open, which the tests call to reopen.
  void Open() {
    orders_.reset();
    catalog_.reset();
    db_ = {};
    absl::StatusOr<MongoCatalogDatabase> db = OpenMongoCatalogDatabase(scratch_.uri(), scratch_.name());
    ASSERT_TRUE(db.ok()) << db.status();
    db_.catalog = std::move(db->catalog);
    db_.orders = std::move(db->orders);
    db_.outbox = std::move(db->outbox);
    catalog_ = std::make_unique<CatalogService>(*db_.catalog, [this] { return Now(); });
    OrderServiceOptions options;
    options.on_outbox_written = [this] { ++notified_; };
    orders_ = std::make_unique<OrderService>(*db_.orders, options, [this] { return Now(); });
  }

  parfumerie::testing::ScratchDatabase scratch_{"orders"};
};

}  // namespace parfumerie::catalog

#define OrderFixture MongoOrderFixture
#include "orders/order_store_test.cc"  // NOLINT(bugprone-suspicious-include)
#undef OrderFixture

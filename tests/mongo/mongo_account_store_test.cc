// The account store conformance suite on the MongoDB adapter, against the
// FerretDB that ctest's fixture runs.
#include "gateway/accounts/mongo/mongo_account_store.h"

#include "gateway_accounts/account_store_conformance.h"
#include "mongo_test_env.h"

namespace parfumerie::gateway::accounts::testing {
namespace {

class MongoEnvironment : public AccountStoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<AccountStore>> Open() override {
    return OpenMongoAccountStore(db_.uri(), db_.name());
  }

 private:
  parfumerie::testing::ScratchDatabase db_{"accounts"};
};

INSTANTIATE_TEST_SUITE_P(Mongo, AccountStoreConformance,
                         ::testing::Values(AccountStoreFactory{
                             "mongo", [] { return std::make_unique<MongoEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<AccountStoreFactory>& info) {
                           return info.param.name;
                         });

TEST(MongoAccountStoreTest, AMalformedUriIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(OpenMongoAccountStore("postgres://x").status()));
}

}  // namespace
}  // namespace parfumerie::gateway::accounts::testing

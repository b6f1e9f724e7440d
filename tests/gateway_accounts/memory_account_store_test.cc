// The store conformance suite on the in-memory fake that the service tests use.
#include "memory_account_store.h"

#include "account_store_conformance.h"

namespace parfumerie::gateway::accounts::testing {
namespace {

class MemoryEnvironment : public AccountStoreEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<AccountStore>> Open() override {
    return std::unique_ptr<AccountStore>(std::make_unique<MemoryAccountStore>(data_));
  }

 private:
  std::shared_ptr<MemoryAccountData> data_ = std::make_shared<MemoryAccountData>();
};

INSTANTIATE_TEST_SUITE_P(Memory, AccountStoreConformance,
                         ::testing::Values(AccountStoreFactory{
                             "memory", [] { return std::make_unique<MemoryEnvironment>(); }}),
                         [](const ::testing::TestParamInfo<AccountStoreFactory>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace parfumerie::gateway::accounts::testing

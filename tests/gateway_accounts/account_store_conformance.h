// The conformance suite of the AccountStore port. Every adapter instantiates
// it with a factory of isolated environments:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, AccountStoreConformance,
//       ::testing::Values(AccountStoreFactory{"sqlite", [] { return MakeSqliteEnv(); }}),
//       [](const auto& info) { return info.param.name; });
//
// A behaviour that one adapter has and another lacks is a bug in the other.
// Include this header from exactly one test file per adapter.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "gateway/accounts/account_store.h"
#include "gtest/gtest.h"

namespace parfumerie::gateway::accounts::testing {

// One empty store per test. Open() may be called again, also after an
// earlier store was destroyed; every store it returns sees the same data.
class AccountStoreEnvironment {
 public:
  virtual ~AccountStoreEnvironment() = default;
  virtual absl::StatusOr<std::unique_ptr<AccountStore>> Open() = 0;
};

struct AccountStoreFactory {
  std::string name;
  std::function<std::unique_ptr<AccountStoreEnvironment>()> make;
  friend void PrintTo(const AccountStoreFactory& f, std::ostream* os) { *os << f.name; }
};

class AccountStoreConformance : public ::testing::TestWithParam<AccountStoreFactory> {
 protected:
  void SetUp() override {
    env_ = GetParam().make();
    auto store = env_->Open();
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  static Compte Account(std::string id, std::string email, Role role = Role::kClient) {
    Compte c;
    c.id = std::move(id);
    c.email = std::move(email);
    c.nom = "Camille Martin — Éloïse";
    c.role = role;
    c.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA";
    c.created_at = Timestamp(std::chrono::milliseconds(1'700'000'000'123));
    return c;
  }

  std::unique_ptr<AccountStoreEnvironment> env_;
  std::unique_ptr<AccountStore> store_;
};

TEST_P(AccountStoreConformance, CreatedAccountRoundTripsByIdAndEmail) {
  const Compte c = Account("cpt_1", "camille@exemple.fr", Role::kAdmin);
  ASSERT_TRUE(store_->Create(c).ok());
  auto by_id = store_->Get("cpt_1");
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ(*by_id, c);
  auto by_email = store_->FindByEmail("camille@exemple.fr");
  ASSERT_TRUE(by_email.ok()) << by_email.status();
  EXPECT_EQ(*by_email, c);
}

TEST_P(AccountStoreConformance, UnknownIdOrEmailIsNotFound) {
  ASSERT_TRUE(store_->Create(Account("cpt_1", "a@exemple.fr")).ok());
  EXPECT_TRUE(absl::IsNotFound(store_->Get("cpt_2").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->FindByEmail("b@exemple.fr").status()));
  // Exact comparison: normalising is the caller's job.
  EXPECT_TRUE(absl::IsNotFound(store_->FindByEmail("A@exemple.fr").status()));
}

TEST_P(AccountStoreConformance, DuplicateEmailOrIdIsAlreadyExists) {
  ASSERT_TRUE(store_->Create(Account("cpt_1", "a@exemple.fr")).ok());
  absl::Status email = store_->Create(Account("cpt_2", "a@exemple.fr"));
  EXPECT_TRUE(absl::IsAlreadyExists(email)) << email;
  EXPECT_TRUE(absl::StartsWith(email.message(), "email:")) << email;
  absl::Status id = store_->Create(Account("cpt_1", "b@exemple.fr"));
  EXPECT_TRUE(absl::IsAlreadyExists(id)) << id;
  EXPECT_TRUE(absl::StartsWith(id.message(), "id:")) << id;
  EXPECT_TRUE(absl::IsNotFound(store_->Get("cpt_2").status()));
  EXPECT_TRUE(absl::IsNotFound(store_->FindByEmail("b@exemple.fr").status()));
}

TEST_P(AccountStoreConformance, ConcurrentSignUpsWithOneEmailCreateOne) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      absl::Status s = store_->Create(Account("cpt_" + std::to_string(i), "same@exemple.fr"));
      if (s.ok()) {
        ++created;
      } else if (absl::IsAlreadyExists(s)) {
        ++exists;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(exists.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
}

TEST_P(AccountStoreConformance, PasswordHashUpdateIsCompareAndSet) {
  const Compte c = Account("cpt_1", "a@exemple.fr");
  ASSERT_TRUE(store_->Create(c).ok());
  ASSERT_TRUE(store_->UpdatePasswordHash("cpt_1", c.password_hash, "$argon2id$new").ok());
  EXPECT_EQ(store_->Get("cpt_1")->password_hash, "$argon2id$new");
  // The old hash is no longer the stored one: nothing changes.
  EXPECT_TRUE(absl::IsFailedPrecondition(
      store_->UpdatePasswordHash("cpt_1", c.password_hash, "$argon2id$x")));
  EXPECT_EQ(store_->FindByEmail("a@exemple.fr")->password_hash, "$argon2id$new");
  EXPECT_TRUE(
      absl::IsNotFound(store_->UpdatePasswordHash("cpt_9", c.password_hash, "$argon2id$x")));
}

TEST_P(AccountStoreConformance, SetRoleChangesOnlyTheRole) {
  Compte c = Account("cpt_1", "a@exemple.fr");
  ASSERT_TRUE(store_->Create(c).ok());
  ASSERT_TRUE(store_->SetRole("cpt_1", Role::kAdmin).ok());
  c.role = Role::kAdmin;
  EXPECT_EQ(*store_->Get("cpt_1"), c);
  ASSERT_TRUE(store_->SetRole("cpt_1", Role::kAdmin).ok());  // same role again: fine
  EXPECT_TRUE(absl::IsNotFound(store_->SetRole("cpt_9", Role::kAdmin)));
}

TEST_P(AccountStoreConformance, DataSurvivesReopening) {
  const Compte c = Account("cpt_1", "a@exemple.fr");
  ASSERT_TRUE(store_->Create(c).ok());
  store_.reset();
  auto reopened = env_->Open();
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = *std::move(reopened);
  EXPECT_EQ(*store_->FindByEmail("a@exemple.fr"), c);
  EXPECT_TRUE(absl::IsAlreadyExists(store_->Create(Account("cpt_2", "a@exemple.fr"))));
}

}  // namespace parfumerie::gateway::accounts::testing

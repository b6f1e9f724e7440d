// An in-memory AccountStore for the service's unit tests (no files). It runs
// the same conformance suite as the real adapters (memory_account_store_test.cc),
// so the service tests rely on the port's contract, not on this fake's quirks.
//
// Thread-safe. Stores are views on a shared MemoryAccountData, so that a
// "reopened" store sees what an earlier one wrote.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/accounts/account_store.h"

namespace parfumerie::gateway::accounts::testing {

struct MemoryAccountData {
  std::mutex mu;
  std::map<std::string, Compte, std::less<>> by_id;
};

class MemoryAccountStore final : public AccountStore {
 public:
  explicit MemoryAccountStore(
      std::shared_ptr<MemoryAccountData> data = std::make_shared<MemoryAccountData>())
      : data_(std::move(data)) {}

  absl::Status Create(const Compte& c) override {
    std::lock_guard lock(data_->mu);
    if (FindEmailLocked(c.email))
      return absl::AlreadyExistsError("email: an account already exists");
    if (data_->by_id.contains(c.id))
      return absl::AlreadyExistsError(absl::StrCat("id: account ", c.id, " exists"));
    data_->by_id.emplace(c.id, c);
    return absl::OkStatus();
  }

  absl::StatusOr<Compte> Get(std::string_view id) override {
    std::lock_guard lock(data_->mu);
    auto it = data_->by_id.find(id);
    if (it == data_->by_id.end()) return absl::NotFoundError("id: no account");
    return it->second;
  }

  absl::StatusOr<Compte> FindByEmail(std::string_view email) override {
    std::lock_guard lock(data_->mu);
    const Compte* c = FindEmailLocked(email);
    if (c == nullptr) return absl::NotFoundError("email: no account");
    return *c;
  }

  absl::Status UpdatePasswordHash(std::string_view id, std::string_view expected_hash,
                                  std::string_view new_hash) override {
    std::lock_guard lock(data_->mu);
    auto it = data_->by_id.find(id);
    if (it == data_->by_id.end()) return absl::NotFoundError("id: no account");
    if (it->second.password_hash != expected_hash)
      return absl::FailedPreconditionError("password_hash: changed");
    it->second.password_hash = std::string(new_hash);
    return absl::OkStatus();
  }

  absl::Status SetRole(std::string_view id, Role role) override {
    std::lock_guard lock(data_->mu);
    auto it = data_->by_id.find(id);
    if (it == data_->by_id.end()) return absl::NotFoundError("id: no account");
    it->second.role = role;
    return absl::OkStatus();
  }

 private:
  const Compte* FindEmailLocked(std::string_view email) const {
    for (const auto& [id, c] : data_->by_id) {
      if (c.email == email) return &c;
    }
    return nullptr;
  }

  std::shared_ptr<MemoryAccountData> data_;
};

}  // namespace parfumerie::gateway::accounts::testing

// Crash test: orders keep flowing while the all-in-one process is killed with
// SIGKILL at random moments, several times, and restarted on the same data.
// Afterwards every acknowledged order exists exactly once, requests whose
// answer was lost are retried with their idempotency key and never doubled,
// every order settles, and the invariant checker finds nothing wrong.
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <iostream>
#include <set>
#include <thread>

#include "gtest/gtest.h"
#include "support/shop.h"
#include "support/process.h"

namespace parfumerie::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kRounds = 5;
constexpr int kClients = 4;

struct Ledger {
  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // idempotency key -> order id
  std::set<std::string> unanswered;                 // keys to retry after the restart
  std::map<std::string, std::string> last_error;    // why a key is unanswered
  int refused_for_stock = 0;
};

// Places orders until the shop dies or `stop` is set (with `retries_only`,
// until its share of the keys left unanswered by earlier crashes is done).
// Those keys are retried first, each with its original content.
void Client(Shop& shop, Ledger& ledger, int client, int round,
            const std::vector<std::string>& parfums, const std::vector<std::string>& tokens,
            const std::atomic<bool>& stop, bool retries_only) {
  auto content = [&](const std::string& key) {
    const size_t h = std::hash<std::string>{}(key);
    return std::make_pair(parfums[h % parfums.size()], static_cast<int>(1 + h % 2));
  };
  auto token_for = [&](const std::string& key) {
    return tokens[std::hash<std::string>{}(key + "card") % tokens.size()];
  };
  std::vector<std::string> retries;
  {
    std::lock_guard lock(ledger.mu);
    int i = 0;
    for (const auto& key : ledger.unanswered) {
      if (i++ % kClients == client) retries.push_back(key);
    }
  }
  for (int n = 0; !stop.load(); ++n) {
    std::string key;
    if (!retries.empty()) {
      key = retries.back();
      retries.pop_back();
    } else if (retries_only) {
      return;
    } else {
      key = "crash-r" + std::to_string(round) + "-c" + std::to_string(client) + "-" +
            std::to_string(n);
    }
    auto [parfum, quantite] = content(key);
    v1::Commande out;
    grpc::Status s = shop.Place(key, token_for(key), {{parfum, quantite}}, &out);
    std::lock_guard lock(ledger.mu);
    if (s.ok()) {
      ledger.unanswered.erase(key);
      auto [it, inserted] = ledger.acknowledged.emplace(key, out.id());
      if (!inserted && it->second != out.id()) {
        ADD_FAILURE() << "key " << key << " answered with " << it->second << " then " << out.id();
      }
    } else if (s.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
      ledger.unanswered.erase(key);
      ++ledger.refused_for_stock;
    } else {
      // Killed mid-request: the order may or may not exist; ask again later.
      ledger.unanswered.insert(key);
      ledger.last_error[key] = std::to_string(s.error_code()) + " " + s.error_message();
      return;
    }
  }
}

TEST(CrashTest, KilledAndRestartedShopLosesAndDoublesNothing) {
  testing::TempDir dir;
  const uint32_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const std::vector<std::string> args = {"--delivery-simulator=true",
                                         "--delivery-simulator-interval-ms=30",
                                         "--payment-latency-ms=5",
                                         "--consumer-initial-backoff-ms=5"};
  Ledger ledger;
  std::vector<std::string> parfums;
  std::vector<std::string> tokens;

  for (int round = 0; round < kRounds; ++round) {
    Shop shop(dir.path(), args);
    ASSERT_TRUE(shop.ok()) << "round " << round;
    if (round == 0) {
      for (const char* nom : {"Cèdre Crash", "Rose Crash", "Musc Crash"}) {
        parfums.push_back(shop.CreateParfum(nom, 1000).id());
      }
      for (const char* card :
           {kCardOk, kCardOk, kCardOk, kCardDeclined, kCardInsufficientFunds, kCardTransient}) {
        tokens.push_back(shop.Tokenize(card));
      }
    }
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(Client, std::ref(shop), std::ref(ledger), c, round,
                           std::cref(parfums), std::cref(tokens), std::cref(stop), false);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<int>(150, 900)(rng)));  // a random moment to die
    shop.Kill();
    stop = true;
    for (auto& t : clients) t.join();
  }

  // A last, clean run: answer the unanswered, let every order settle.
  Shop shop(dir.path(), args);
  ASSERT_TRUE(shop.ok());
  {
    const std::atomic<bool> never{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(Client, std::ref(shop), std::ref(ledger), c, kRounds,
                           std::cref(parfums), std::cref(tokens), std::cref(never), true);
    }
    for (auto& t : clients) t.join();
  }
  for (const std::string& key : ledger.unanswered) {
    ADD_FAILURE() << "key " << key << " never answered; last error: " << ledger.last_error[key];
  }
  ASSERT_GT(ledger.acknowledged.size(), 0u);

  // Every acknowledged order exists once; nothing else was created.
  std::set<std::string> ids;
  for (const auto& [key, id] : ledger.acknowledged) ids.insert(id);
  EXPECT_EQ(ids.size(), ledger.acknowledged.size()) << "two keys share an order";
  grpc::ClientContext ctx;
  v1::ListOrdersRequest req;
  req.mutable_page()->set_page_size(1);
  v1::ListOrdersResponse resp;
  ASSERT_TRUE(shop.orders().ListOrders(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.total(), static_cast<int64_t>(ids.size()));

  // Every order settles: paid or cancelled, none left waiting.
  int64_t waiting = -1;
  const auto deadline = std::chrono::steady_clock::now() + 120s;
  while (waiting != 0 && std::chrono::steady_clock::now() < deadline) {
    grpc::ClientContext wctx;
    v1::ListOrdersRequest wreq;
    wreq.set_statut(v1::STATUT_COMMANDE_EN_ATTENTE);
    wreq.mutable_page()->set_page_size(1);
    v1::ListOrdersResponse wresp;
    ASSERT_TRUE(shop.orders().ListOrders(&wctx, wreq, &wresp).ok());
    waiting = wresp.total();
    if (waiting != 0) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(waiting, 0) << "orders still EN_ATTENTE";

  auto [code, out] = shop.Check(30s);
  EXPECT_EQ(code, 0) << out;
  std::cout << "crash test: " << kRounds << " kills, " << ids.size() << " orders, "
            << ledger.refused_for_stock << " refused for stock; " << out;
  EXPECT_EQ(shop.Stop(), 0);
}

}  // namespace
}  // namespace parfumerie::testing

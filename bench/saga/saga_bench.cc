// Orders placed and settled per second in the all-in-one mode, with durable
// commits, against the physical limit measured in the same run: durable
// single-row SQLite commits on the same disk.
//
//   saga_bench [--binary=PATH] [--clients=N] [--seconds=S]
//
// The shop runs as its own process (the load generator never measures from
// inside the system under test); clients place one-bottle orders over gRPC
// with a card that succeeds, then the bench waits until every order is PAYEE.
#include <grpcpp/grpcpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::string Flag(int argc, char** argv, const std::string& name, std::string fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]).rfind(prefix, 0) == 0) return std::string(argv[i]).substr(prefix.size());
  }
  return fallback;
}

// Durable single-row commits per second: WAL, synchronous=FULL, one INSERT
// per transaction — what one order would cost with no batching at all.
double RawCommitsPerSecond(const std::string& dir, std::chrono::seconds duration) {
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/raw.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(v INTEGER)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES (?1)", -1, &stmt, nullptr);
  int64_t n = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < duration) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_int64(stmt, 1, n);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++n;
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n / secs;
}

int PortOf(parfumerie::testing::ChildProcess& p, const std::string& logger) {
  auto port = p.WaitForLine(
      std::regex("\"logger\":\"" + logger + "\",\"msg\":\"gRPC listening on [^\"]*:(\\d+)"), 60s);
  if (!port) {
    std::cerr << "shop did not start:\n" << p.Output();
    std::exit(1);
  }
  return std::stoi(*port);
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * (v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parfumerie;
  const std::string binary = Flag(argc, argv, "binary", "build/release/src/app/parfumerie");
  const int clients = std::stoi(Flag(argc, argv, "clients", "16"));
  const int seconds = std::stoi(Flag(argc, argv, "seconds", "10"));
  testing::TempDir dir;

  const double raw = RawCommitsPerSecond(dir.path(), 3s);

  testing::ChildProcess shop({binary, "--data-dir=" + dir.path() + "/shop", "--listen-host=127.0.0.1",
                              "--catalog-grpc-port=0", "--catalog-http-port=0",
                              "--payment-grpc-port=0", "--delivery-grpc-port=0", "--gateway-port=0",
                              "--demo-data=false", "--delivery-simulator=false",
                              "--log-format=json"});
  const int catalog_port = PortOf(shop, "catalog");
  const int payment_port = PortOf(shop, "payment");
  auto channel = [](int port) {
    return grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                               grpc::InsecureChannelCredentials());
  };
  auto catalog = v1::CatalogService::NewStub(channel(catalog_port));
  auto payments = v1::PaymentService::NewStub(channel(payment_port));

  std::vector<std::string> parfums;
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext ctx;
    v1::CreateParfumRequest req;
    req.set_nom("Parfum de mesure " + std::to_string(i));
    req.set_marque("Banc d'Essai");
    req.set_famille(v1::FAMILLE_BOISE);
    req.set_genre(v1::GENRE_MIXTE);
    req.set_contenance_ml(50);
    req.set_prix_cents(4200);
    req.set_stock(1'000'000);
    v1::Parfum p;
    if (!catalog->CreateParfum(&ctx, req, &p).ok()) return 1;
    parfums.push_back(p.id());
  }
  std::string token;
  {
    grpc::ClientContext ctx;
    v1::TokenizeCardRequest req;
    req.set_numero("4242424242424242");
    req.set_mois_expiration(12);
    req.set_annee_expiration(2040);
    req.set_cvc("123");
    v1::TokenizeCardResponse resp;
    if (!payments->TokenizeCard(&ctx, req, &resp).ok()) return 1;
    token = resp.token();
  }

  // Each client has its own channel, as independent customers would.
  std::mutex mu;
  std::vector<double> latencies_ms;
  std::atomic<int64_t> failed{0};
  const auto start = Clock::now();
  const auto stop_at = start + std::chrono::seconds(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      auto orders = v1::OrderService::NewStub(channel(catalog_port));
      std::vector<double> mine;
      for (int n = 0; Clock::now() < stop_at; ++n) {
        v1::PlaceOrderRequest req;
        req.set_idempotency_key("bench-" + std::to_string(c) + "-" + std::to_string(n));
        req.set_client_id("cli_bench" + std::to_string(c));
        req.set_payment_method_token(token);
        auto* l = req.add_lignes();
        l->set_parfum_id(parfums[(c + n) % parfums.size()]);
        l->set_quantite(1);
        auto* a = req.mutable_adresse_livraison();
        a->set_nom_complet("Camille Martin");
        a->set_ligne1("12 rue des Lilas");
        a->set_code_postal("75011");
        a->set_ville("Paris");
        a->set_pays("FR");
        grpc::ClientContext ctx;
        v1::Commande out;
        const auto t0 = Clock::now();
        grpc::Status s = orders->PlaceOrder(&ctx, req, &out);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (s.ok()) {
          mine.push_back(ms);
        } else {
          ++failed;
        }
      }
      std::lock_guard lock(mu);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  const double place_secs = std::chrono::duration<double>(Clock::now() - start).count();

  // Settled = PAYEE: wait until no order is left EN_ATTENTE.
  auto orders = v1::OrderService::NewStub(channel(catalog_port));
  int64_t waiting = -1;
  while (waiting != 0 && Clock::now() - start < std::chrono::seconds(seconds + 300)) {
    grpc::ClientContext ctx;
    v1::ListOrdersRequest req;
    req.set_statut(v1::STATUT_COMMANDE_EN_ATTENTE);
    req.mutable_page()->set_page_size(1);
    v1::ListOrdersResponse resp;
    if (!orders->ListOrders(&ctx, req, &resp).ok()) return 1;
    waiting = resp.total();
    if (waiting != 0) std::this_thread::sleep_for(10ms);
  }
  const double settle_secs = std::chrono::duration<double>(Clock::now() - start).count();
  int64_t paid = 0;
  {
    grpc::ClientContext ctx;
    v1::ListOrdersRequest req;
    req.set_statut(v1::STATUT_COMMANDE_PAYEE);
    req.mutable_page()->set_page_size(1);
    v1::ListOrdersResponse resp;
    if (!orders->ListOrders(&ctx, req, &resp).ok()) return 1;
    paid = resp.total();
  }
  shop.Signal(SIGTERM);
  shop.WaitForExit(60s);

  const double placed_per_s = latencies_ms.size() / place_secs;
  const double settled_per_s = paid / settle_secs;
  std::printf("clients                          %d\n", clients);
  std::printf("orders placed                    %zu in %.1f s (%lld failed)\n", latencies_ms.size(),
              place_secs, static_cast<long long>(failed.load()));
  std::printf("placed orders/s                  %.0f\n", placed_per_s);
  std::printf("place latency p50 / p99          %.2f ms / %.2f ms\n", Percentile(latencies_ms, 0.5),
              Percentile(latencies_ms, 0.99));
  std::printf("settled (PAYEE) orders/s         %.0f  (%lld paid, all settled after %.1f s)\n",
              settled_per_s, static_cast<long long>(paid), settle_secs);
  std::printf("raw durable single-row commits/s %.0f\n", raw);
  std::printf("settled orders/s ÷ raw commits/s %.2f\n", settled_per_s / raw);
  return waiting == 0 ? 0 : 1;
}

#include "saga_load.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"

namespace parfumerie::bench {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

void Deadline(grpc::ClientContext& ctx) { ctx.set_deadline(std::chrono::system_clock::now() + 30s); }

absl::Status Failed(const char* what, const grpc::Status& s) {
  return absl::UnavailableError(absl::StrCat(what, ": ", s.error_message()));
}

double Millis(const google::protobuf::Timestamp& t) { return t.seconds() * 1e3 + t.nanos() / 1e6; }

struct Shop {
  std::vector<std::string> parfums;
  std::string token;
};

absl::StatusOr<Shop> Prepare(const std::string& catalog_address, const std::string& payment_address) {
  auto catalog = v1::CatalogService::NewStub(Channel(catalog_address));
  auto payments = v1::PaymentService::NewStub(Channel(payment_address));
  Shop shop;
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext ctx;
    Deadline(ctx);
    v1::CreateParfumRequest req;
    req.set_nom("Parfum de mesure " + std::to_string(i));
    req.set_marque("Banc d'Essai");
    req.set_famille(v1::FAMILLE_BOISE);
    req.set_genre(v1::GENRE_MIXTE);
    req.set_contenance_ml(50);
    req.set_prix_cents(4200);
    req.set_stock(1'000'000);
    v1::Parfum p;
    if (grpc::Status s = catalog->CreateParfum(&ctx, req, &p); !s.ok()) return Failed("CreateParfum", s);
    shop.parfums.push_back(p.id());
  }
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::TokenizeCardRequest req;
  req.set_numero("4242424242424242");
  req.set_mois_expiration(12);
  req.set_annee_expiration(2040);
  req.set_cvc("123");
  v1::TokenizeCardResponse resp;
  if (grpc::Status s = payments->TokenizeCard(&ctx, req, &resp); !s.ok()) return Failed("TokenizeCard", s);
  shop.token = resp.token();
  return shop;
}

v1::PlaceOrderRequest Order(const Shop& shop, int client, int n) {
  v1::PlaceOrderRequest req;
  req.set_idempotency_key("bench-" + std::to_string(client) + "-" + std::to_string(n));
  req.set_client_id("cli_bench" + std::to_string(client));
  req.set_payment_method_token(shop.token);
  auto* l = req.add_lignes();
  l->set_parfum_id(shop.parfums[(client + n) % shop.parfums.size()]);
  l->set_quantite(1);
  auto* a = req.mutable_adresse_livraison();
  a->set_nom_complet("Camille Martin");
  a->set_ligne1("12 rue des Lilas");
  a->set_code_postal("75011");
  a->set_ville("Paris");
  a->set_pays("FR");
  return req;
}

// Each client has its own channel, as independent customers would.
void Place(const std::string& catalog_address, const Shop& shop, const LoadOptions& options, LoadResult& r) {
  std::mutex mu;
  std::atomic<int64_t> failed{0};
  const auto start = Clock::now();
  const auto stop_at = start + std::chrono::seconds(options.seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < options.clients; ++c) {
    threads.emplace_back([&, c] {
      auto orders = v1::OrderService::NewStub(Channel(catalog_address));
      std::vector<double> mine;
      for (int n = 0; Clock::now() < stop_at; ++n) {
        const v1::PlaceOrderRequest req = Order(shop, c, n);
        grpc::ClientContext ctx;
        Deadline(ctx);
        v1::Commande out;
        const auto t0 = Clock::now();
        const grpc::Status s = orders->PlaceOrder(&ctx, req, &out);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (s.ok()) {
          mine.push_back(ms);
        } else {
          ++failed;
        }
      }
      std::lock_guard lock(mu);
      r.place_latency_ms.insert(r.place_latency_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  r.place_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.placed = static_cast<int64_t>(r.place_latency_ms.size());
  r.failed = failed.load();
}

absl::StatusOr<int64_t> CountOrders(v1::OrderService::Stub& orders, v1::StatutCommande statut) {
  grpc::ClientContext ctx;
  Deadline(ctx);
  v1::ListOrdersRequest req;
  req.set_statut(statut);
  req.mutable_page()->set_page_size(1);
  v1::ListOrdersResponse resp;
  if (grpc::Status s = orders.ListOrders(&ctx, req, &resp); !s.ok()) return Failed("ListOrders", s);
  return resp.total();
}

// Settled = PAYEE: waits (bounded) until no order is left EN_ATTENTE.
absl::Status WaitSettled(const std::string& catalog_address, const LoadOptions& options, Clock::time_point start,
                         LoadResult& r) {
  auto orders = v1::OrderService::NewStub(Channel(catalog_address));
  const auto give_up = Clock::now() + std::chrono::seconds(options.settle_timeout_seconds);
  for (;;) {
    absl::StatusOr<int64_t> waiting = CountOrders(*orders, v1::STATUT_COMMANDE_EN_ATTENTE);
    if (!waiting.ok()) return waiting.status();
    r.unsettled = *waiting;
    if (*waiting == 0 || Clock::now() >= give_up) break;
    // The orders change in other processes: polling is the only way to see
    // it. Each poll counts orders in the store, so not too often (FerretDB
    // answers a count by scanning).
    std::this_thread::sleep_for(50ms);
  }
  r.settle_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  absl::StatusOr<int64_t> paid = CountOrders(*orders, v1::STATUT_COMMANDE_PAYEE);
  if (!paid.ok()) return paid.status();
  r.paid = *paid;
  return absl::OkStatus();
}

// Reads back up to options.sample paid orders and their payments.
absl::Status SampleStages(const std::string& catalog_address, const std::string& payment_address,
                          const LoadOptions& options, LoadResult& r) {
  auto orders = v1::OrderService::NewStub(Channel(catalog_address));
  auto payments = v1::PaymentService::NewStub(Channel(payment_address));
  std::string page_token;
  for (int read = 0; read < options.sample;) {
    grpc::ClientContext ctx;
    Deadline(ctx);
    v1::ListOrdersRequest req;
    req.set_statut(v1::STATUT_COMMANDE_PAYEE);
    req.mutable_page()->set_page_size(std::min(100, options.sample - read));
    req.mutable_page()->set_page_token(page_token);
    v1::ListOrdersResponse page;
    if (grpc::Status s = orders->ListOrders(&ctx, req, &page); !s.ok()) return Failed("ListOrders", s);
    if (page.commandes().empty()) break;
    read += page.commandes_size();

    std::map<std::string, std::pair<double, double>> placed_paid;  // order id → EN_ATTENTE, PAYEE
    grpc::ClientContext pctx;
    Deadline(pctx);
    v1::BatchGetPaymentsForOrdersRequest preq;
    for (const v1::Commande& c : page.commandes()) {
      auto& [placed, paid] = placed_paid[c.id()];
      for (const v1::ChangementStatut& h : c.historique()) {
        if (h.statut() == v1::STATUT_COMMANDE_EN_ATTENTE) placed = Millis(h.at());
        if (h.statut() == v1::STATUT_COMMANDE_PAYEE) paid = Millis(h.at());
      }
      preq.add_commande_ids(c.id());
    }
    v1::BatchGetPaymentsForOrdersResponse presp;
    if (grpc::Status s = payments->BatchGetPaymentsForOrders(&pctx, preq, &presp); !s.ok()) {
      return Failed("BatchGetPaymentsForOrders", s);
    }
    for (const v1::Paiement& p : presp.paiements()) {
      auto it = placed_paid.find(p.commande_id());
      if (it == placed_paid.end()) continue;
      const double created = Millis(p.cree_le());
      r.to_payment_ms.push_back(created - it->second.first);
      r.payment_to_paid_ms.push_back(it->second.second - created);
    }
    page_token = page.next_page_token();
    if (page_token.empty()) break;
  }
  return absl::OkStatus();
}

}  // namespace

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

absl::StatusOr<LoadResult> RunLoad(const std::string& catalog_address, const std::string& payment_address,
                                   const LoadOptions& options) {
  absl::StatusOr<Shop> shop = Prepare(catalog_address, payment_address);
  if (!shop.ok()) return shop.status();
  LoadResult r;
  const auto start = Clock::now();
  Place(catalog_address, *shop, options, r);
  if (absl::Status s = WaitSettled(catalog_address, options, start, r); !s.ok()) return s;
  if (absl::Status s = SampleStages(catalog_address, payment_address, options, r); !s.ok()) return s;
  return r;
}

}  // namespace parfumerie::bench

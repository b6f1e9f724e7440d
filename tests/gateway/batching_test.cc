// The gateway's resolvers against counting gRPC services on real sockets:
// a page of orders with their perfumes, payments and deliveries costs one
// call per service, whatever the page size (no N+1).
#include <atomic>
#include <future>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "gateway/core/order_feed.h"
#include "gateway/core/shop_schema.h"
#include "graphql/service.h"
#include "rpc/server.h"

namespace parfumerie::gateway {
namespace {

struct Calls {
  std::atomic<int> list_orders{0}, get_order{0}, batch_parfums{0}, get_parfum{0}, batch_payments{0},
      batch_deliveries{0}, list_parfums{0}, adjust_stock{0};
};

constexpr int kOrders = 50;
constexpr int kPerfumes = 7;

std::string ParfumId(int i) { return "prf_" + std::to_string(i % kPerfumes); }

class Orders final : public v1::OrderService::Service {
 public:
  explicit Orders(Calls& calls) : calls_(calls) {}
  grpc::Status ListOrders(grpc::ServerContext*, const v1::ListOrdersRequest* req,
                          v1::ListOrdersResponse* resp) override {
    ++calls_.list_orders;
    for (int i = 0; i < std::min(kOrders, req->page().page_size()); ++i) {
      v1::Commande* c = resp->add_commandes();
      c->set_id("cmd_" + std::to_string(i));
      c->set_client_id(i % 2 == 0 ? "cpt_a" : "cpt_b");
      c->set_parfum_id(ParfumId(i));
      c->set_statut(v1::STATUT_COMMANDE_PAYEE);
      for (int l = 0; l < 2; ++l) c->add_lignes()->set_parfum_id(ParfumId(i + l));
    }
    resp->set_total(kOrders);
    return grpc::Status::OK;
  }
  grpc::Status GetOrder(grpc::ServerContext*, const v1::GetOrderRequest*, v1::Commande*) override {
    ++calls_.get_order;
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
  }

 private:
  Calls& calls_;
};

class Catalog final : public v1::CatalogService::Service {
 public:
  explicit Catalog(Calls& calls) : calls_(calls) {}
  grpc::Status BatchGetParfums(grpc::ServerContext*, const v1::BatchGetParfumsRequest* req,
                               v1::BatchGetParfumsResponse* resp) override {
    ++calls_.batch_parfums;
    for (const auto& id : req->ids()) {
      auto* p = resp->add_parfums();
      p->set_id(id);
      p->set_nom("Parfum " + id);
    }
    return grpc::Status::OK;
  }
  grpc::Status GetParfum(grpc::ServerContext*, const v1::GetParfumRequest*, v1::Parfum*) override {
    ++calls_.get_parfum;
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no");
  }
  // Unavailable on the first call (a replica dying mid-call), then fine.
  grpc::Status ListParfums(grpc::ServerContext*, const v1::ListParfumsRequest*,
                           v1::ListParfumsResponse* resp) override {
    if (calls_.list_parfums++ == 0) return grpc::Status(grpc::StatusCode::UNAVAILABLE, "going away");
    resp->add_parfums()->set_id("prf_1");
    resp->set_total(1);
    return grpc::Status::OK;
  }
  grpc::Status AdjustStock(grpc::ServerContext*, const v1::AdjustStockRequest*, v1::Parfum*) override {
    ++calls_.adjust_stock;
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "going away");
  }

 private:
  Calls& calls_;
};

class Payments final : public v1::PaymentService::Service {
 public:
  explicit Payments(Calls& calls) : calls_(calls) {}
  grpc::Status BatchGetPaymentsForOrders(grpc::ServerContext*, const v1::BatchGetPaymentsForOrdersRequest* req,
                                         v1::BatchGetPaymentsForOrdersResponse* resp) override {
    ++calls_.batch_payments;
    for (const auto& id : req->commande_ids()) {
      auto* p = resp->add_paiements();
      p->set_id("pay_" + id);
      p->set_commande_id(id);
      p->set_statut(v1::STATUT_PAIEMENT_ACCEPTE);
    }
    return grpc::Status::OK;
  }

 private:
  Calls& calls_;
};

class Deliveries final : public v1::DeliveryService::Service {
 public:
  explicit Deliveries(Calls& calls) : calls_(calls) {}
  grpc::Status BatchGetDeliveriesForOrders(grpc::ServerContext*, const v1::BatchGetDeliveriesForOrdersRequest* req,
                                           v1::BatchGetDeliveriesForOrdersResponse* resp) override {
    ++calls_.batch_deliveries;
    // Only even orders are shipped yet.
    for (const auto& id : req->commande_ids()) {
      if (std::stoi(id.substr(4)) % 2 != 0) continue;
      auto* l = resp->add_livraisons();
      l->set_id("liv_" + id);
      l->set_commande_id(id);
      l->set_statut(v1::STATUT_LIVRAISON_EXPEDIEE);
    }
    return grpc::Status::OK;
  }

 private:
  Calls& calls_;
};

class BatchingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = rpc::Server::Start({.host = "127.0.0.1", .port = 0},
                                     {{v1::OrderService::service_full_name(), &orders_},
                                      {v1::CatalogService::service_full_name(), &catalog_},
                                      {v1::PaymentService::service_full_name(), &payments_},
                                      {v1::DeliveryService::service_full_name(), &deliveries_}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    const std::string address = "127.0.0.1:" + std::to_string(server_->port());
    auto clients = ServiceClients::Create(ServiceAddresses{address, address, address});
    ASSERT_TRUE(clients.ok()) << clients.status();
    clients_ = std::move(*clients);
    backends_ = ShopBackends{.clients = clients_.get(), .feed = &feed_};
    auto schema = BuildShopSchema();
    ASSERT_TRUE(schema.ok()) << schema.status();
    schema_ = std::move(*schema);
    service_ = std::make_unique<graphql::Service>(*schema_);
    io_thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    work_.reset();
    if (io_thread_.joinable()) io_thread_.join();
    if (server_) server_->Shutdown(std::chrono::seconds(1));
  }

  // Runs `query` as `principal` on a strand, as the transports do.
  boost::json::value Run(const std::string& query, accounts::Principal principal) {
    auto strand = boost::asio::make_strand(io_);
    auto operation = std::make_shared<Operation>(backends_, strand, principal, "");
    std::promise<std::string> response;
    boost::asio::post(strand, [&] {
      service_->ExecuteAsync({.query = query, .context = operation.get()},
                             [&](std::string r) { response.set_value(std::move(r)); });
    });
    auto future = response.get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    return boost::json::parse(future.get());
  }

  Calls calls_;
  Orders orders_{calls_};
  Catalog catalog_{calls_};
  Payments payments_{calls_};
  Deliveries deliveries_{calls_};
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<ServiceClients> clients_;
  OrderFeed feed_;
  ShopBackends backends_;
  std::unique_ptr<graphql::Schema> schema_;
  std::unique_ptr<graphql::Service> service_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      io_.get_executor()};
  std::thread io_thread_;
};

const accounts::Principal kAdmin{"cpt_admin", "admin@x.fr", accounts::Role::kAdmin};

TEST_F(BatchingTest, APageOfOrdersCostsOneCallPerService) {
  boost::json::value r = Run(R"({ commandes(first: 50) { totalCount edges { node {
      id parfum { nom } lignes { parfum { nom } } paiement { statut } livraison { statut } } } } })",
                             kAdmin);
  ASSERT_FALSE(r.as_object().contains("errors")) << r;
  const auto& edges = r.at("data").at("commandes").at("edges").as_array();
  ASSERT_EQ(edges.size(), static_cast<size_t>(kOrders));
  EXPECT_EQ(edges[3].at("node").at("lignes").at(1).at("parfum").at("nom").as_string(), "Parfum prf_4");
  EXPECT_EQ(edges[2].at("node").at("livraison").at("statut").as_string(), "EXPEDIEE");
  EXPECT_TRUE(edges[3].at("node").at("livraison").is_null());
  EXPECT_EQ(edges[3].at("node").at("paiement").at("statut").as_string(), "ACCEPTE");
  EXPECT_EQ(calls_.list_orders, 1);
  EXPECT_EQ(calls_.batch_parfums, 1);
  EXPECT_EQ(calls_.batch_payments, 1);
  EXPECT_EQ(calls_.batch_deliveries, 1);
  EXPECT_EQ(calls_.get_parfum + calls_.get_order, 0);
}

TEST_F(BatchingTest, ReadsAreRetriedOnUnavailableButOperatorWritesAreNot) {
  boost::json::value r = Run("{ parfums(first: 5) { totalCount edges { node { id } } } }", kAdmin);
  ASSERT_FALSE(r.as_object().contains("errors")) << r;
  EXPECT_EQ(r.at("data").at("parfums").at("totalCount").as_int64(), 1);
  EXPECT_EQ(calls_.list_parfums, 2);
  boost::json::value w = Run(R"(mutation { ajusterStock(id: "prf_1", delta: 1, raison: "r") { stock } })", kAdmin);
  ASSERT_TRUE(w.as_object().contains("errors")) << w;
  EXPECT_EQ(w.at("errors").at(0).at("extensions").at("code").as_string(), "UNAVAILABLE");
  EXPECT_EQ(calls_.adjust_stock, 1);
}

TEST_F(BatchingTest, AListNeverShowsAClientAnotherClientsOrder) {
  // The service returned orders of two clients (a bug there): the client
  // gets an error, not the other client's data.
  boost::json::value r = Run(R"({ mesCommandes(first: 10) { edges { node { id clientId } } } })",
                             accounts::Principal{"cpt_a", "a@x.fr", accounts::Role::kClient});
  ASSERT_TRUE(r.as_object().contains("errors")) << r;
  EXPECT_EQ(r.at("errors").at(0).at("extensions").at("code").as_string(), "NOT_FOUND");
  EXPECT_EQ(boost::json::serialize(r).find("cmd_1\""), std::string::npos) << r;
}

}  // namespace
}  // namespace parfumerie::gateway

// The orders' gRPC API over a real channel to a real server on port 0,
// backed by the catalogue's SQLite database in a temporary file.
#include <grpcpp/grpcpp.h>

#include "catalog/grpc/order_grpc_service.h"
#include "gmock/gmock.h"
#include "order_fixture.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/server.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;

class OrderGrpcTest : public OrderFixture {
 protected:
  void SetUp() override {
    OrderFixture::SetUp();
    grpc_service_ = MakeOrderGrpcService(*orders_);
    auto server = rpc::Server::Start({.host = "127.0.0.1", .port = 0},
                                     {{v1::OrderService::service_full_name(), grpc_service_.get()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::OrderService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                                          grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(5));
  }

  v1::PlaceOrderRequest Request(const std::string& parfum, int q, const std::string& key) {
    v1::PlaceOrderRequest r;
    r.set_idempotency_key(key);
    r.set_client_id("usr_camille");
    v1::LigneDemandee* l = r.add_lignes();
    l->set_parfum_id(parfum);
    l->set_quantite(q);
    v1::Adresse* a = r.mutable_adresse_livraison();
    a->set_nom_complet("Camille Martin");
    a->set_ligne1("12 rue des Lilas");
    a->set_code_postal("75011");
    a->set_ville("Paris");
    a->set_pays("FR");
    r.set_payment_method_token("tok_visa_4242");
    return r;
  }

  grpc::Status PlaceRpc(const v1::PlaceOrderRequest& req, v1::Commande* out) {
    grpc::ClientContext ctx;
    return stub_->PlaceOrder(&ctx, req, out);
  }

  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<v1::OrderService::Stub> stub_;
};

TEST_F(OrderGrpcTest, PlaceGetListCancel) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  v1::Commande placed;
  ASSERT_TRUE(PlaceRpc(Request(ambre, 2, "k-1"), &placed).ok());
  EXPECT_THAT(placed.id(), ::testing::StartsWith("cmd_"));
  EXPECT_EQ(placed.parfum_id(), ambre);
  EXPECT_EQ(placed.quantite(), 2);
  EXPECT_EQ(placed.statut(), v1::STATUT_COMMANDE_EN_ATTENTE);
  EXPECT_EQ(placed.total_cents(), 17800);
  ASSERT_EQ(placed.lignes_size(), 1);
  EXPECT_EQ(placed.lignes(0).nom(), "Ambre Nuit");
  EXPECT_EQ(placed.lignes(0).total_cents(), 17800);
  EXPECT_EQ(placed.adresse_livraison().pays(), "FR");
  EXPECT_EQ(placed.historique_size(), 1);
  EXPECT_GT(placed.date_commande().seconds(), 0);
  EXPECT_EQ(placed.date_limite_paiement().seconds() - placed.date_commande().seconds(), 15 * 60);
  EXPECT_EQ(Stock(ambre), 3);

  // Replay with the same key: the same order.
  v1::Commande replay;
  ASSERT_TRUE(PlaceRpc(Request(ambre, 2, "k-1"), &replay).ok());
  EXPECT_EQ(replay.id(), placed.id());
  EXPECT_EQ(Stock(ambre), 3);

  grpc::ClientContext get_ctx;
  v1::GetOrderRequest get;
  get.set_id(placed.id());
  v1::Commande got;
  ASSERT_TRUE(stub_->GetOrder(&get_ctx, get, &got).ok());
  EXPECT_EQ(got.SerializeAsString(), placed.SerializeAsString());

  grpc::ClientContext list_ctx;
  v1::ListOrdersRequest list;
  list.set_client_id("usr_camille");
  list.set_statut(v1::STATUT_COMMANDE_EN_ATTENTE);
  v1::ListOrdersResponse listed;
  ASSERT_TRUE(stub_->ListOrders(&list_ctx, list, &listed).ok());
  EXPECT_EQ(listed.total(), 1);
  ASSERT_EQ(listed.commandes_size(), 1);
  EXPECT_EQ(listed.commandes(0).id(), placed.id());
  EXPECT_TRUE(listed.next_page_token().empty());

  grpc::ClientContext cancel_ctx;
  v1::CancelOrderRequest cancel;
  cancel.set_id(placed.id());
  cancel.set_raison("changement d'avis");
  v1::Commande cancelled;
  ASSERT_TRUE(stub_->CancelOrder(&cancel_ctx, cancel, &cancelled).ok());
  EXPECT_EQ(cancelled.statut(), v1::STATUT_COMMANDE_ANNULEE);
  EXPECT_EQ(cancelled.raison_annulation(), "changement d'avis");
  EXPECT_EQ(cancelled.historique_size(), 2);
  EXPECT_EQ(cancelled.historique(1).raison(), "changement d'avis");
  EXPECT_EQ(Stock(ambre), 5);
}

TEST_F(OrderGrpcTest, ErrorsCarryTheirCanonicalCodes) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 1);
  v1::Commande out;
  grpc::Status s = PlaceRpc(Request(ambre, 2, ""), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("Ambre Nuit"));

  s = PlaceRpc(Request("prf_missing", 1, ""), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("prf_missing"));

  v1::PlaceOrderRequest bad = Request(ambre, 1, "");
  bad.mutable_adresse_livraison()->set_pays("ZZ");
  s = PlaceRpc(bad, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("adresse.pays"));

  ASSERT_TRUE(PlaceRpc(Request(ambre, 1, "k-2"), &out).ok());
  s = PlaceRpc(Request(ambre, 1, std::string(256, 'k')), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  grpc::ClientContext get_ctx;
  v1::GetOrderRequest get;
  get.set_id("cmd_unknown");
  EXPECT_EQ(stub_->GetOrder(&get_ctx, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  grpc::ClientContext list_ctx;
  v1::ListOrdersRequest list;
  list.set_statut(static_cast<v1::StatutCommande>(42));
  v1::ListOrdersResponse listed;
  EXPECT_EQ(stub_->ListOrders(&list_ctx, list, &listed).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  grpc::ClientContext page_ctx;
  v1::ListOrdersRequest big;
  big.mutable_page()->set_page_size(101);
  EXPECT_EQ(stub_->ListOrders(&page_ctx, big, &listed).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// The events continue the caller's trace, as children of the server's span
// for the call (the caller's span id is the server span's parent).
TEST_F(OrderGrpcTest, TraceparentHeaderReachesTheOutbox) {
  const std::string ambre = AddParfum("Ambre Nuit", 8900, 5);
  DrainOutbox();
  const std::string trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  grpc::ClientContext ctx;
  ctx.AddMetadata("traceparent", trace);
  v1::Commande out;
  ASSERT_TRUE(stub_->PlaceOrder(&ctx, Request(ambre, 1, ""), &out).ok());
  std::vector<bus::OutboxEntry> entries = Outbox();
  ASSERT_EQ(entries.size(), 2u);
  for (const bus::OutboxEntry& e : entries) {
    const std::string sent(e.message.Get(bus::kTraceparent).value_or(""));
    EXPECT_THAT(sent, ::testing::MatchesRegex("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")) << sent;
    EXPECT_NE(sent, trace);  // the parent is the server's span, not the caller's
  }
}

}  // namespace
}  // namespace parfumerie::catalog

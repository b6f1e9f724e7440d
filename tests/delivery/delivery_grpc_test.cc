// The delivery gRPC API over a real channel to a real server on port 0, backed
// by the SQLite store in a temp dir.
#include <grpcpp/grpcpp.h>

#include "delivery/grpc/delivery_grpc_service.h"
#include "delivery_test_support.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "rpc/server.h"

namespace parfumerie::delivery::testing {
namespace {

using ::testing::HasSubstr;

class DeliveryGrpcTest : public DeliveryFixture {
 protected:
  void SetUp() override {
    DeliveryFixture::SetUp();
    grpc_service_ = MakeDeliveryGrpcService(*service_);
    auto server = rpc::Server::Start({.host = "127.0.0.1", .port = 0},
                                     {{DeliveryGrpcServiceName(), grpc_service_.get()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::DeliveryService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(5));
  }

  grpc::Status Advance(const std::string& id, std::optional<int64_t> version, v1::Livraison* out) {
    grpc::ClientContext ctx;
    v1::AdvanceDeliveryRequest req;
    req.set_id(id);
    if (version) req.set_expected_version(*version);
    return stub_->AdvanceDelivery(&ctx, req, out);
  }

  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<v1::DeliveryService::Stub> stub_;
};

TEST_F(DeliveryGrpcTest, GetByIdAndByOrderReturnEveryField) {
  const std::string id = Created("cmd_1");
  grpc::ClientContext ctx;
  v1::GetDeliveryRequest req;
  req.set_id(id);
  v1::Livraison got;
  ASSERT_TRUE(stub_->GetDelivery(&ctx, req, &got).ok());
  EXPECT_EQ(got.id(), id);
  EXPECT_EQ(got.commande_id(), "cmd_1");
  EXPECT_EQ(got.statut(), v1::STATUT_LIVRAISON_EN_PREPARATION);
  EXPECT_FALSE(got.transporteur().empty());
  EXPECT_FALSE(got.numero_suivi().empty());
  EXPECT_EQ(got.adresse().ville(), "Bordeaux");
  ASSERT_EQ(got.suivi_size(), 1);
  EXPECT_EQ(got.suivi(0).at().seconds(), 1'750'000'000);
  EXPECT_EQ(got.cree_le().seconds(), 1'750'000'000);
  EXPECT_EQ(got.maj_le().seconds(), 1'750'000'000);
  EXPECT_EQ(got.version(), 1);

  grpc::ClientContext ctx2;
  v1::GetDeliveryForOrderRequest by_order;
  by_order.set_commande_id("cmd_1");
  v1::Livraison same;
  ASSERT_TRUE(stub_->GetDeliveryForOrder(&ctx2, by_order, &same).ok());
  EXPECT_EQ(same.SerializeAsString(), got.SerializeAsString());

  grpc::ClientContext ctx3;
  by_order.set_commande_id("cmd_none");
  grpc::Status missing = stub_->GetDeliveryForOrder(&ctx3, by_order, &same);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(DeliveryGrpcTest, BatchGetForOrdersSkipsOrdersWithoutDelivery) {
  const std::string first = Created("cmd_1");
  const std::string second = Created("cmd_2");
  grpc::ClientContext ctx;
  v1::BatchGetDeliveriesForOrdersRequest req;
  for (const char* id : {"cmd_2", "cmd_none", "cmd_1"}) req.add_commande_ids(id);
  v1::BatchGetDeliveriesForOrdersResponse resp;
  ASSERT_TRUE(stub_->BatchGetDeliveriesForOrders(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.livraisons_size(), 2);
  EXPECT_EQ(resp.livraisons(0).id(), second);
  EXPECT_EQ(resp.livraisons(1).id(), first);

  grpc::ClientContext too_many_ctx;
  v1::BatchGetDeliveriesForOrdersRequest too_many;
  for (int i = 0; i < 101; ++i) too_many.add_commande_ids("cmd_" + std::to_string(i));
  EXPECT_EQ(stub_->BatchGetDeliveriesForOrders(&too_many_ctx, too_many, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DeliveryGrpcTest, AdvanceAndFailMapErrorsToGrpcCodes) {
  const std::string id = Created("cmd_1");
  v1::Livraison l;
  ASSERT_TRUE(Advance(id, 1, &l).ok());
  EXPECT_EQ(l.statut(), v1::STATUT_LIVRAISON_EXPEDIEE);
  EXPECT_EQ(l.suivi_size(), 2);
  EXPECT_EQ(Advance(id, 1, &l).error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(Advance(id, std::nullopt, &l).ok());
  ASSERT_TRUE(Advance(id, std::nullopt, &l).ok());
  EXPECT_EQ(l.statut(), v1::STATUT_LIVRAISON_LIVREE);
  grpc::Status final_state = Advance(id, std::nullopt, &l);
  EXPECT_EQ(final_state.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(final_state.error_message(), HasSubstr("LIVREE"));

  const std::string other = Created("cmd_2");
  grpc::ClientContext ctx;
  v1::FailDeliveryRequest fail;
  fail.set_id(other);
  grpc::Status no_reason = stub_->FailDelivery(&ctx, fail, &l);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext ctx2;
  fail.set_raison("Destinataire absent, colis retourné");
  fail.set_expected_version(1);
  ASSERT_TRUE(stub_->FailDelivery(&ctx2, fail, &l).ok());
  EXPECT_EQ(l.statut(), v1::STATUT_LIVRAISON_ECHEC);
  EXPECT_EQ(l.suivi(1).commentaire(), "Destinataire absent, colis retourné");
  EXPECT_EQ(Advance("liv_nope", std::nullopt, &l).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(DeliveryGrpcTest, ListFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    Tick();
    Created("cmd_" + std::to_string(i));
  }
  v1::Livraison l;
  ASSERT_TRUE(Advance("liv_2", std::nullopt, &l).ok());

  std::vector<std::string> ids;
  v1::ListDeliveriesRequest req;
  req.mutable_page()->set_page_size(2);
  for (;;) {
    grpc::ClientContext ctx;
    v1::ListDeliveriesResponse resp;
    ASSERT_TRUE(stub_->ListDeliveries(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.total(), 5);
    for (const v1::Livraison& x : resp.livraisons()) ids.push_back(x.id());
    if (resp.next_page_token().empty()) break;
    req.mutable_page()->set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"liv_5", "liv_4", "liv_3", "liv_2", "liv_1"}));

  grpc::ClientContext ctx;
  v1::ListDeliveriesRequest shipped;
  shipped.set_statut(v1::STATUT_LIVRAISON_EXPEDIEE);
  v1::ListDeliveriesResponse resp;
  ASSERT_TRUE(stub_->ListDeliveries(&ctx, shipped, &resp).ok());
  ASSERT_EQ(resp.livraisons_size(), 1);
  EXPECT_EQ(resp.livraisons(0).id(), "liv_2");
  EXPECT_EQ(resp.total(), 1);

  grpc::ClientContext ctx2;
  v1::ListDeliveriesRequest too_big;
  too_big.mutable_page()->set_page_size(1000);
  EXPECT_EQ(stub_->ListDeliveries(&ctx2, too_big, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext ctx3;
  v1::ListDeliveriesRequest bad_enum;
  bad_enum.set_statut(static_cast<v1::StatutLivraison>(42));
  EXPECT_EQ(stub_->ListDeliveries(&ctx3, bad_enum, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace parfumerie::delivery::testing

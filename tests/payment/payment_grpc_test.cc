// The payment service's gRPC API over a real channel to a real server on
// port 0, backed by the SQLite store and the simulated provider.
#include <grpcpp/grpcpp.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "payment/grpc/payment_grpc_service.h"
#include "rpc/server.h"
#include "service_fixture.h"

namespace parfumerie::payment::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PaymentGrpcTest : public PaymentServiceFixture {
 protected:
  void SetUp() override {
    PaymentServiceFixture::SetUp();
    grpc_service_ = MakePaymentGrpcService(*service_);
    auto server = rpc::Server::Start({.host = "127.0.0.1", .port = 0},
                                     {{v1::PaymentService::service_full_name(), grpc_service_.get()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::PaymentService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(5));
  }

  grpc::Status Tokenize(const std::string& numero, const std::string& cvc, v1::TokenizeCardResponse* out) {
    v1::TokenizeCardRequest req;
    req.set_numero(numero);
    req.set_mois_expiration(12);
    req.set_annee_expiration(2030);
    req.set_cvc(cvc);
    grpc::ClientContext ctx;
    return stub_->TokenizeCard(&ctx, req, out);
  }

  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<v1::PaymentService::Stub> stub_;
};

TEST_F(PaymentGrpcTest, TokenizeThenPayThenQuery) {
  v1::TokenizeCardResponse token;
  ASSERT_TRUE(Tokenize("4242 4242 4242 4242", "123", &token).ok());
  EXPECT_THAT(token.token(), ::testing::StartsWith("pm_"));
  EXPECT_EQ(token.marque_carte(), "visa");
  EXPECT_EQ(token.derniers_chiffres(), "4242");

  ASSERT_TRUE(handler_(Placed("cmd_1", token.token(), 12'900)).ok());

  v1::Paiement by_order;
  {
    grpc::ClientContext ctx;
    v1::GetPaymentForOrderRequest req;
    req.set_commande_id("cmd_1");
    ASSERT_TRUE(stub_->GetPaymentForOrder(&ctx, req, &by_order).ok());
  }
  EXPECT_EQ(by_order.statut(), v1::STATUT_PAIEMENT_ACCEPTE);
  EXPECT_EQ(by_order.montant_cents(), 12'900);
  EXPECT_EQ(by_order.marque_carte(), "visa");
  EXPECT_EQ(by_order.derniers_chiffres(), "4242");
  EXPECT_EQ(by_order.cree_le().seconds(), ToUnixMillis(now_) / 1000);
  EXPECT_FALSE(by_order.has_rembourse_le());

  v1::Paiement by_id;
  grpc::ClientContext ctx;
  v1::GetPaymentRequest req;
  req.set_id(by_order.id());
  ASSERT_TRUE(stub_->GetPayment(&ctx, req, &by_id).ok());
  EXPECT_EQ(by_id.SerializeAsString(), by_order.SerializeAsString());
}

TEST_F(PaymentGrpcTest, BatchGetForOrdersSkipsOrdersWithoutPayment) {
  v1::TokenizeCardResponse token;
  ASSERT_TRUE(Tokenize("4242 4242 4242 4242", "123", &token).ok());
  ASSERT_TRUE(handler_(Placed("cmd_1", token.token(), 100)).ok());
  ASSERT_TRUE(handler_(Placed("cmd_2", token.token(), 200)).ok());
  grpc::ClientContext ctx;
  v1::BatchGetPaymentsForOrdersRequest req;
  for (const char* id : {"cmd_2", "cmd_none", "cmd_1"}) req.add_commande_ids(id);
  v1::BatchGetPaymentsForOrdersResponse resp;
  ASSERT_TRUE(stub_->BatchGetPaymentsForOrders(&ctx, req, &resp).ok());
  ASSERT_EQ(resp.paiements_size(), 2);
  EXPECT_EQ(resp.paiements(0).commande_id(), "cmd_2");
  EXPECT_EQ(resp.paiements(0).montant_cents(), 200);
  EXPECT_EQ(resp.paiements(1).commande_id(), "cmd_1");

  grpc::ClientContext too_many_ctx;
  v1::BatchGetPaymentsForOrdersRequest too_many;
  for (int i = 0; i < 101; ++i) too_many.add_commande_ids("cmd_" + std::to_string(i));
  EXPECT_EQ(stub_->BatchGetPaymentsForOrders(&too_many_ctx, too_many, &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PaymentGrpcTest, ErrorsMapToCanonicalCodesWithoutTheNumber) {
  v1::TokenizeCardResponse out;
  grpc::Status bad = Tokenize("4242424242424241", "123", &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("numero"));
  EXPECT_THAT(bad.error_message(), Not(HasSubstr("4242424242424241")));

  grpc::ClientContext ctx;
  v1::GetPaymentRequest req;
  req.set_id("pay_nope");
  v1::Paiement p;
  EXPECT_EQ(stub_->GetPayment(&ctx, req, &p).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PaymentGrpcTest, ListFiltersAndPages) {
  v1::TokenizeCardResponse ok, declined;
  ASSERT_TRUE(Tokenize(std::string(kCardSucceeds), "123", &ok).ok());
  ASSERT_TRUE(Tokenize(std::string(kCardDeclined), "123", &declined).ok());
  for (int i = 0; i < 5; ++i) {
    now_ += std::chrono::seconds(1);
    ASSERT_TRUE(handler_(Placed("cmd_" + std::to_string(i), i < 3 ? ok.token() : declined.token(), 100)).ok());
  }
  std::vector<std::string> orders;
  v1::ListPaymentsRequest req;
  req.set_statut(v1::STATUT_PAIEMENT_ACCEPTE);
  req.mutable_page()->set_page_size(2);
  for (;;) {
    grpc::ClientContext ctx;
    v1::ListPaymentsResponse resp;
    ASSERT_TRUE(stub_->ListPayments(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.total(), 3);
    for (const auto& p : resp.paiements()) orders.push_back(p.commande_id());
    if (resp.next_page_token().empty()) break;
    req.mutable_page()->set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(orders, (std::vector<std::string>{"cmd_2", "cmd_1", "cmd_0"}));

  grpc::ClientContext ctx;
  v1::ListPaymentsRequest too_big;
  too_big.mutable_page()->set_page_size(101);
  v1::ListPaymentsResponse resp;
  EXPECT_EQ(stub_->ListPayments(&ctx, too_big, &resp).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace parfumerie::payment::testing

// The catalogue's gRPC API over a real channel to a real server on port 0,
// backed by the SQLite store in a temporary file.
#include <grpcpp/grpcpp.h>

#include <filesystem>

#include "catalog/catalog_service.h"
#include "catalog/grpc/catalog_grpc_service.h"
#include "catalog/sqlite/sqlite_catalog_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/server.h"
#include "support/process.h"

namespace parfumerie::catalog {
namespace {

using ::testing::HasSubstr;

class CatalogGrpcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenSqliteCatalogStore(dir_.path() + "/catalog.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    service_ = std::make_unique<CatalogService>(*store_);
    grpc_service_ = MakeCatalogGrpcService(*service_);
    auto server = rpc::Server::Start({.host = "127.0.0.1", .port = 0}, {{v1::CatalogService::service_full_name(), grpc_service_.get()}});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
    stub_ = v1::CatalogService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(5));
  }

  v1::CreateParfumRequest Valid(const std::string& nom, int64_t prix, int32_t stock) {
    v1::CreateParfumRequest r;
    r.set_nom(nom);
    r.set_description("Un sillage boisé et ambré.");
    r.set_marque("Maison Lumière");
    r.set_famille(v1::FAMILLE_BOISE);
    r.set_genre(v1::GENRE_MIXTE);
    r.set_contenance_ml(100);
    r.set_prix_cents(prix);
    r.set_stock(stock);
    r.mutable_notes()->add_tete("bergamote");
    r.mutable_notes()->add_fond("cèdre");
    return r;
  }

  grpc::Status Create(const v1::CreateParfumRequest& req, v1::Parfum* out) {
    grpc::ClientContext ctx;
    return stub_->CreateParfum(&ctx, req, out);
  }

  testing::TempDir dir_;
  std::unique_ptr<CatalogStore> store_;
  std::unique_ptr<CatalogService> service_;
  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> server_;
  std::unique_ptr<v1::CatalogService::Stub> stub_;
};

TEST_F(CatalogGrpcTest, CreateThenGetRoundTripsEveryField) {
  v1::Parfum created;
  ASSERT_TRUE(Create(Valid("Cèdre Éternel", 12900, 7), &created).ok());
  EXPECT_THAT(created.id(), ::testing::StartsWith("prf_"));
  EXPECT_EQ(created.version(), 1);
  EXPECT_GT(created.created_at().seconds(), 0);
  EXPECT_EQ(created.image(), "/images/parfums/" + created.id() + ".svg");

  grpc::ClientContext ctx;
  v1::GetParfumRequest get;
  get.set_id(created.id());
  v1::Parfum got;
  ASSERT_TRUE(stub_->GetParfum(&ctx, get, &got).ok());
  EXPECT_EQ(got.nom(), "Cèdre Éternel");
  EXPECT_EQ(got.famille(), v1::FAMILLE_BOISE);
  EXPECT_EQ(got.genre(), v1::GENRE_MIXTE);
  EXPECT_EQ(got.prix_cents(), 12900);
  EXPECT_EQ(got.stock(), 7);
  EXPECT_EQ(got.contenance_ml(), 100);
  ASSERT_EQ(got.notes().tete_size(), 1);
  EXPECT_EQ(got.notes().fond(0), "cèdre");
}

TEST_F(CatalogGrpcTest, BadInputIsInvalidArgumentNamingTheField) {
  v1::Parfum out;
  auto no_name = Valid("", 1000, 1);
  grpc::Status s = Create(no_name, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("nom"));

  auto negative = Valid("Prix négatif", -5, 1);
  s = Create(negative, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("prix"));

  auto bad_enum = Valid("Famille inconnue", 1000, 1);
  bad_enum.set_famille(static_cast<v1::Famille>(42));
  s = Create(bad_enum, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("famille"));

  // Nothing was written by the refused calls.
  grpc::ClientContext ctx;
  v1::ListParfumsResponse list;
  ASSERT_TRUE(stub_->ListParfums(&ctx, v1::ListParfumsRequest(), &list).ok());
  EXPECT_EQ(list.total(), 0);
}

TEST_F(CatalogGrpcTest, StaleVersionIsAbortedAndChangesNothing) {
  v1::Parfum created;
  ASSERT_TRUE(Create(Valid("Iris Poudré", 9900, 2), &created).ok());
  v1::UpdateParfumRequest first;
  first.set_id(created.id());
  first.set_expected_version(created.version());
  first.set_prix_cents(10900);
  v1::Parfum updated;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->UpdateParfum(&ctx, first, &updated).ok());
  }
  EXPECT_EQ(updated.version(), created.version() + 1);

  v1::UpdateParfumRequest stale = first;
  stale.set_prix_cents(1);
  grpc::ClientContext ctx;
  v1::Parfum ignored;
  EXPECT_EQ(stub_->UpdateParfum(&ctx, stale, &ignored).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(service_->Get(created.id())->prix_cents, 10900);
}

TEST_F(CatalogGrpcTest, StockNeverGoesNegative) {
  v1::Parfum created;
  ASSERT_TRUE(Create(Valid("Vétiver Fumé", 7500, 2), &created).ok());
  v1::AdjustStockRequest take3;
  take3.set_id(created.id());
  take3.set_delta(-3);
  v1::Parfum out;
  {
    grpc::ClientContext ctx;
    EXPECT_EQ(stub_->AdjustStock(&ctx, take3, &out).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  v1::AdjustStockRequest take2 = take3;
  take2.set_delta(-2);
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->AdjustStock(&ctx, take2, &out).ok());
  EXPECT_EQ(out.stock(), 0);
}

TEST_F(CatalogGrpcTest, PagesWalkTheWholeListOnceAndBatchGetSkipsUnknownIds) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    v1::Parfum p;
    ASSERT_TRUE(Create(Valid("Parfum " + std::to_string(i), 1000 + i, i), &p).ok());
    ids.push_back(p.id());
  }
  std::set<std::string> seen;
  v1::ListParfumsRequest req;
  req.set_tri(v1::TRI_PARFUMS_PRIX);
  req.mutable_page()->set_page_size(3);
  int pages = 0;
  for (;;) {
    grpc::ClientContext ctx;
    v1::ListParfumsResponse resp;
    ASSERT_TRUE(stub_->ListParfums(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.total(), 7);
    for (const auto& p : resp.parfums()) EXPECT_TRUE(seen.insert(p.id()).second) << p.id();
    ++pages;
    if (resp.next_page_token().empty()) break;
    req.mutable_page()->set_page_token(resp.next_page_token());
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(pages, 3);

  v1::ListParfumsRequest bad;
  bad.mutable_page()->set_page_token("not-a-cursor");
  {
    grpc::ClientContext ctx;
    v1::ListParfumsResponse resp;
    EXPECT_EQ(stub_->ListParfums(&ctx, bad, &resp).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }

  v1::BatchGetParfumsRequest batch;
  batch.add_ids(ids[0]);
  batch.add_ids("prf_unknown");
  batch.add_ids(ids[6]);
  grpc::ClientContext ctx;
  v1::BatchGetParfumsResponse got;
  ASSERT_TRUE(stub_->BatchGetParfums(&ctx, batch, &got).ok());
  ASSERT_EQ(got.parfums_size(), 2);
  EXPECT_EQ(got.parfums(0).id(), ids[0]);
  EXPECT_EQ(got.parfums(1).id(), ids[6]);
}

TEST_F(CatalogGrpcTest, DeletedPerfumeIsNotFound) {
  v1::Parfum created;
  ASSERT_TRUE(Create(Valid("Rose Fanée", 5000, 1), &created).ok());
  {
    grpc::ClientContext ctx;
    v1::DeleteParfumRequest del;
    del.set_id(created.id());
    v1::DeleteParfumResponse resp;
    ASSERT_TRUE(stub_->DeleteParfum(&ctx, del, &resp).ok());
  }
  grpc::ClientContext ctx;
  v1::GetParfumRequest get;
  get.set_id(created.id());
  v1::Parfum out;
  EXPECT_EQ(stub_->GetParfum(&ctx, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace parfumerie::catalog

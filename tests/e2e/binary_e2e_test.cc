// Drives the built `parfumerie` binary as an operator would: --help, bad
// settings, the all-in-one mode with its demo catalogue, gRPC health and
// reflection, the REST API, and a clean SIGTERM shutdown.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "support/process.h"
#include "support/shop.h"

namespace parfumerie {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::Binary;
using testing::HttpRequest;
using testing::RunToCompletion;
using testing::Shop;
using testing::TempDir;
using namespace std::chrono_literals;

TEST(BinaryE2eTest, HelpListsEverySettingWithDefaultAndEnvironmentVariable) {
  auto [code, out] = RunToCompletion({Binary(), "--help"});
  EXPECT_EQ(code, 0);
  for (const char* expected :
       {"--data-dir", "[default: ./data]", "PARFUMERIE_DATA_DIR", "--catalog-grpc-port",
        "[default: 50053]", "--catalog-http-port", "[default: 3003]", "--log-format",
        "--config", "serve"}) {
    EXPECT_THAT(out, HasSubstr(expected));
  }
  auto [serve_code, serve_out] = RunToCompletion({Binary(), "serve", "--help"});
  EXPECT_EQ(serve_code, 0);
  EXPECT_THAT(serve_out, HasSubstr("--target"));
  EXPECT_THAT(serve_out, HasSubstr("catalog"));
}

TEST(BinaryE2eTest, BadSettingStopsStartUpNamingTheSetting) {
  TempDir dir;
  auto [code, out] = RunToCompletion({Binary(), "--data-dir=" + dir.path()},
                                     {{"PARFUMERIE_CATALOG_GRPC_PORT", "soixante"}});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(out, HasSubstr("catalog-grpc-port"));
  EXPECT_THAT(out, HasSubstr("PARFUMERIE_CATALOG_GRPC_PORT"));
}

TEST(BinaryE2eTest, AnUnknownBusOrStoreOrAGatewayWithoutSecretStopsStartUp) {
  TempDir dir;
  auto [code, out] = RunToCompletion({Binary(), "serve", "--target=catalog", "--bus=rabbitmq://x",
                                      "--catalog-grpc-port=0", "--catalog-http-port=0", "--data-dir=" + dir.path()});
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("bus: \"rabbitmq://x\" is neither embedded nor kafka://"));
  auto [code2, out2] = RunToCompletion({Binary(), "serve", "--target=catalog", "--bus=kafka://no-port",
                                        "--catalog-grpc-port=0", "--catalog-http-port=0", "--data-dir=" + dir.path()});
  EXPECT_EQ(code2, 1);
  EXPECT_THAT(out2, HasSubstr("bus: "));
  auto [code4, out4] = RunToCompletion({Binary(), "serve", "--target=delivery", "--store=postgres://x",
                                        "--delivery-grpc-port=0", "--data-dir=" + dir.path()});
  EXPECT_EQ(code4, 1);
  EXPECT_THAT(out4, HasSubstr("store: \"postgres://x\" is neither sqlite nor a mongodb:// URI"));
  // Outside the all-in-one demo, tokens need a configured key.
  auto [code3, out3] = RunToCompletion({Binary(), "serve", "--target=gateway", "--gateway-port=0",
                                        "--data-dir=" + dir.path()});
  EXPECT_EQ(code3, 1);
  EXPECT_THAT(out3, HasSubstr("jwt-secret: required outside the all-in-one mode"));
}

// A port free right now (the kernel's pick for a socket bound to port 0).
int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST(BinaryE2eTest, AGrpcOnlyTargetServesMetricsOnItsAdminPort) {
  TempDir dir;
  const int port = FreePort();
  Shop shop(dir.path(), {"serve", "--target=payment", "--metrics-port=" + std::to_string(port)});
  ASSERT_TRUE(shop.ok());
  shop.Tokenize(testing::kCardOk);
  auto scrape = HttpRequest(port, "GET", "/metrics");
  ASSERT_TRUE(scrape.has_value());
  EXPECT_EQ(scrape->status, 200);
  EXPECT_THAT(scrape->body, HasSubstr(R"(grpc_server_handled_total{grpc_service="parfumerie.v1.PaymentService",grpc_method="TokenizeCard",grpc_code="OK"} 1)"));
  EXPECT_THAT(scrape->body, HasSubstr("process_open_fds "));
}

TEST(BinaryE2eTest, MetricsCanBeSwitchedOffToMeasureTheirCost) {
  TempDir dir;
  const int port = FreePort();
  Shop shop(dir.path(), {"serve", "--target=payment", "--metrics=false", "--metrics-port=" + std::to_string(port)});
  ASSERT_TRUE(shop.ok());
  shop.Tokenize(testing::kCardOk);
  auto scrape = HttpRequest(port, "GET", "/metrics");
  ASSERT_TRUE(scrape.has_value());
  EXPECT_EQ(scrape->status, 200);
  EXPECT_THAT(scrape->body, Not(HasSubstr("grpc_server_handled_total")));  // recorded nowhere
  EXPECT_THAT(scrape->body, HasSubstr("process_open_fds "));                 // read at scrape time
}

TEST(BinaryE2eTest, UnknownTargetIsRefused) {
  TempDir dir;
  auto [code, out] =
      RunToCompletion({Binary(), "serve", "--target=catalog,cuisine", "--data-dir=" + dir.path()});
  EXPECT_EQ(code, 2);
  EXPECT_THAT(out, HasSubstr("unknown target \"cuisine\""));
}

TEST(BinaryE2eTest, AllInOneServesHealthReflectionGrpcAndRestThenStopsOnSigterm) {
  TempDir data;
  Shop shop(data.path());
  ASSERT_TRUE(shop.ok());

  // grpc.health.v1: the server as a whole and the catalogue service.
  auto health = grpc::health::v1::Health::NewStub(shop.CatalogChannel());
  for (std::string service : {"", "parfumerie.v1.CatalogService"}) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    ASSERT_TRUE(health->Check(&ctx, req, &resp).ok()) << service;
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }

  // Server reflection lists our service (what grpcurl relies on).
  {
    auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(shop.CatalogChannel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    auto stream = reflection->ServerReflectionInfo(&ctx);
    grpc::reflection::v1alpha::ServerReflectionRequest req;
    req.set_list_services("");
    ASSERT_TRUE(stream->Write(req));
    stream->WritesDone();
    grpc::reflection::v1alpha::ServerReflectionResponse resp;
    ASSERT_TRUE(stream->Read(&resp));
    std::vector<std::string> names;
    for (const auto& s : resp.list_services_response().service()) names.push_back(s.name());
    EXPECT_THAT(names, ::testing::Contains("parfumerie.v1.CatalogService"));
    EXPECT_THAT(names, ::testing::Contains("grpc.health.v1.Health"));
    EXPECT_TRUE(stream->Finish().ok());
  }

  // The demo catalogue is loaded in the all-in-one mode.
  auto catalog = v1::CatalogService::NewStub(shop.CatalogChannel());
  {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::ListParfumsRequest req;
    req.set_recherche("boisé");
    v1::ListParfumsResponse resp;
    ASSERT_TRUE(catalog->ListParfums(&ctx, req, &resp).ok());
    EXPECT_GT(resp.total(), 0);
    EXPECT_GT(resp.parfums_size(), 0);
  }
  {
    grpc::ClientContext ctx;
    v1::ListParfumsRequest req;
    req.mutable_page()->set_page_size(100);
    v1::ListParfumsResponse resp;
    ASSERT_TRUE(catalog->ListParfums(&ctx, req, &resp).ok());
    EXPECT_GE(resp.total(), 50);
  }
  {
    grpc::ClientContext ctx;
    v1::GetParfumRequest req;
    req.set_id("prf_doesnotexist");
    v1::Parfum resp;
    EXPECT_EQ(catalog->GetParfum(&ctx, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;
    v1::CreateParfumRequest req;  // no name, no price
    v1::Parfum resp;
    grpc::Status s = catalog->CreateParfum(&ctx, req, &resp);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  }

  // REST on its own port.
  auto healthz = HttpRequest(shop.http_port(), "GET", "/healthz");
  ASSERT_TRUE(healthz);
  EXPECT_EQ(healthz->status, 200);
  auto readyz = HttpRequest(shop.http_port(), "GET", "/readyz");
  ASSERT_TRUE(readyz);
  EXPECT_EQ(readyz->status, 200);
  auto list = HttpRequest(shop.http_port(), "GET", "/parfums?recherche=bois%C3%A9&limite=5");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  EXPECT_THAT(list->body, HasSubstr("\"items\""));
  auto openapi = HttpRequest(shop.http_port(), "GET", "/openapi.json");
  ASSERT_TRUE(openapi);
  EXPECT_EQ(openapi->status, 200);
  EXPECT_THAT(openapi->body, HasSubstr("\"openapi\""));

  shop.process().Signal(SIGTERM);
  auto code = shop.process().WaitForExit(30s);
  ASSERT_TRUE(code.has_value()) << "did not stop within 30 s";
  EXPECT_EQ(*code, 0) << shop.process().Output();
  EXPECT_THAT(shop.process().Output(), HasSubstr("stopped cleanly"));
}

TEST(BinaryE2eTest, ServeModeLoadsNoDemoDataAndDataSurvivesRestart) {
  TempDir data;
  std::string id;
  {
    Shop shop(data.path(), {"serve", "--target=catalog"});
    ASSERT_TRUE(shop.ok());
    auto catalog = v1::CatalogService::NewStub(shop.CatalogChannel());
    grpc::ClientContext list_ctx;
    v1::ListParfumsRequest list_req;
    v1::ListParfumsResponse list_resp;
    ASSERT_TRUE(catalog->ListParfums(&list_ctx, list_req, &list_resp).ok());
    EXPECT_EQ(list_resp.total(), 0);

    grpc::ClientContext create_ctx;
    v1::CreateParfumRequest create;
    create.set_nom("Ambre Nocturne");
    create.set_marque("Maison Test");
    create.set_famille(v1::FAMILLE_ORIENTAL);
    create.set_genre(v1::GENRE_MIXTE);
    create.set_contenance_ml(50);
    create.set_prix_cents(8900);
    create.set_stock(3);
    v1::Parfum created;
    ASSERT_TRUE(catalog->CreateParfum(&create_ctx, create, &created).ok());
    id = created.id();
    shop.process().Signal(SIGINT);
    EXPECT_EQ(shop.process().WaitForExit(30s).value_or(-1), 0) << shop.process().Output();
  }
  Shop again(data.path(), {"serve", "--target=catalog"});
  ASSERT_TRUE(again.ok());
  auto catalog = v1::CatalogService::NewStub(again.CatalogChannel());
  grpc::ClientContext ctx;
  v1::GetParfumRequest req;
  req.set_id(id);
  v1::Parfum got;
  ASSERT_TRUE(catalog->GetParfum(&ctx, req, &got).ok());
  EXPECT_EQ(got.nom(), "Ambre Nocturne");
  EXPECT_EQ(got.prix_cents(), 8900);
  EXPECT_EQ(got.stock(), 3);
}

}  // namespace
}  // namespace parfumerie

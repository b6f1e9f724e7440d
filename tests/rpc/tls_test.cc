// Mutual TLS between services over real sockets, with certificates made by
// the openssl tool for this test: a client with a certificate from the
// shop's CA is served; one without a certificate, or with a certificate from
// another CA, is refused; plaintext clients are refused.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <string>

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "gtest/gtest.h"
#include "rpc/server.h"
#include "rpc/tls.h"
#include "support/pki.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace parfumerie::rpc {
namespace {

namespace fs = std::filesystem;

using testing::Pki;

TlsOptions Options(const Pki& pki, const std::string& name, const std::string& ca) {
  return {.cert_file = pki.Path(name, "crt"), .key_file = pki.Path(name, "key"), .ca_file = pki.Path(ca, "crt")};
}

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("parfumerie-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    pki_ = std::make_unique<Pki>(dir_);
    ASSERT_TRUE(pki_->MakeCa("shop-ca") && pki_->MakeCert("shop-ca", "catalog") &&
                pki_->MakeCert("shop-ca", "gateway") && pki_->MakeCa("other-ca") &&
                pki_->MakeCert("other-ca", "intruder"))
        << "openssl failed";
    TlsOptions server_tls = Options(*pki_, "catalog", "shop-ca");
    server_tls.require_client_cert = true;
    auto server = Server::Start({.host = "127.0.0.1", .port = 0, .tls = server_tls}, {});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::seconds(1));
    fs::remove_all(dir_);
  }

  // The health check through a channel with `tls`: the gRPC status code.
  grpc::StatusCode Check(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    return stub->Check(&ctx, req, &resp).error_code();
  }
  std::string Address() const { return "localhost:" + std::to_string(server_->port()); }

  fs::path dir_;
  std::unique_ptr<Pki> pki_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsTest, AClientWithTheShopsCertificateIsServed) {
  auto channel = MakeChannel(Address(), Options(*pki_, "gateway", "shop-ca"));
  ASSERT_TRUE(channel.ok()) << channel.status();
  EXPECT_EQ(Check(*channel), grpc::StatusCode::OK);
}

TEST_F(TlsTest, ClientsWithoutAValidCertificateAreRefused) {
  // TLS, but no client certificate.
  grpc::SslCredentialsOptions no_cert;
  no_cert.pem_root_certs = [&] {
    std::ifstream in(pki_->Path("shop-ca", "crt"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  EXPECT_NE(Check(grpc::CreateChannel(Address(), grpc::SslCredentials(no_cert))), grpc::StatusCode::OK);
  // A certificate from another CA.
  TlsOptions intruder = Options(*pki_, "intruder", "shop-ca");
  auto channel = MakeChannel(Address(), intruder);
  ASSERT_TRUE(channel.ok());
  EXPECT_NE(Check(*channel), grpc::StatusCode::OK);
  // Plaintext.
  EXPECT_NE(Check(grpc::CreateChannel(Address(), grpc::InsecureChannelCredentials())), grpc::StatusCode::OK);
}

TEST_F(TlsTest, UnusableFilesAreRefusedNamingTheSetting) {
  TlsOptions missing{.cert_file = (dir_ / "nope.crt").string(), .key_file = "k", .ca_file = "c"};
  auto server = Server::Start({.host = "127.0.0.1", .port = 0, .tls = missing}, {});
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(server.status().message().find("grpc-tls-cert"), absl::string_view::npos);
  TlsOptions no_ca = Options(*pki_, "catalog", "shop-ca");
  no_ca.ca_file.clear();
  no_ca.require_client_cert = true;
  EXPECT_EQ(Server::Start({.host = "127.0.0.1", .port = 0, .tls = no_ca}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parfumerie::rpc

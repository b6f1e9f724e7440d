#include "rpc/tls.h"

#include <fstream>
#include <sstream>

#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>

#include "absl/strings/str_cat.h"
#include "rpc/tracing.h"

namespace parfumerie::rpc {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* setting) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(setting, ": cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  if (text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(setting, ": ", path, " is not a PEM file"));
  }
  return text.str();
}

struct Pems {
  std::string cert, key, ca;
};

absl::StatusOr<Pems> ReadAll(const TlsOptions& tls) {
  Pems pems;
  auto cert = ReadPem(tls.cert_file, "grpc-tls-cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(tls.key_file, "grpc-tls-key");
  if (!key.ok()) return key.status();
  pems.cert = std::move(*cert);
  pems.key = std::move(*key);
  if (!tls.ca_file.empty()) {
    auto ca = ReadPem(tls.ca_file, "grpc-tls-ca");
    if (!ca.ok()) return ca.status();
    pems.ca = std::move(*ca);
  }
  return pems;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(const TlsOptions& tls) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  if (tls.require_client_cert && tls.ca_file.empty()) {
    return absl::InvalidArgumentError("grpc-tls-ca: required to verify client certificates (mutual TLS)");
  }
  auto pems = ReadAll(tls);
  if (!pems.ok()) return pems.status();
  grpc::SslServerCredentialsOptions options(
      tls.require_client_cert ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
                              : GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_root_certs = pems->ca;
  options.pem_key_cert_pairs.push_back({pems->key, pems->cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(const TlsOptions& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  auto pems = ReadAll(tls);
  if (!pems.ok()) return pems.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = pems->ca;  // empty: the system's roots
  options.pem_private_key = pems->key;
  options.pem_cert_chain = pems->cert;
  return grpc::SslCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address, const TlsOptions& tls,
                                                           const std::string& service_config) {
  auto credentials = ChannelCredentials(tls);
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments args;
  // Calls, not connections, are spread over every address the name
  // resolves to (several replicas behind one DNS name or a list).
  args.SetLoadBalancingPolicyName("round_robin");
  if (!service_config.empty()) args.SetServiceConfigJSON(service_config);
  if (tls.enabled() && !tls.server_name_override.empty()) {
    args.SetSslTargetNameOverride(tls.server_name_override);
  }
  // "10.0.0.1:50053,10.0.0.2:50053": a static list of replicas.
  const std::string target = address.find(',') != std::string::npos && address.find("://") == std::string::npos &&
                                     address.find(':') != std::string::npos && !address.starts_with("ipv4:")
                                 ? "ipv4:" + address
                                 : address;
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(internal::MakeClientTracing());
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, *credentials, args,
                                                                 std::move(interceptors));
}

}  // namespace parfumerie::rpc

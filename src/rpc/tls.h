// TLS and mutual TLS between services: the credentials of gRPC servers and
// of the channels that call them, from PEM files named in configuration.
//
// With `cert_file` empty everything is plaintext (the all-in-one default).
// Otherwise a server presents cert_file/key_file, and, when
// `require_client_cert` is set, accepts only clients whose certificate
// chains to `ca_file` (mutual TLS). A client verifies the server against
// `ca_file` and presents cert_file/key_file as its own identity.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include "absl/status/statusor.h"

namespace parfumerie::rpc {

struct TlsOptions {
  std::string cert_file;  // PEM certificate chain of this process
  std::string key_file;   // PEM private key of cert_file
  std::string ca_file;    // PEM CA bundle that peers' certificates chain to
  bool require_client_cert = false;  // servers: mutual TLS
  // Clients: the name expected in the server's certificate when it differs
  // from the host dialled (e.g. calling an IP whose certificate says "catalog").
  std::string server_name_override;

  bool enabled() const { return !cert_file.empty(); }
};

// INVALID_ARGUMENT naming the setting when a file is missing or unreadable,
// or when mutual TLS is asked for without a CA.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(const TlsOptions& tls);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentials(const TlsOptions& tls);

// A channel to `address` with `tls`'s credentials (and its server name
// override), spreading calls round-robin over every address it resolves to.
// `address` is host:port, a gRPC target URI, or a comma-separated list of
// IPv4 ip:port (replicas).
// `service_config` is gRPC's JSON service config (e.g. retry policies); empty: none.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const std::string& address, const TlsOptions& tls,
                                                           const std::string& service_config = "");

}  // namespace parfumerie::rpc

// A gRPC server as every target runs it: the standard health service
// (grpc.health.v1), server reflection, and the services the target registers.
//
// Metrics (see docs/observability.md): grpc_server_handled_total by service,
// method and code, and grpc_server_handling_seconds by service and method.
// Methods that no registered service declares are counted as "unknown".
//
// Lifetime: the registered services must outlive the server. Thread-safe after
// Start(); Shutdown() may be called from any thread, once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "rpc/tls.h"

namespace grpc {
class Service;
}

namespace parfumerie::metrics {
class Registry;
}  // namespace parfumerie::metrics

namespace parfumerie::rpc {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 0;  // 0: any free port (see Server::port())
  int max_receive_message_bytes = 4 * 1024 * 1024;
  TlsOptions tls;  // default: plaintext
  // Where the call metrics go (null: metrics::Registry::Default()); must
  // outlive the server.
  metrics::Registry* metrics = nullptr;
  // Handler threads of the synchronous server kept waiting for calls. gRPC's
  // defaults (1 to 2) make a thread per call under load and end it after:
  // hundreds of thread creations a second when handlers block on a store.
  int min_pollers = 2;
  int max_pollers = 32;
};

// A service to register, with the full name the health service reports it
// under (the generated `Service::service_full_name()`).
struct ServiceEntry {
  std::string name;
  grpc::Service* service;
};

class Server {
 public:
  // Builds and starts the server; UNAVAILABLE if the port cannot be bound,
  // INVALID_ARGUMENT for unusable TLS files.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       std::vector<ServiceEntry> services);
  ~Server();

  int port() const { return port_; }

  // A channel to this server inside the process: no socket, no TLS, no
  // HTTP/2 framing on the wire. Release it before the server is destroyed.
  std::shared_ptr<grpc::Channel> InProcessChannel();

  // Health of every registered service and of the server as a whole ("").
  void SetServing(bool serving);

  // Reports NOT_SERVING, stops accepting calls, lets in-flight calls finish
  // for up to `grace`, then cancels the rest and closes every connection.
  // Returns as soon as no call is left, even if clients keep idle channels open.
  void Shutdown(std::chrono::milliseconds grace);

  class InFlight;  // counts calls in flight (implementation detail)

 private:
  Server(std::unique_ptr<grpc::Server> server, int port, std::vector<ServiceEntry> services,
         std::unique_ptr<InFlight> in_flight);
  std::unique_ptr<grpc::Server> server_;
  int port_;
  std::vector<ServiceEntry> services_;
  std::unique_ptr<InFlight> in_flight_;
};

}  // namespace parfumerie::rpc

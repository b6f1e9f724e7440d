// A gRPC server as every target runs it: the standard health service
// (grpc.health.v1), server reflection, and the services the target registers.
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

namespace grpc {
class Service;
}

namespace parfumerie::rpc {

struct ServerOptions {
  std::string host = "0.0.0.0";
  int port = 0;  // 0: any free port (see Server::port())
  int max_receive_message_bytes = 4 * 1024 * 1024;
};

class Server {
 public:
  // Builds and starts the server; UNAVAILABLE if the port cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                                       const std::vector<grpc::Service*>& services);
  ~Server();

  int port() const { return port_; }

  // Health of every registered service (and of the server as a whole, "").
  void SetServing(bool serving);

  // Stops accepting calls, lets in-flight calls finish until `deadline`, then
  // cancels the rest.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  Server(std::unique_ptr<grpc::Server> server, int port);
  std::unique_ptr<grpc::Server> server_;
  int port_;
};

}  // namespace parfumerie::rpc

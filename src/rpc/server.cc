#include "rpc/server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>
#include <grpcpp/support/server_interceptor.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace parfumerie::rpc {

// Counts calls in flight: gRPC creates one interceptor per call and destroys
// it when the call is over, whatever its outcome.
class Server::InFlight {
 public:
  void Enter() {
    std::lock_guard lock(mu_);
    ++count_;
  }
  void Leave() {
    std::lock_guard lock(mu_);
    if (--count_ == 0) idle_.notify_all();
  }
  // True if no call is in flight by `deadline`.
  bool WaitIdle(std::chrono::system_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    return idle_.wait_until(lock, deadline, [this] { return count_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable idle_;
  int count_ = 0;
};

namespace {

class CountingInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit CountingInterceptor(Server::InFlight& in_flight) : in_flight_(in_flight) {
    in_flight_.Enter();
  }
  ~CountingInterceptor() override { in_flight_.Leave(); }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    methods->Proceed();
  }

 private:
  Server::InFlight& in_flight_;
};

class CountingInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CountingInterceptorFactory(Server::InFlight& in_flight) : in_flight_(in_flight) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo*) override {
    return new CountingInterceptor(in_flight_);
  }

 private:
  Server::InFlight& in_flight_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                                      std::vector<ServiceEntry> services) {
  // Both are process-wide switches that must be set before the builder runs.
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  auto credentials = ServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  auto in_flight = std::make_unique<InFlight>();
  grpc::ServerBuilder builder;
  int bound_port = 0;
  const std::string address = options.host.find(':') != std::string::npos
                                  ? absl::StrCat("[", options.host, "]:", options.port)
                                  : absl::StrCat(options.host, ":", options.port);
  builder.AddListeningPort(address, *credentials, &bound_port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would
  // silently share its traffic instead of failing to start.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<CountingInterceptorFactory>(*in_flight));
  builder.experimental().SetInterceptorCreators(std::move(factories));
  for (const ServiceEntry& entry : services) builder.RegisterService(entry.service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(absl::StrCat("gRPC: cannot listen on ", address,
                                               " (port in use or address not available)"));
  }
  auto result = std::unique_ptr<Server>(
      new Server(std::move(server), bound_port, std::move(services), std::move(in_flight)));
  result->SetServing(true);
  return result;
}

Server::Server(std::unique_ptr<grpc::Server> server, int port, std::vector<ServiceEntry> services,
               std::unique_ptr<InFlight> in_flight)
    : server_(std::move(server)),
      port_(port),
      services_(std::move(services)),
      in_flight_(std::move(in_flight)) {}

Server::~Server() {
  if (server_) Shutdown(std::chrono::milliseconds(0));
}

std::shared_ptr<grpc::Channel> Server::InProcessChannel() {
  return server_->InProcessChannel(grpc::ChannelArguments());
}

void Server::SetServing(bool serving) {
  auto* health = server_->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);
  for (const ServiceEntry& entry : services_) health->SetServingStatus(entry.name, serving);
}

void Server::Shutdown(std::chrono::milliseconds grace) {
  if (!server_) return;
  SetServing(false);
  const auto deadline = std::chrono::system_clock::now() + grace;
  // grpc::Server::Shutdown refuses new calls at once but then waits for every
  // client to hang up, even idle ones (a gateway keeps its channels open), until
  // the deadline. So: wait for the calls in flight ourselves, then disconnect
  // whoever is left; Shutdown returns as soon as the last call is done.
  std::thread shutdown([this, deadline] { server_->Shutdown(deadline); });
  in_flight_->WaitIdle(deadline);
  grpc_server_cancel_all_calls(server_->c_server());
  shutdown.join();
  server_->Wait();
  server_.reset();
}

}  // namespace parfumerie::rpc

#include "rpc/server.h"

#include <grpc/grpc.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>
#include <google/protobuf/descriptor.h>
#include <grpcpp/support/server_interceptor.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

#include "absl/strings/str_cat.h"
#include "metrics/registry.h"
#include "rpc/tracing.h"

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

// The code names of grpc-go (codes.Code.String()), which the usual gRPC
// dashboards and alerts filter on: "OK", "NotFound", "Unavailable"...
std::string_view CodeLabel(grpc::StatusCode code) {
  // Indexed by grpc::StatusCode, whose values are 0..16.
  static constexpr std::array<std::string_view, 17> kNames = {
      "OK",
      "Canceled",
      "Unknown",
      "InvalidArgument",
      "DeadlineExceeded",
      "NotFound",
      "AlreadyExists",
      "PermissionDenied",
      "ResourceExhausted",
      "FailedPrecondition",
      "Aborted",
      "OutOfRange",
      "Unimplemented",
      "Internal",
      "Unavailable",
      "DataLoss",
      "Unauthenticated"};
  const auto i = static_cast<size_t>(code);
  return i < kNames.size() ? kNames[i] : "Unknown";
}

// The call metrics of one server, and the (service, method) label pair of
// each method path: only methods that a registered service declares get
// their own; any other path a client sends is "unknown", so that clients
// cannot grow the series set.
class CallMetrics {
 public:
  struct Method {
    std::string service;
    std::string method;
    metrics::Histogram* handling;
  };

  CallMetrics(metrics::Registry& registry, const std::vector<ServiceEntry>& services)
      : handled_(registry.AddCounter(
            {.name = "grpc_server_handled_total",
             .help = "gRPC calls completed on the server, by service, method and status code.",
             .labels = {"grpc_service", "grpc_method", "grpc_code"}})),
        handling_(registry.AddHistogram(
            {.name = "grpc_server_handling_seconds",
             .help = "Time from a gRPC call's start to its status, in seconds.",
             .labels = {"grpc_service", "grpc_method"}})),
        unknown_{"unknown", "unknown", &handling_.Labels({"unknown", "unknown"})} {
    for (const ServiceEntry& entry : services) services_.insert(entry.name);
  }

  // `path` is "/package.Service/Method", as gRPC names calls.
  const Method& Resolve(std::string_view path) {
    std::lock_guard lock(mu_);
    auto it = methods_.find(path);
    if (it != methods_.end()) return it->second;
    size_t slash = path.rfind('/');
    if (path.empty() || path.front() != '/' || slash == 0 || slash == std::string_view::npos) {
      return unknown_;
    }
    std::string service(path.substr(1, slash - 1));
    std::string method(path.substr(slash + 1));
    if (!Declares(service, method)) return unknown_;
    metrics::Histogram* handling = &handling_.Labels({service, method});
    return methods_
        .emplace(std::string(path), Method{std::move(service), std::move(method), handling})
        .first->second;
  }

  void Record(const Method& m, grpc::StatusCode code, std::chrono::steady_clock::duration took) {
    handled_.Labels({m.service, m.method, CodeLabel(code)}).Inc();
    m.handling->Observe(std::chrono::duration<double>(took).count());
  }

 private:
  bool Declares(const std::string& service, const std::string& method) const {
    // The services every server adds itself, whose descriptors may not be
    // linked in (gRPC implements them on its own).
    if (service == "grpc.health.v1.Health") return method == "Check" || method == "Watch";
    if (service == "grpc.reflection.v1alpha.ServerReflection" ||
        service == "grpc.reflection.v1.ServerReflection") {
      return method == "ServerReflectionInfo";
    }
    if (!services_.contains(service)) return false;
    const auto* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
    return descriptor != nullptr && descriptor->FindMethodByName(method) != nullptr;
  }

  metrics::CounterFamily& handled_;
  metrics::HistogramFamily& handling_;
  const Method unknown_;
  std::set<std::string> services_;
  std::mutex mu_;
  std::map<std::string, Method, std::less<>> methods_;  // guarded by mu_; declared methods only
};

// One per call: counts it in flight while it lasts and records its outcome.
class CountingInterceptor final : public grpc::experimental::Interceptor {
 public:
  CountingInterceptor(Server::InFlight& in_flight, CallMetrics& metrics,
                      const CallMetrics::Method& method)
      : in_flight_(in_flight), metrics_(metrics), method_(method) {
    in_flight_.Enter();
  }
  ~CountingInterceptor() override {
    // A call that ended without a status (cancelled, server shut down).
    if (!recorded_) Record(grpc::StatusCode::CANCELLED);
    in_flight_.Leave();
  }
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Record(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  void Record(grpc::StatusCode code) {
    if (recorded_) return;
    recorded_ = true;
    metrics_.Record(method_, code, std::chrono::steady_clock::now() - start_);
  }

  Server::InFlight& in_flight_;
  CallMetrics& metrics_;
  const CallMetrics::Method& method_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  bool recorded_ = false;
};

class CountingInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  CountingInterceptorFactory(Server::InFlight& in_flight, metrics::Registry& registry,
                             const std::vector<ServiceEntry>& services)
      : in_flight_(in_flight), metrics_(registry, services) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const char* method = info->method();
    return new CountingInterceptor(in_flight_, metrics_,
                                   metrics_.Resolve(method != nullptr ? method : ""));
  }

 private:
  Server::InFlight& in_flight_;
  CallMetrics metrics_;
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
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, options.min_pollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, options.max_pollers);
  // gRPC sets SO_REUSEPORT by default: a second server on the same port would
  // silently share its traffic instead of failing to start.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  metrics::Registry& registry =
      options.metrics != nullptr ? *options.metrics : metrics::Registry::Default();
  factories.push_back(std::make_unique<CountingInterceptorFactory>(*in_flight, registry, services));
  factories.push_back(internal::MakeServerTracing());
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
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(internal::MakeClientTracing());
  return server_->experimental().InProcessChannelWithInterceptors(grpc::ChannelArguments(),
                                                                  std::move(interceptors));
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

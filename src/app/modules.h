// Registration of every module and target the binary knows, one function per
// area. Each module's Start/Stop is in the file named after its area.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "app/module.h"
#include "app/runtime.h"
#include "bus/consumer_runner.h"
#include "rpc/server.h"

namespace parfumerie::app {

void RegisterModules(ModuleManager& manager);

void RegisterInfraModules(ModuleManager& manager);     // blocking-pool, bus
void RegisterCatalogModules(ModuleManager& manager);   // catalog-store, catalog
void RegisterPaymentModules(ModuleManager& manager);   // payment-store, payment
void RegisterDeliveryModules(ModuleManager& manager);  // delivery-store, delivery
void RegisterGatewayModules(ModuleManager& manager);   // gateway
void RegisterWebModules(ModuleManager& manager);       // web

// `parfumerie print-schema`: the gateway's schema as SDL on stdout.
int PrintGatewaySchema();

// Helpers shared by the area files.

// A module built from a class constructed with the Runtime.
template <typename M>
ModuleDef MakeModule(std::vector<std::string> deps, bool is_target) {
  return ModuleDef{std::move(deps), is_target,
                   [](Runtime& rt) -> absl::StatusOr<std::unique_ptr<Service>> {
                     return std::make_unique<M>(rt);
                   }};
}

// "<data-dir>/<file>", creating the directory if needed.
absl::StatusOr<std::string> DataFile(const Settings& settings, const std::string& file);

// Starts a gRPC server for `services` on `port`, records the bound port in
// rt.grpc_ports[target] and an in-process channel in rt.local_channels[target]
// (the target erases it before stopping the server), and logs where it listens (logger `target`, message
// "gRPC listening on HOST:PORT").
absl::StatusOr<std::unique_ptr<rpc::Server>> StartGrpc(Runtime& rt, const std::string& target,
                                                       int port,
                                                       std::vector<rpc::ServiceEntry> services);

// TLS of gRPC between services, from the grpc-tls-* settings.
rpc::TlsOptions GrpcTls(const Settings& settings);

// A saga consumer's options from the settings (attempts, back-off), applying
// events in batches within `transaction` (its store's ConsumerTransaction(),
// or null) when consumer-transaction-batch allows.
bus::ConsumerRunnerOptions ConsumerOptions(const Settings& settings, std::string group,
                                           std::vector<std::string> topics,
                                           bus::TransactionScope transaction = nullptr);

// The MongoDB URI of the `store` setting, or "" for SQLite; INVALID_ARGUMENT
// for anything else.
absl::StatusOr<std::string> MongoUri(const Settings& settings);
// The database a service keeps its documents in: "<name>_<service>" when
// the URI names a database (mongodb://host/name), else "parfumerie_<service>".
std::string MongoDatabase(const Settings& settings, const std::string& service);

// Whether an auto|true|false setting is on in this mode.
bool AutoFlag(const Runtime& rt, const std::string& value);

}  // namespace parfumerie::app

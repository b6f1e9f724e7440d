#include "app/modules.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parfumerie::app {

void RegisterModules(ModuleManager& m) {
  RegisterInfraModules(m);
  RegisterCatalogModules(m);
  RegisterPaymentModules(m);
  RegisterDeliveryModules(m);
  RegisterGatewayModules(m);
  RegisterWebModules(m);
}

absl::StatusOr<std::string> DataFile(const Settings& settings, const std::string& file) {
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("data-dir ", settings.data_dir, ": cannot create: ", ec.message()));
  }
  return (std::filesystem::path(settings.data_dir) / file).string();
}

absl::StatusOr<std::unique_ptr<rpc::Server>> StartGrpc(Runtime& rt, const std::string& target,
                                                       int port,
                                                       std::vector<rpc::ServiceEntry> services) {
  auto server = rpc::Server::Start(
      {.host = rt.settings.listen_host, .port = port, .tls = GrpcTls(rt.settings)}, std::move(services));
  if (!server.ok()) return server.status();
  rt.grpc_ports[target] = (*server)->port();
  rt.local_channels[target] = (*server)->InProcessChannel();
  log::Get(target)->info("gRPC listening on {}:{}", rt.settings.listen_host, (*server)->port());
  return server;
}

rpc::TlsOptions GrpcTls(const Settings& s) {
  return {.cert_file = s.grpc_tls_cert,
          .key_file = s.grpc_tls_key,
          .ca_file = s.grpc_tls_ca,
          .require_client_cert = s.grpc_tls_client_auth,
          .server_name_override = s.grpc_tls_server_name};
}

bus::ConsumerRunnerOptions ConsumerOptions(const Settings& s, std::string group,
                                           std::vector<std::string> topics, bus::TransactionScope transaction) {
  bus::ConsumerRunnerOptions options{
      .group = std::move(group),
      .topics = std::move(topics),
      .max_attempts = static_cast<int>(s.consumer_max_attempts),
      .initial_backoff = std::chrono::milliseconds(s.consumer_initial_backoff_ms),
      .max_backoff = std::chrono::milliseconds(
          std::max<int64_t>(s.consumer_initial_backoff_ms, 5000))};
  if (s.consumer_transaction_batch > 1 && transaction) {
    options.transaction = std::move(transaction);
    options.transaction_batch = static_cast<size_t>(s.consumer_transaction_batch);
  }
  return options;
}

absl::StatusOr<std::string> MongoUri(const Settings& settings) {
  if (settings.store == "sqlite") return std::string();
  if (settings.store.starts_with("mongodb://") || settings.store.starts_with("mongodb+srv://")) {
    return settings.store;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("store: \"", settings.store, "\" is neither sqlite nor a mongodb:// URI"));
}

std::string MongoDatabase(const Settings& settings, const std::string& service) {
  std::string_view uri = settings.store;
  const size_t scheme = uri.find("://");
  std::string_view rest = scheme == std::string_view::npos ? std::string_view() : uri.substr(scheme + 3);
  const size_t slash = rest.find('/');
  std::string_view name = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  name = name.substr(0, name.find('?'));
  return absl::StrCat(name.empty() ? "parfumerie" : std::string(name), "_", service);
}

bool AutoFlag(const Runtime& rt, const std::string& value) {
  return value == "true" || (value == "auto" && rt.all_in_one);
}

}  // namespace parfumerie::app

// The `gateway` target: the shop's GraphQL API on gateway-port (HTTP and
// WebSocket on /graphql), accounts in <data-dir>/gateway.db, every query
// resolved through the services' gRPC APIs, and the saga's events consumed
// as the gateway's own group to drive subscriptions.
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "app/modules.h"
#include "bus/consumer_runner.h"
#include "common/log.h"
#include "gateway/accounts/account_service.h"
#include "gateway/accounts/password_hasher.h"
#include "gateway/accounts/mongo/mongo_account_store.h"
#include "gateway/accounts/sqlite/sqlite_account_store.h"
#include "gateway/accounts/token_codec.h"
#include "gateway/core/clients.h"
#include "gateway/core/order_feed.h"
#include "gateway/core/shop_schema.h"
#include "gateway/http/graphql_http.h"
#include "gateway/ws/graphql_ws.h"
#include "graphql/printer.h"
#include "graphql/service.h"
#include "metrics/http_endpoint.h"
#include "net/http_server.h"

namespace parfumerie::app {
namespace {

constexpr const char* kDemoAdminEmail = "admin@parfumerie.test";
constexpr const char* kDemoAdminPassword = "parfumerie-admin";

// The channel to a service: to its address setting when given; else
// in-process when the service runs in this process; else to this host's
// port for it.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ServiceChannel(const Runtime& rt, const std::string& setting,
                                                             const std::string& target, int configured_port) {
  if (setting.empty()) {
    if (auto it = rt.local_channels.find(target); it != rt.local_channels.end()) return it->second;
  }
  const std::string address = setting.empty() ? absl::StrCat("127.0.0.1:", configured_port) : setting;
  return rpc::MakeChannel(address, GrpcTls(rt.settings), gateway::ServiceClients::RetryServiceConfig());
}

graphql::Limits GatewayLimits(const Settings& s) {
  graphql::Limits limits;
  limits.max_source_length = 64 * 1024;
  limits.max_tokens = 10000;
  limits.introspection = s.graphql_introspection;
  return limits;
}

class GatewayModule final : public Service {
 public:
  explicit GatewayModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const Settings& s = rt_.settings;
    auto logger = log::Get("gateway");
    if (absl::Status st = OpenAccounts(); !st.ok()) return st;

    auto catalog = ServiceChannel(rt_, s.catalog_addr, "catalog", s.catalog_grpc_port);
    if (!catalog.ok()) return catalog.status();
    auto payment = ServiceChannel(rt_, s.payment_addr, "payment", s.payment_grpc_port);
    if (!payment.ok()) return payment.status();
    auto delivery = ServiceChannel(rt_, s.delivery_addr, "delivery", s.delivery_grpc_port);
    if (!delivery.ok()) return delivery.status();
    clients_ = gateway::ServiceClients::FromChannels({*catalog, *payment, *delivery},
                                                     std::chrono::milliseconds(s.gateway_deadline_ms));
    feed_ = std::make_unique<gateway::OrderFeed>();
    backends_ = gateway::ShopBackends{.clients = clients_.get(),
                                      .accounts = accounts_.get(),
                                      .blocking = rt_.blocking_pool.get(),
                                      .feed = feed_.get()};
    auto schema = gateway::BuildShopSchema();
    if (!schema.ok()) return schema.status();
    schema_ = std::move(*schema);
    const graphql::Limits limits = GatewayLimits(s);
    service_ = std::make_unique<graphql::Service>(*schema_, limits);

    factory_ = gateway::MakeOperationFactory(backends_);
    http_options_ = gateway::http::GraphqlHttpOptions{.graphiql_dir = s.graphiql_dir};
    for (auto origin : absl::StrSplit(s.cors_origins, ',', absl::SkipWhitespace())) {
      http_options_.cors.allowed_origins.emplace_back(absl::StripAsciiWhitespace(origin));
    }
    ws_options_.limits = limits;
    http_options_.metrics = &operation_metrics_;
    ws_options_.metrics = &operation_metrics_;
    net::Router router;
    metrics::AddMetricsRoute(router);
    AddApiRoutes(router);
    http_server_ = std::make_unique<net::HttpServer>(
        net::HttpServerOptions{.name = "gateway-http",
                               .address = s.listen_host,
                               .port = static_cast<uint16_t>(s.gateway_port),
                               .io_threads = static_cast<int>(s.io_threads),
                               .max_body_bytes = static_cast<size_t>(s.http_max_body_bytes)},
        std::move(router));
    if (absl::Status st = http_server_->Start(); !st.ok()) return st;
    logger->info("GraphQL listening on http://{}:{}/graphql", s.listen_host, http_server_->port());
    // The front end of this process serves the same API on its own origin.
    rt_.web_routes["gateway"] = [this](net::Router& router) { AddApiRoutes(router); };

    bus::ConsumerRunnerOptions feed_options =
        ConsumerOptions(s, s.gateway_consumer_group, gateway::OrderFeedTopics());
    // Subscribers only need changes from now on (commandeMiseAJour sends the
    // current state first): a new replica's group skips the history.
    feed_options.start = bus::StartPosition::kEnd;
    consumer_ = std::make_unique<bus::ConsumerRunner>(
        *rt_.bus, std::move(feed_options),
        [feed = feed_.get()](const bus::Message& m) { return feed->Handle(m); });
    return consumer_->Start();
  }

  // Connections first (subscribers get 1001), then the feed's consumer. The
  // feed's listeners hold executors of the server's io_context: they go
  // before the server does.
  void Stop() override {
    rt_.web_routes.erase("gateway");
    http_server_->Shutdown(std::chrono::milliseconds(rt_.settings.shutdown_grace_ms));
    consumer_->Stop();
    consumer_.reset();
    feed_.reset();
    http_server_.reset();
    service_.reset();
    schema_.reset();
    clients_.reset();
    accounts_.reset();
    hasher_.reset();
    store_.reset();
  }

 private:
  // /graphql over HTTP and WebSocket, on the gateway's server or another one
  // of this process (the web front end's), which must stop before this module.
  void AddApiRoutes(net::Router& router) {
    gateway::http::RegisterGraphqlHttp(router, "/graphql", http_options_, *service_, factory_);
    gateway::ws::RegisterGraphqlWs(router, "/graphql", ws_options_, *schema_, *service_, factory_);
  }

  absl::Status OpenAccounts() {
    const Settings& s = rt_.settings;
    auto logger = log::Get("gateway");
    std::string secret = s.jwt_secret;
    if (secret.empty()) {
      if (!rt_.all_in_one) {
        return absl::InvalidArgumentError(
            "jwt-secret: required outside the all-in-one mode (at least 32 bytes, the same on every "
            "gateway replica)");
      }
      secret = gateway::accounts::GenerateTokenSecret();
      logger->warn("no jwt-secret configured: tokens are signed with a random key and end with this process");
    }
    auto tokens = gateway::accounts::TokenCodec::Create(
        {.secret = std::move(secret), .ttl = std::chrono::seconds(s.token_ttl_s)});
    if (!tokens.ok()) return tokens.status();
    auto mongo = MongoUri(s);
    if (!mongo.ok()) return mongo.status();
    absl::StatusOr<std::unique_ptr<gateway::accounts::AccountStore>> store;
    if (!mongo->empty()) {
      store = gateway::accounts::OpenMongoAccountStore(*mongo, MongoDatabase(s, "gateway"));
    } else {
      auto path = DataFile(s, "gateway.db");
      if (!path.ok()) return path.status();
      store = gateway::accounts::OpenSqliteAccountStore(*path);
    }
    if (!store.ok()) return store.status();
    store_ = std::move(*store);
    auto hasher = gateway::accounts::MakeArgon2idHasher();
    if (!hasher.ok()) return hasher.status();
    hasher_ = std::move(*hasher);
    accounts_ = std::make_unique<gateway::accounts::AccountService>(*store_, *hasher_, std::move(*tokens));

    std::string email = s.admin_email, password = s.admin_password;
    if (email.empty() != password.empty()) {
      return absl::InvalidArgumentError("admin-email and admin-password: set both or neither");
    }
    if (email.empty() && rt_.all_in_one) {
      email = kDemoAdminEmail;
      password = kDemoAdminPassword;
      logger->warn("demo operator account: {} / {} (set admin-email and admin-password to change it)", email,
                   password);
    }
    if (!email.empty()) {
      auto setup = accounts_->EnsureAdmin(email, password);
      if (!setup.ok()) return setup.status();
      logger->info("operator account {} ready", email);
    }
    return absl::OkStatus();
  }

  Runtime& rt_;
  std::unique_ptr<gateway::accounts::AccountStore> store_;
  std::unique_ptr<gateway::accounts::PasswordHasher> hasher_;
  std::unique_ptr<gateway::accounts::AccountService> accounts_;
  std::unique_ptr<gateway::ServiceClients> clients_;
  std::unique_ptr<gateway::OrderFeed> feed_;
  gateway::ShopBackends backends_;
  std::unique_ptr<graphql::Schema> schema_;
  std::unique_ptr<graphql::Service> service_;
  gateway::OperationContextFactory factory_;
  gateway::OperationMetrics operation_metrics_;  // outlives the routes that record into it
  gateway::http::GraphqlHttpOptions http_options_;
  gateway::ws::GraphqlWsOptions ws_options_;
  std::unique_ptr<net::HttpServer> http_server_;
  std::unique_ptr<bus::ConsumerRunner> consumer_;
};

}  // namespace

void RegisterGatewayModules(ModuleManager& m) {
  m.Register("gateway", MakeModule<GatewayModule>({"metrics", "blocking-pool", "bus"}, true));
}

int PrintGatewaySchema() {
  auto schema = gateway::BuildShopSchemaSdlOnly();
  if (!schema.ok()) {
    std::cerr << "parfumerie: " << schema.status().message() << "\n";
    return 1;
  }
  std::cout << graphql::PrintSchema(**schema) << "\n";
  return 0;
}

}  // namespace parfumerie::app

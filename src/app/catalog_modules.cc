// The catalogue: its store (with the demo catalogue) and the `catalog` target
// serving gRPC and REST.
#include <atomic>
#include <chrono>
#include <thread>

#include "app/event_plumbing.h"
#include "app/modules.h"
#include "catalog/demo_data.h"
#include "catalog/grpc/catalog_grpc_service.h"
#include "catalog/grpc/order_grpc_service.h"
#include "catalog/orders/order_events.h"
#include "catalog/orders/order_expirer.h"
#include "catalog/orders/order_metrics.h"
#include "catalog/orders/order_service.h"
#include "catalog/rest/catalog_routes.h"
#include "catalog/mongo/mongo_catalog_database.h"
#include "catalog/sqlite/sqlite_catalog_database.h"
#include "common/log.h"
#include "metrics/http_endpoint.h"
#include "net/http_server.h"
#include "parfumerie/v1/catalog.grpc.pb.h"

namespace parfumerie::app {
namespace {

// Opens the catalogue's store and service; seeds the demo catalogue when asked.
class CatalogStoreModule final : public Service {
 public:
  explicit CatalogStoreModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    auto mongo = MongoUri(rt_.settings);
    if (!mongo.ok()) return mongo.status();
    std::string where;
    if (!mongo->empty()) {
      where = "MongoDB database " + MongoDatabase(rt_.settings, "catalog");
      auto db = catalog::OpenMongoCatalogDatabase(*mongo, MongoDatabase(rt_.settings, "catalog"));
      if (!db.ok()) return db.status();
      rt_.catalog_store = std::move(db->catalog);
      rt_.order_store = std::move(db->orders);
      rt_.catalog_outbox = std::move(db->outbox);
    } else {
      auto path = DataFile(rt_.settings, "catalog.db");
      if (!path.ok()) return path.status();
      where = *path;
      auto db = catalog::OpenSqliteCatalogDatabase(*path);
      if (!db.ok()) return db.status();
      rt_.catalog_store = std::move(db->catalog);
      rt_.order_store = std::move(db->orders);
      rt_.catalog_outbox = std::move(db->outbox);
    }
    rt_.catalog_service = std::make_unique<catalog::CatalogService>(*rt_.catalog_store);
    if (AutoFlag(rt_, rt_.settings.demo_data)) {
      if (auto st = catalog::SeedDemoData(*rt_.catalog_service); !st.ok()) return st;
    }
    log::Get("catalog")->info("store open: {}", where);
    return absl::OkStatus();
  }

  void Stop() override {
    rt_.catalog_service.reset();
    rt_.catalog_outbox.reset();
    rt_.order_store.reset();
    rt_.catalog_store.reset();
  }

 private:
  Runtime& rt_;
};

// The `catalog` target: perfumes and orders over gRPC on catalog-grpc-port,
// perfumes over REST/JSON on catalog-http-port; in the saga, consumes
// `paiements` and `livraisons` as group "catalog" and publishes `commandes`
// through its outbox; cancels orders left unpaid past their deadline.
class CatalogModule final : public Service {
 public:
  explicit CatalogModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const auto& s = rt_.settings;
    status_gauge_ = std::make_unique<catalog::OrderStatusGauge>(*rt_.order_store);
    order_service_ = std::make_unique<catalog::OrderService>(
        *rt_.order_store,
        catalog::OrderServiceOptions{
            .payment_timeout = std::chrono::milliseconds(s.payment_timeout_ms),
            // The relay starts after the service exists; until then events
            // simply wait for its first poll.
            .on_outbox_written = [this] {
              if (EventPlumbing* events = events_ready_.load()) events->Notify();
              status_gauge_->Poke();
            }});
    events_ = std::make_unique<EventPlumbing>(
        *rt_.bus, *rt_.catalog_outbox, "catalog",
        ConsumerOptions(s, std::string(catalog::kOrderConsumerGroup), catalog::OrderConsumerTopics(),
                        rt_.order_store->ConsumerTransaction()),
        catalog::MakeOrderEventHandler(*order_service_));
    events_ready_.store(events_.get());

    grpc_service_ = catalog::MakeCatalogGrpcService(*rt_.catalog_service);
    order_grpc_service_ = catalog::MakeOrderGrpcService(*order_service_);
    auto server =
        StartGrpc(rt_, "catalog", s.catalog_grpc_port,
                  {{v1::CatalogService::service_full_name(), grpc_service_.get()},
                   {v1::OrderService::service_full_name(), order_grpc_service_.get()}});
    if (!server.ok()) return server.status();
    grpc_server_ = std::move(*server);

    net::Router router;
    metrics::AddMetricsRoute(router);
    catalog::rest::AddCatalogRoutes(router, *rt_.catalog_service, *rt_.blocking_pool);
    http_server_ = std::make_unique<net::HttpServer>(
        net::HttpServerOptions{.name = "catalog-http",
                               .address = s.listen_host,
                               .port = static_cast<uint16_t>(s.catalog_http_port),
                               .io_threads = static_cast<int>(s.io_threads),
                               .max_body_bytes = static_cast<size_t>(s.http_max_body_bytes)},
        std::move(router));
    if (auto st = http_server_->Start(); !st.ok()) return st;
    log::Get("catalog")->info("REST listening on {}:{}", s.listen_host, http_server_->port());
    // The front end of this process shows the bottle pictures on its own origin.
    rt_.web_routes["catalog"] = [this](net::Router& router) {
      catalog::rest::AddImageRoute(router, *rt_.catalog_service, *rt_.blocking_pool);
    };

    if (absl::Status st = events_->Start(); !st.ok()) return st;
    expirer_ = std::make_unique<catalog::OrderExpirer>(
        *order_service_,
        catalog::OrderExpirerOptions{
            .interval = std::chrono::milliseconds(s.order_expiry_interval_ms)});
    expirer_->Start();
    status_gauge_->Start();
    return absl::OkStatus();
  }

  // Intake stops first (both servers drain at once), then the saga's
  // consumer and relay, which publishes what the last requests wrote.
  void Stop() override {
    const auto grace = std::chrono::milliseconds(rt_.settings.shutdown_grace_ms);
    rt_.web_routes.erase("catalog");
    expirer_->Stop();
    status_gauge_->Stop();
    std::thread http([&] { http_server_->Shutdown(grace); });
    rt_.local_channels.erase("catalog");
    grpc_server_->Shutdown(grace);
    http.join();
    events_->Stop(grace);
    events_ready_.store(nullptr);
    expirer_.reset();
    http_server_.reset();
    grpc_server_.reset();
    order_grpc_service_.reset();
    grpc_service_.reset();
    events_.reset();
    order_service_.reset();
    status_gauge_.reset();
  }

 private:
  Runtime& rt_;
  std::unique_ptr<catalog::OrderStatusGauge> status_gauge_;  // orders{status}
  std::unique_ptr<catalog::OrderService> order_service_;
  std::unique_ptr<EventPlumbing> events_;
  std::atomic<EventPlumbing*> events_ready_{nullptr};
  std::unique_ptr<catalog::OrderExpirer> expirer_;
  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<grpc::Service> order_grpc_service_;
  std::unique_ptr<rpc::Server> grpc_server_;
  std::unique_ptr<net::HttpServer> http_server_;
};

}  // namespace

void RegisterCatalogModules(ModuleManager& m) {
  m.Register("catalog-store", MakeModule<CatalogStoreModule>({}, false));
  m.Register("catalog",
             MakeModule<CatalogModule>({"metrics", "blocking-pool", "bus", "catalog-store"}, true));
}

}  // namespace parfumerie::app

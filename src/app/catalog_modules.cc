// The catalogue: its store (with the demo catalogue) and the `catalog` target
// serving gRPC and REST.
#include <chrono>
#include <thread>

#include "app/modules.h"
#include "catalog/demo_data.h"
#include "catalog/grpc/catalog_grpc_service.h"
#include "catalog/rest/catalog_routes.h"
#include "catalog/sqlite/sqlite_catalog_store.h"
#include "common/log.h"
#include "net/http_server.h"
#include "parfumerie/v1/catalog.grpc.pb.h"

namespace parfumerie::app {
namespace {

// Opens the catalogue's store and service; seeds the demo catalogue when asked.
class CatalogStoreModule final : public Service {
 public:
  explicit CatalogStoreModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    auto path = DataFile(rt_.settings, "catalog.db");
    if (!path.ok()) return path.status();
    auto store = catalog::OpenSqliteCatalogStore(*path);
    if (!store.ok()) return store.status();
    rt_.catalog_store = std::move(*store);
    rt_.catalog_service = std::make_unique<catalog::CatalogService>(*rt_.catalog_store);
    if (AutoFlag(rt_, rt_.settings.demo_data)) {
      if (auto st = catalog::SeedDemoData(*rt_.catalog_service); !st.ok()) return st;
    }
    log::Get("catalog")->info("store open at {}", *path);
    return absl::OkStatus();
  }

  void Stop() override {
    rt_.catalog_service.reset();
    rt_.catalog_store.reset();
  }

 private:
  Runtime& rt_;
};

// The `catalog` target: gRPC on catalog-grpc-port, REST/JSON on catalog-http-port.
class CatalogModule final : public Service {
 public:
  explicit CatalogModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const auto& s = rt_.settings;
    grpc_service_ = catalog::MakeCatalogGrpcService(*rt_.catalog_service);
    auto server = StartGrpc(rt_, "catalog", s.catalog_grpc_port,
                            {{v1::CatalogService::service_full_name(), grpc_service_.get()}});
    if (!server.ok()) return server.status();
    grpc_server_ = std::move(*server);

    net::Router router;
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
    return absl::OkStatus();
  }

  // Both servers drain at once: intake stops everywhere before anything waits.
  void Stop() override {
    const auto grace = std::chrono::milliseconds(rt_.settings.shutdown_grace_ms);
    std::thread http([&] { http_server_->Shutdown(grace); });
    grpc_server_->Shutdown(grace);
    http.join();
    http_server_.reset();
    grpc_server_.reset();
    grpc_service_.reset();
  }

 private:
  Runtime& rt_;
  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> grpc_server_;
  std::unique_ptr<net::HttpServer> http_server_;
};

}  // namespace

void RegisterCatalogModules(ModuleManager& m) {
  m.Register("catalog-store", MakeModule<CatalogStoreModule>({}, false));
  m.Register("catalog", MakeModule<CatalogModule>({"blocking-pool", "catalog-store"}, true));
}

}  // namespace parfumerie::app

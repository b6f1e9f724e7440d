#include "app/modules.h"

#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "app/runtime.h"
#include "catalog/demo_data.h"
#include "catalog/grpc/catalog_grpc_service.h"
#include "catalog/rest/catalog_routes.h"
#include "catalog/sqlite/sqlite_catalog_store.h"
#include "common/log.h"
#include "net/http_server.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/server.h"

namespace parfumerie::app {
namespace {

// Threads for blocking calls (SQLite) made on behalf of HTTP handlers. Stopped
// after every server that posts to it, since it is started before them.
class BlockingPoolModule final : public Service {
 public:
  explicit BlockingPoolModule(Runtime& rt) : rt_(rt) {}
  absl::Status Start() override {
    rt_.blocking_pool = std::make_unique<net::BlockingPool>(
        "blocking", static_cast<int>(rt_.settings.blocking_threads));
    return absl::OkStatus();
  }
  void Stop() override {
    rt_.blocking_pool->Stop();
    rt_.blocking_pool.reset();
  }

 private:
  Runtime& rt_;
};

// Opens the catalogue's store and service; seeds the demo catalogue when asked.
class CatalogStoreModule final : public Service {
 public:
  explicit CatalogStoreModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const auto& s = rt_.settings;
    std::error_code ec;
    std::filesystem::create_directories(s.data_dir, ec);
    if (ec) {
      return absl::FailedPreconditionError(
          absl::StrCat("data-dir ", s.data_dir, ": cannot create: ", ec.message()));
    }
    const std::string path = (std::filesystem::path(s.data_dir) / "catalog.db").string();
    auto store = catalog::OpenSqliteCatalogStore(path);
    if (!store.ok()) return store.status();
    rt_.catalog_store = std::move(*store);
    rt_.catalog_service = std::make_unique<catalog::CatalogService>(*rt_.catalog_store);
    const bool seed = s.demo_data == "true" || (s.demo_data == "auto" && rt_.all_in_one);
    if (seed) {
      if (auto st = catalog::SeedDemoData(*rt_.catalog_service); !st.ok()) return st;
    }
    log::Get("catalog")->info("store open at {}", path);
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
    grpc_service_ = catalog::MakeCatalogGrpcService(*rt_.catalog_service);
    auto server = rpc::Server::Start(
        {.host = rt_.settings.listen_host, .port = rt_.settings.catalog_grpc_port},
        {{v1::CatalogService::service_full_name(), grpc_service_.get()}});
    if (!server.ok()) return server.status();
    grpc_server_ = std::move(*server);
    log::Get("catalog")->info("gRPC listening on {}:{}", rt_.settings.listen_host,
                              grpc_server_->port());

    net::Router router;
    catalog::rest::AddCatalogRoutes(router, *rt_.catalog_service, *rt_.blocking_pool);
    const auto& s = rt_.settings;
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

template <typename M>
ModuleDef Module(std::vector<std::string> deps, bool is_target) {
  return ModuleDef{std::move(deps), is_target,
                   [](Runtime& rt) -> absl::StatusOr<std::unique_ptr<Service>> {
                     return std::make_unique<M>(rt);
                   }};
}

}  // namespace

void RegisterModules(ModuleManager& m) {
  m.Register("blocking-pool", Module<BlockingPoolModule>({}, false));
  m.Register("catalog-store", Module<CatalogStoreModule>({}, false));
  m.Register("catalog", Module<CatalogModule>({"blocking-pool", "catalog-store"}, true));
}

}  // namespace parfumerie::app

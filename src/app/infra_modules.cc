// Modules every target may depend on: the blocking pool and the event bus.
#include "app/modules.h"
#include "absl/strings/str_cat.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/kafka/kafka_bus.h"
#include "metrics/http_endpoint.h"
#include "metrics/registry.h"
#include "common/log.h"

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

// The event bus: the embedded log in one SQLite file (bus.db) by default,
// or Apache Kafka for several processes and machines (`bus=kafka://...`).
class BusModule final : public Service {
 public:
  explicit BusModule(Runtime& rt) : rt_(rt) {}
  absl::Status Start() override {
    const std::string& bus = rt_.settings.bus;
    if (bus.starts_with("kafka://")) {
      auto options = bus::ParseKafkaUrl(bus);
      if (!options.ok()) return absl::InvalidArgumentError(absl::StrCat("bus: ", options.status().message()));
      if (bus.find("partitions=") == std::string::npos) {
        options->partitions = static_cast<int32_t>(rt_.settings.bus_partitions);
      }
      auto kafka = bus::OpenKafkaBus(*options);
      if (!kafka.ok()) return kafka.status();
      rt_.bus = std::move(*kafka);
      log::Get("bus")->info("Kafka at {}", options->bootstrap_servers);
      return absl::OkStatus();
    }
    if (bus != "embedded") {
      return absl::InvalidArgumentError(
          absl::StrCat("bus: \"", bus, "\" is neither embedded nor kafka://host:port[,host:port...]"));
    }
    auto path = DataFile(rt_.settings, "bus.db");
    if (!path.ok()) return path.status();
    auto embedded = bus::OpenEmbeddedBus(
        *path, {.partitions = static_cast<int32_t>(rt_.settings.bus_partitions),
                .retention = std::chrono::hours(rt_.settings.bus_retention_hours)});
    if (!embedded.ok()) return embedded.status();
    rt_.bus = std::move(*embedded);
    log::Get("bus")->info("embedded event log at {}", *path);
    return absl::OkStatus();
  }
  void Stop() override { rt_.bus.reset(); }

 private:
  Runtime& rt_;
};

// The process's admin port (metrics-port): /metrics for targets that speak
// only gRPC. Every target depends on it; it starts nothing when the port is 0.
class MetricsModule final : public Service {
 public:
  explicit MetricsModule(Runtime& rt) : rt_(rt) {}
  absl::Status Start() override {
    metrics::Registry::Default().AddProcessMetrics();
    if (rt_.settings.metrics_port == 0) return absl::OkStatus();
    auto server = metrics::StartAdminServer({.name = "admin",
                                             .address = rt_.settings.listen_host,
                                             .port = static_cast<uint16_t>(rt_.settings.metrics_port)});
    if (!server.ok()) return server.status();
    server_ = std::move(*server);
    log::Get("admin")->info("metrics on http://{}:{}/metrics", rt_.settings.listen_host, server_->port());
    return absl::OkStatus();
  }
  void Stop() override {
    if (server_) server_->Shutdown(std::chrono::milliseconds(rt_.settings.shutdown_grace_ms));
    server_.reset();
  }

 private:
  Runtime& rt_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace

void RegisterInfraModules(ModuleManager& m) {
  m.Register("metrics", MakeModule<MetricsModule>({}, false));
  m.Register("blocking-pool", MakeModule<BlockingPoolModule>({}, false));
  m.Register("bus", MakeModule<BusModule>({}, false));
}

}  // namespace parfumerie::app

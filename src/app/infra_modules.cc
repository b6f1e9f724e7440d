// Modules every target may depend on: the blocking pool and the event bus.
#include "app/modules.h"
#include "bus/embedded/embedded_bus.h"
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

// The embedded event log (all-in-one mode): one SQLite file, bus.db.
class BusModule final : public Service {
 public:
  explicit BusModule(Runtime& rt) : rt_(rt) {}
  absl::Status Start() override {
    auto path = DataFile(rt_.settings, "bus.db");
    if (!path.ok()) return path.status();
    auto bus = bus::OpenEmbeddedBus(
        *path, {.partitions = static_cast<int32_t>(rt_.settings.bus_partitions)});
    if (!bus.ok()) return bus.status();
    rt_.bus = std::move(*bus);
    log::Get("bus")->info("embedded event log at {}", *path);
    return absl::OkStatus();
  }
  void Stop() override { rt_.bus.reset(); }

 private:
  Runtime& rt_;
};

}  // namespace

void RegisterInfraModules(ModuleManager& m) {
  m.Register("blocking-pool", MakeModule<BlockingPoolModule>({}, false));
  m.Register("bus", MakeModule<BusModule>({}, false));
}

}  // namespace parfumerie::app

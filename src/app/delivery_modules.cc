// Deliveries: the store and the `delivery` target (gRPC + the saga's delivery
// step + the optional carrier simulator).
#include <chrono>

#include "app/event_plumbing.h"
#include "app/modules.h"
#include "bus/message.h"
#include "common/log.h"
#include "delivery/delivery_events.h"
#include "delivery/grpc/delivery_grpc_service.h"
#include "delivery/simulator.h"
#include "delivery/mongo/mongo_delivery_store.h"
#include "delivery/sqlite/sqlite_delivery_store.h"

namespace parfumerie::app {
namespace {

class DeliveryStoreModule final : public Service {
 public:
  explicit DeliveryStoreModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    auto mongo = MongoUri(rt_.settings);
    if (!mongo.ok()) return mongo.status();
    std::string where;
    absl::StatusOr<std::unique_ptr<delivery::DeliveryStore>> store;
    if (!mongo->empty()) {
      where = "MongoDB database " + MongoDatabase(rt_.settings, "delivery");
      store = delivery::OpenMongoDeliveryStore(*mongo, MongoDatabase(rt_.settings, "delivery"));
    } else {
      auto path = DataFile(rt_.settings, "delivery.db");
      if (!path.ok()) return path.status();
      where = *path;
      store = delivery::OpenSqliteDeliveryStore(*path);
    }
    if (!store.ok()) return store.status();
    rt_.delivery_store = std::move(*store);
    rt_.delivery_service = std::make_unique<delivery::DeliveryService>(*rt_.delivery_store);
    log::Get("delivery")->info("store open: {}", where);
    return absl::OkStatus();
  }

  void Stop() override {
    rt_.delivery_service.reset();
    rt_.delivery_store.reset();
  }

 private:
  Runtime& rt_;
};

// The `delivery` target: gRPC on delivery-grpc-port; consumes `commandes` as
// group "delivery", publishes to `livraisons` through its outbox.
class DeliveryModule final : public Service {
 public:
  explicit DeliveryModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const auto& s = rt_.settings;
    grpc_service_ = delivery::MakeDeliveryGrpcService(*rt_.delivery_service);
    auto server = StartGrpc(rt_, "delivery", s.delivery_grpc_port,
                            {{delivery::DeliveryGrpcServiceName(), grpc_service_.get()}});
    if (!server.ok()) return server.status();
    grpc_server_ = std::move(*server);
    events_ = std::make_unique<EventPlumbing>(
        *rt_.bus, *rt_.delivery_store, "delivery",
        ConsumerOptions(s, "delivery", {std::string(bus::kTopicCommandes)},
                        rt_.delivery_store->ConsumerTransaction()),
        delivery::MakeDeliveryEventHandler(*rt_.delivery_service));
    if (absl::Status st = events_->Start(); !st.ok()) return st;
    // Operator calls and simulator steps write events too: publish them now.
    rt_.delivery_service->SetOnOutboxWrite([events = events_.get()] { events->Notify(); });
    if (AutoFlag(rt_, s.delivery_simulator)) {
      simulator_ = std::make_unique<delivery::DeliverySimulator>(
          *rt_.delivery_service,
          delivery::SimulatorOptions{
              .step_interval = std::chrono::milliseconds(s.delivery_simulator_interval_ms)});
      simulator_->Start();
      log::Get("delivery")->info("carrier simulator on: one step every {} ms",
                                 s.delivery_simulator_interval_ms);
    }
    return absl::OkStatus();
  }

  void Stop() override {
    const auto grace = std::chrono::milliseconds(rt_.settings.shutdown_grace_ms);
    if (simulator_) simulator_->Stop();
    rt_.local_channels.erase("delivery");
    grpc_server_->Shutdown(grace);
    rt_.delivery_service->SetOnOutboxWrite(nullptr);
    events_->Stop(grace);
    simulator_.reset();
    events_.reset();
    grpc_server_.reset();
    grpc_service_.reset();
  }

 private:
  Runtime& rt_;
  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> grpc_server_;
  std::unique_ptr<EventPlumbing> events_;
  std::unique_ptr<delivery::DeliverySimulator> simulator_;
};

}  // namespace

void RegisterDeliveryModules(ModuleManager& m) {
  m.Register("delivery-store", MakeModule<DeliveryStoreModule>({}, false));
  m.Register("delivery", MakeModule<DeliveryModule>({"metrics", "bus", "delivery-store"}, true));
}

}  // namespace parfumerie::app

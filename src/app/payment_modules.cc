// Payments: the store, the simulated provider and the `payment` target
// (gRPC + the saga's payment step).
#include <chrono>

#include "app/event_plumbing.h"
#include "app/modules.h"
#include "bus/message.h"
#include "common/log.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "payment/grpc/payment_grpc_service.h"
#include "payment/payment_events.h"
#include "payment/mongo/mongo_payment_store.h"
#include "payment/sqlite/sqlite_payment_store.h"

namespace parfumerie::app {
namespace {

class PaymentStoreModule final : public Service {
 public:
  explicit PaymentStoreModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const auto& s = rt_.settings;
    auto mongo = MongoUri(s);
    if (!mongo.ok()) return mongo.status();
    std::string where;
    absl::StatusOr<std::unique_ptr<payment::PaymentStore>> store;
    if (!mongo->empty()) {
      where = "MongoDB database " + MongoDatabase(s, "payment");
      store = payment::OpenMongoPaymentStore(*mongo, MongoDatabase(s, "payment"));
    } else {
      auto path = DataFile(s, "payment.db");
      if (!path.ok()) return path.status();
      where = *path;
      store = payment::OpenSqlitePaymentStore(*path);
    }
    if (!store.ok()) return store.status();
    // The simulated provider stands for an external system: its own file.
    auto provider_path = DataFile(s, "payment-provider.db");
    if (!provider_path.ok()) return provider_path.status();
    payment::SimulatedProviderOptions options;
    options.max_latency = std::chrono::milliseconds(s.payment_latency_ms);
    options.transient_failure_rate = s.payment_failure_rate;
    auto provider = payment::OpenSimulatedProvider(*provider_path, options);
    if (!provider.ok()) return provider.status();
    rt_.payment_store = std::move(*store);
    rt_.payment_provider = std::move(*provider);
    rt_.payment_service =
        std::make_unique<payment::PaymentService>(*rt_.payment_store, *rt_.payment_provider);
    log::Get("payment")->info("store open: {}", where);
    return absl::OkStatus();
  }

  void Stop() override {
    rt_.payment_service.reset();
    rt_.payment_provider.reset();
    rt_.payment_store.reset();
  }

 private:
  Runtime& rt_;
};

// The `payment` target: gRPC on payment-grpc-port; consumes `commandes` as
// group "payment", publishes to `paiements` through its outbox.
class PaymentModule final : public Service {
 public:
  explicit PaymentModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    grpc_service_ = payment::MakePaymentGrpcService(*rt_.payment_service);
    auto server = StartGrpc(rt_, "payment", rt_.settings.payment_grpc_port,
                            {{v1::PaymentService::service_full_name(), grpc_service_.get()}});
    if (!server.ok()) return server.status();
    grpc_server_ = std::move(*server);
    events_ = std::make_unique<EventPlumbing>(
        *rt_.bus, *rt_.payment_store, "payment",
        PaymentConsumerOptions(),
        payment::MakePaymentEventHandler(*rt_.payment_service));
    return events_->Start();
  }

  void Stop() override {
    const auto grace = std::chrono::milliseconds(rt_.settings.shutdown_grace_ms);
    rt_.local_channels.erase("payment");
    grpc_server_->Shutdown(grace);
    events_->Stop(grace);
    events_.reset();
    grpc_server_.reset();
    grpc_service_.reset();
  }

 private:
  // Batches of events in one store transaction, and the provider calls of a
  // batch's orders in flight together (payment-charge-concurrency).
  bus::ConsumerRunnerOptions PaymentConsumerOptions() {
    bus::ConsumerRunnerOptions options = ConsumerOptions(rt_.settings, "payment", {std::string(bus::kTopicCommandes)},
                                                         rt_.payment_store->ConsumerTransaction());
    if (rt_.settings.payment_charge_concurrency > 1) {
      options.prepare = payment::MakePaymentPreparer(*rt_.payment_service,
                                                     static_cast<size_t>(rt_.settings.payment_charge_concurrency));
    }
    return options;
  }

  Runtime& rt_;
  std::unique_ptr<grpc::Service> grpc_service_;
  std::unique_ptr<rpc::Server> grpc_server_;
  std::unique_ptr<EventPlumbing> events_;
};

}  // namespace

void RegisterPaymentModules(ModuleManager& m) {
  m.Register("payment-store", MakeModule<PaymentStoreModule>({}, false));
  m.Register("payment", MakeModule<PaymentModule>({"metrics", "bus", "payment-store"}, true));
}

}  // namespace parfumerie::app

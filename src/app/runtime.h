// State shared by the modules of one process. Each module fills in what it
// owns when it starts and clears it when it stops; a module reads only what its
// declared dependencies own, except `web_routes` (see there).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "app/settings.h"
#include "bus/event_bus.h"
#include "bus/outbox.h"
#include "catalog/catalog_service.h"
#include "catalog/catalog_store.h"
#include "catalog/orders/order_store.h"
#include "delivery/delivery_service.h"
#include "delivery/delivery_store.h"
#include "net/blocking_pool.h"
#include "net/router.h"
#include "payment/payment_service.h"
#include "payment/payment_store.h"
#include "payment/provider.h"

namespace parfumerie::app {

struct Runtime {
  explicit Runtime(const Settings& s, bool all_in_one_mode)
      : settings(s), all_in_one(all_in_one_mode) {}

  const Settings& settings;
  const bool all_in_one;

  // The port each target's gRPC server is bound to (port 0 picks a free one).
  std::map<std::string, int> grpc_ports;
  // In-process channels to the gRPC servers of this process, by target; a
  // target erases its own before its server stops.
  std::map<std::string, std::shared_ptr<grpc::Channel>> local_channels;

  // "blocking-pool": runs store calls for HTTP handlers.
  std::unique_ptr<net::BlockingPool> blocking_pool;
  // "bus": the event bus every saga participant publishes to and consumes from.
  std::unique_ptr<bus::EventBus> bus;

  // "catalog-store": perfumes and orders share one database and its outbox.
  std::unique_ptr<catalog::CatalogStore> catalog_store;
  std::unique_ptr<catalog::OrderStore> order_store;
  std::unique_ptr<bus::OutboxSource> catalog_outbox;
  std::unique_ptr<catalog::CatalogService> catalog_service;

  // "payment-store".
  std::unique_ptr<payment::PaymentStore> payment_store;
  std::unique_ptr<payment::PaymentProvider> payment_provider;
  std::unique_ptr<payment::PaymentService> payment_service;

  // "delivery-store".
  std::unique_ptr<delivery::DeliveryStore> delivery_store;
  std::unique_ptr<delivery::DeliveryService> delivery_service;

  // Routes a target lends to the `web` server of its process, by target, so
  // that the front end reaches them on its own origin (the gateway's
  // /graphql, the catalogue's pictures). The owner sets its entry when it
  // starts and erases it when it stops; `web` starts after every other target
  // and stops before them (main.cc), adds what it finds and depends on none
  // of them, so `serve --target=web` alone simply finds nothing.
  std::map<std::string, std::function<void(net::Router&)>> web_routes;
};

}  // namespace parfumerie::app

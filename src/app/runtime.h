// State shared by the modules of one process. Each module fills in what it
// owns when it starts and clears it when it stops; a module reads only what its
// declared dependencies own.
#pragma once

#include <memory>

#include "app/settings.h"
#include "catalog/catalog_service.h"
#include "catalog/catalog_store.h"
#include "net/blocking_pool.h"

namespace parfumerie::app {

struct Runtime {
  explicit Runtime(const Settings& s, bool all_in_one_mode)
      : settings(s), all_in_one(all_in_one_mode) {}

  const Settings& settings;
  const bool all_in_one;

  // Owned by the "blocking-pool" module: runs store calls for HTTP handlers.
  std::unique_ptr<net::BlockingPool> blocking_pool;

  // Owned by the "catalog-store" module.
  std::unique_ptr<catalog::CatalogStore> catalog_store;
  std::unique_ptr<catalog::CatalogService> catalog_service;
};

}  // namespace parfumerie::app

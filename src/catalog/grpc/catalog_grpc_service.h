// The catalogue's gRPC API (parfumerie.v1.CatalogService): a thin translation
// between protobuf messages and CatalogService. Handlers run on gRPC's own
// synchronous worker threads, where the blocking store calls are allowed.
#pragma once

#include <memory>

#include <grpcpp/impl/service_type.h>

#include "catalog/catalog_service.h"

namespace parfumerie::catalog {

// `service` must outlive the returned gRPC service.
std::unique_ptr<grpc::Service> MakeCatalogGrpcService(CatalogService& service);

}  // namespace parfumerie::catalog

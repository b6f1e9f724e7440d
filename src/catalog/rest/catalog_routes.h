// The catalogue's REST/JSON API (port 3003 by default), documented by the
// OpenAPI 3.1 document served at /openapi.json (openapi.json beside this file):
//
//   GET    /parfums                     list: search, filters, sort, cursor pages
//   POST   /parfums                     create                    -> 201 + Location
//   GET    /parfums/{id}                read                      (ETag, If-None-Match)
//   PATCH  /parfums/{id}                partial update            (If-Match -> 412)
//   DELETE /parfums/{id}                archive                   (If-Match -> 412) -> 204
//   POST   /parfums/{id}/stock          {"delta": -3, "version": 7?}: atomic, never < 0
//   GET    /images/parfums/{id}.svg     the generated bottle picture (cacheable)
//   GET    /openapi.json                the API description
//
// Handlers are thin: they translate HTTP and JSON to CatalogService calls,
// which run on the blocking pool, and errors to problem+json (net/problem.h).
#pragma once

#include <string_view>

#include "catalog/catalog_service.h"
#include "net/blocking_pool.h"
#include "net/router.h"

namespace parfumerie::catalog::rest {

// Adds the routes above to `router`. `service` and `pool` must outlive every
// server built from the router.
void AddCatalogRoutes(net::Router& router, CatalogService& service, net::BlockingPool& pool);

// Adds only GET /images/parfums/{id}.svg, for another server of the process
// (the web front end's); same lifetime rules as AddCatalogRoutes.
void AddImageRoute(net::Router& router, CatalogService& service, net::BlockingPool& pool);

// The OpenAPI 3.1 document, embedded at build time from openapi.json.
std::string_view OpenApiDocument();

}  // namespace parfumerie::catalog::rest

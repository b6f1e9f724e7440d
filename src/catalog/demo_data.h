// Demo catalogue for the all-in-one mode: invented perfumes and houses (any
// likeness to a real product is unintended), French descriptions, plausible
// olfactory pyramids, prices and stock levels (some sold out, some low).
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "catalog/catalog_service.h"
#include "catalog/parfum.h"

namespace parfumerie::catalog {

// The demo perfumes, in a fixed order. Each passes the service's validation.
const std::vector<ParfumDraft>& DemoParfums();

// Creates the demo perfumes through `service` when the catalogue is empty;
// does nothing otherwise (so a restart never duplicates them, and a shop that
// has real perfumes is never touched). Stops at the first error.
absl::Status SeedDemoData(CatalogService& service);

}  // namespace parfumerie::catalog

// Store port of the catalogue service: everything the service persists goes
// through this interface, so SQLite (embedded) and MongoDB (distributed)
// adapters are interchangeable. Every adapter runs the same conformance suite
// (tests/catalog/catalog_store_conformance.h).
//
// Contract, for every adapter:
// - Each call is atomic: it applies wholly or not at all.
// - Thread-safe: calls may come from any thread concurrently.
// - Calls block (disk or network); never call them on an I/O thread.
// - Errors are absl::Status with gRPC's canonical codes:
//     NOT_FOUND           unknown (or archived) id
//     ALREADY_EXISTS      Insert with an id that exists
//     ABORTED             expected_version does not match the stored version
//     FAILED_PRECONDITION a stock delta would make stock negative
//     INVALID_ARGUMENT    malformed cursor
//     UNAVAILABLE/INTERNAL storage failures
// - Timestamps are kept with millisecond precision (store_support.h).
// - Search, marque matching and the nom sort use the folded text of text.h;
//   store_support.h and list_cursor.h hold the shared pieces.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/parfum.h"

namespace parfumerie::catalog {

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  // Stores a new perfume exactly as given (id, version and timestamps included).
  virtual absl::Status Insert(const Parfum& parfum) = 0;

  virtual absl::StatusOr<Parfum> Get(std::string_view id) = 0;

  // Replaces every field except stock with `updated`'s, sets version to
  // expected_version + 1 and updated_at to updated.updated_at, if and only if
  // the stored version equals `expected_version`. Returns the stored result.
  virtual absl::StatusOr<Parfum> Update(const Parfum& updated, int64_t expected_version) = 0;

  // Adds `delta` to stock (negative to remove), atomically, bumping version and
  // updated_at. Fails with FAILED_PRECONDITION, changing nothing, if the result
  // would be negative (or above kMaxStock); with ABORTED if expected_version
  // is set and differs.
  virtual absl::StatusOr<Parfum> AdjustStock(std::string_view id, int32_t delta,
                                             std::optional<int64_t> expected_version,
                                             Timestamp now) = 0;

  // Archives the perfume: it disappears from Get and List, but the row stays so
  // that orders referring to it keep their history. ABORTED on version mismatch.
  virtual absl::Status Archive(std::string_view id, std::optional<int64_t> expected_version,
                               Timestamp now) = 0;

  // Filtered, sorted, cursor-paginated listing (see ListQuery). Ties in the sort
  // key are broken by id so pages never skip or repeat an item.
  virtual absl::StatusOr<ParfumPage> List(const ListQuery& query) = 0;

  // Number of perfumes, archived ones excluded (used to seed demo data once).
  virtual absl::StatusOr<int64_t> Count() = 0;
};

}  // namespace parfumerie::catalog

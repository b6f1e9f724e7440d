// The catalogue's application service: validation and business rules over a
// CatalogStore. The gRPC and REST handlers are thin translations to and from
// this class; everything that decides something lives here and is unit-tested
// without a network.
//
// Thread-safe. Blocking (it calls the store): run it on the blocking pool, never
// on an I/O thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "catalog/catalog_store.h"
#include "catalog/parfum.h"

namespace parfumerie::catalog {

// Limits enforced by validation (also published in the OpenAPI document).
inline constexpr size_t kMaxNomLength = 120;          // characters (code points)
inline constexpr size_t kMaxDescriptionLength = 4000;  // characters
inline constexpr size_t kMaxMarqueLength = 80;
inline constexpr size_t kMaxNotesPerLevel = 12;
inline constexpr size_t kMaxNoteLength = 60;
inline constexpr size_t kMaxImageLength = 2048;
inline constexpr int64_t kMaxPrixCents = 10'000'000;  // 100 000 €: anything above is a typo
inline constexpr int32_t kMaxStock = 1'000'000;
inline constexpr int32_t kMinContenanceMl = 1;
inline constexpr int32_t kMaxContenanceMl = 5000;

// Where the catalogue serves the generated bottle picture of perfume `id`
// (see bottle_svg.h); the image of a perfume created or patched without one.
std::string DefaultImageUrl(std::string_view id);

class CatalogService {
 public:
  using Clock = std::function<Timestamp()>;
  using IdGenerator = std::function<std::string()>;

  // `clock` and `new_id` default to the system clock and random "prf_" ids
  // (ids.h); tests inject their own. Times are truncated to milliseconds, the
  // precision every store keeps. The store must outlive the service.
  explicit CatalogService(CatalogStore& store, Clock clock = {}, IdGenerator new_id = {});

  // INVALID_ARGUMENT with a message naming the field and the rule broken.
  absl::StatusOr<Parfum> Create(const ParfumDraft& draft);
  absl::StatusOr<Parfum> Get(std::string_view id);
  // An empty patch is INVALID_ARGUMENT. `expected_version` set: ABORTED when the
  // perfume changed since the caller read it (no lost update). Unset: the
  // patch is applied to the latest version (re-read and retried when a
  // concurrent write wins, since only the patched fields are overwritten).
  // An empty `image` in the patch restores the generated picture.
  absl::StatusOr<Parfum> Update(std::string_view id, const ParfumPatch& patch,
                                std::optional<int64_t> expected_version);
  // Archives (soft delete, see catalog_store.h): NOT_FOUND afterwards.
  absl::Status Delete(std::string_view id, std::optional<int64_t> expected_version);
  absl::StatusOr<ParfumPage> List(const ListQuery& query);
  // delta != 0; FAILED_PRECONDITION (nothing changed) if stock would go negative.
  absl::StatusOr<Parfum> AdjustStock(std::string_view id, int32_t delta,
                                     std::optional<int64_t> expected_version);

 private:
  CatalogStore& store_;
  Clock clock_;
  IdGenerator new_id_;
};

}  // namespace parfumerie::catalog

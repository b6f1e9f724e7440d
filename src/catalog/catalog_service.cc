#include "catalog/catalog_service.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "catalog/ids.h"
#include "catalog/store_support.h"
#include "catalog/validation.h"
#include "common/log.h"

namespace parfumerie::catalog {
namespace {

// A patch without expected_version re-reads and retries when a concurrent
// write bumps the version in between; past this many losses the perfume is
// too hot to patch blindly and the caller gets ABORTED.
constexpr int kMaxBlindUpdateAttempts = 8;

Parfum Apply(Parfum p, const ParfumPatch& patch) {
  if (patch.nom) p.nom = *patch.nom;
  if (patch.description) p.description = *patch.description;
  if (patch.marque) p.marque = *patch.marque;
  if (patch.famille) p.famille = *patch.famille;
  if (patch.notes) p.notes = *patch.notes;
  if (patch.contenance_ml) p.contenance_ml = *patch.contenance_ml;
  if (patch.genre) p.genre = *patch.genre;
  if (patch.prix_cents) p.prix_cents = *patch.prix_cents;
  if (patch.image) p.image = patch.image->empty() ? DefaultImageUrl(p.id) : *patch.image;
  return p;
}

absl::Status CheckIdAndVersion(std::string_view id, std::optional<int64_t> expected_version) {
  if (absl::Status s = ValidateId(id); !s.ok()) return s;
  if (expected_version) return ValidateExpectedVersion(*expected_version);
  return absl::OkStatus();
}

}  // namespace

std::string DefaultImageUrl(std::string_view id) {
  return absl::StrCat("/images/parfums/", std::string(id), ".svg");
}

CatalogService::CatalogService(CatalogStore& store, Clock clock, IdGenerator new_id)
    : store_(store),
      clock_(clock ? std::move(clock) : Clock([] { return std::chrono::system_clock::now(); })),
      new_id_(new_id ? std::move(new_id) : IdGenerator(NewParfumId)) {}

absl::StatusOr<Parfum> CatalogService::Create(const ParfumDraft& input) {
  ParfumDraft draft = input;
  NormalizeDraft(draft);
  if (absl::Status s = ValidateDraft(draft); !s.ok()) return s;
  Parfum p;
  p.nom = std::move(draft.nom);
  p.description = std::move(draft.description);
  p.marque = std::move(draft.marque);
  p.famille = draft.famille;
  p.notes = std::move(draft.notes);
  p.contenance_ml = draft.contenance_ml;
  p.genre = draft.genre;
  p.prix_cents = draft.prix_cents;
  p.stock = draft.stock;
  p.stock_entrees = draft.stock;  // the initial stock is the first delivery
  p.version = 1;
  p.created_at = p.updated_at = TruncateToMillis(clock_());
  // A collision of 100 random bits is not expected in the life of the shop;
  // one retry turns a broken injected generator into an error, not a loop.
  for (int attempt = 0; attempt < 2; ++attempt) {
    p.id = new_id_();
    p.image = draft.image.empty() ? DefaultImageUrl(p.id) : draft.image;
    absl::Status s = store_.Insert(p);
    if (s.ok()) {
      log::Get("catalog")->debug("parfum created id={} nom={}", p.id, p.nom);
      return p;
    }
    if (!absl::IsAlreadyExists(s)) return s;
  }
  return absl::InternalError("id: the id generator returned ids that already exist");
}

absl::StatusOr<Parfum> CatalogService::Get(std::string_view id) {
  if (absl::Status s = ValidateId(id); !s.ok()) return s;
  return store_.Get(id);
}

absl::StatusOr<Parfum> CatalogService::Update(std::string_view id, const ParfumPatch& input,
                                              std::optional<int64_t> expected_version) {
  if (absl::Status s = CheckIdAndVersion(id, expected_version); !s.ok()) return s;
  ParfumPatch patch = input;
  NormalizePatch(patch);
  if (absl::Status s = ValidatePatch(patch); !s.ok()) return s;
  for (int attempt = 0; attempt < kMaxBlindUpdateAttempts; ++attempt) {
    absl::StatusOr<Parfum> current = store_.Get(id);
    if (!current.ok()) return current.status();
    const int64_t base_version = expected_version.value_or(current->version);
    Parfum updated = Apply(*std::move(current), patch);
    updated.updated_at = TruncateToMillis(clock_());
    absl::StatusOr<Parfum> result = store_.Update(updated, base_version);
    if (result.ok() || expected_version || !absl::IsAborted(result.status())) return result;
  }
  return absl::AbortedError(
      "version: the perfume kept changing while it was being updated; read it again and retry");
}

absl::Status CatalogService::Delete(std::string_view id, std::optional<int64_t> expected_version) {
  if (absl::Status s = CheckIdAndVersion(id, expected_version); !s.ok()) return s;
  absl::Status s = store_.Archive(id, expected_version, TruncateToMillis(clock_()));
  if (s.ok()) log::Get("catalog")->info("parfum archived id={}", std::string(id));
  return s;
}

absl::StatusOr<ParfumPage> CatalogService::List(const ListQuery& query) {
  if (absl::Status s = ValidateListQuery(query); !s.ok()) return s;
  return store_.List(query);
}

absl::StatusOr<Parfum> CatalogService::AdjustStock(std::string_view id, int32_t delta,
                                                   std::optional<int64_t> expected_version) {
  if (absl::Status s = CheckIdAndVersion(id, expected_version); !s.ok()) return s;
  if (absl::Status s = ValidateStockDelta(delta); !s.ok()) return s;
  return store_.AdjustStock(id, delta, expected_version, TruncateToMillis(clock_()));
}

}  // namespace parfumerie::catalog

// Input rules of the catalogue. Each function returns OK or INVALID_ARGUMENT
// with a message "<field>: <rule>" naming the first field that breaks a rule
// (e.g. "nom: must not be empty", "prix: must be between 1 and 10000000
// cents"), so REST and gRPC can hand it to the caller unchanged.
//
// The service normalises before validating (NormalizeDraft/NormalizePatch:
// trims surrounding whitespace of nom, marque and notes), so "  Ambre  " is
// stored as "Ambre" and "   " is an empty nom.
//
// Pure functions, thread-safe. Limits are in catalog_service.h.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "catalog/parfum.h"

namespace parfumerie::catalog {

void NormalizeDraft(ParfumDraft& draft);
void NormalizePatch(ParfumPatch& patch);

absl::Status ValidateDraft(const ParfumDraft& draft);
// Also refuses an empty patch.
absl::Status ValidatePatch(const ParfumPatch& patch);
// The fields of a complete perfume (what a draft or a patched perfume yields).
absl::Status ValidateParfumFields(const Parfum& p);
absl::Status ValidateId(std::string_view id);
// delta != 0 and |delta| <= kMaxStock.
absl::Status ValidateStockDelta(int32_t delta);
absl::Status ValidateExpectedVersion(int64_t version);
// limit, price range, search and marque sizes; the cursor is checked by the store.
absl::Status ValidateListQuery(const ListQuery& query);

// Image URLs accepted: a path on this server ("/images/...") or an absolute
// http(s) URL, without whitespace, quotes, angle brackets or backslashes.
bool IsAcceptableImageUrl(std::string_view url);

}  // namespace parfumerie::catalog

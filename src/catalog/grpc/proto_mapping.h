// Conversions between the catalogue's domain types and parfumerie.v1 messages.
#pragma once

#include "absl/status/statusor.h"
#include "catalog/parfum.h"
#include "parfumerie/v1/catalog.pb.h"

namespace parfumerie::catalog {

void ToProto(const Parfum& in, v1::Parfum* out);

// INVALID_ARGUMENT for an out-of-range enum value (naming the field).
absl::StatusOr<ParfumDraft> FromProto(const v1::CreateParfumRequest& in);
absl::StatusOr<ParfumPatch> FromProto(const v1::UpdateParfumRequest& in);
absl::StatusOr<ListQuery> FromProto(const v1::ListParfumsRequest& in);

}  // namespace parfumerie::catalog

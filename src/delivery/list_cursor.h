// Opaque page tokens of DeliveryService::List.
//
// A token is base64url (no padding) of a format version, the statut filter it
// was issued for, and the position (cree_le, id) of the last item of its page.
// A token issued for one filter is refused under another: its position means
// nothing there. The page size is not part of it; a client may change it.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "delivery/delivery_store.h"
#include "delivery/livraison.h"

namespace parfumerie::delivery {

inline constexpr size_t kMaxPageTokenLength = 512;

std::string EncodePageToken(std::optional<Statut> filter, const ListPosition& last);

// INVALID_ARGUMENT "page_token: ..." when malformed or issued for another filter.
absl::StatusOr<ListPosition> DecodePageToken(std::optional<Statut> filter, std::string_view token);

}  // namespace parfumerie::delivery

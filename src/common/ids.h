// Identifiers of the shop's entities: a type prefix and 20 random base32
// characters (100 bits from libsodium's CSPRNG), e.g. "prf_k3v7q2m9x4hjd8w2b6ta".
// URL-safe, unguessable (ids in URLs reveal neither count nor order), and
// recognisable in logs by their prefix.
//
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace parfumerie {

inline constexpr size_t kRandomIdChars = 20;
inline constexpr size_t kMaxIdLength = 64;

// `prefix` followed by kRandomIdChars random characters of [a-z2-7].
std::string NewRandomId(std::string_view prefix);

// True when `id` could be an id: 1..kMaxIdLength characters of [A-Za-z0-9_-].
// Ids are opaque to clients; this only keeps junk out of queries and logs.
bool IsWellFormedId(std::string_view id);

}  // namespace parfumerie

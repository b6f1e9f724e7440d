// How adapters and outboxes store a message's headers in one column: for each
// header, its name and its value, each preceded by its length as 4 bytes
// little-endian. Binary-safe (Kafka header values are bytes) and order-keeping
// (a name may repeat, as in Kafka). An empty list encodes as "".
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bus/message.h"

namespace parfumerie::bus {

std::string EncodeHeaders(std::span<const Header> headers);

// DATA_LOSS when `encoded` is truncated or malformed.
absl::StatusOr<std::vector<Header>> DecodeHeaders(std::string_view encoded);

}  // namespace parfumerie::bus

// `bus=kafka://...` comes from configuration: parsing never crashes and
// every refusal is INVALID_ARGUMENT naming what was wrong.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bus/kafka/kafka_bus.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view url(reinterpret_cast<const char*>(data), size);
  auto options = parfumerie::bus::ParseKafkaUrl(url);
  if (!options.ok()) {
    if (options.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (options->bootstrap_servers.empty()) std::abort();
  return 0;
}

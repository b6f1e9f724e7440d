// graphql-transport-ws messages come from any client: parsing must never
// crash, and every refusal is INVALID_ARGUMENT (the 4400 close reason).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gateway/ws/message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto message = parfumerie::gateway::ws::ParseClientMessage(text);
  if (!message.ok() && message.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
  return 0;
}

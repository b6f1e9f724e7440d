// Relay cursors (`after`) and `first` come from any client: reading them
// never crashes, refusals are INVALID_ARGUMENT, and an accepted cursor asks
// for a bounded page.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "gateway/core/connection.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parfumerie::gateway;
  if (size == 0) return 0;
  boost::json::object args{{"first", static_cast<int64_t>(static_cast<int8_t>(data[0]))},
                           {"after", std::string(reinterpret_cast<const char*>(data + 1), size - 1)}};
  auto page = ReadPageArguments(args);
  if (!page.ok()) {
    if (page.status().code() != absl::StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (page->page_size < 1 || page->page_size > kMaxFirst || page->skip < 0 || page->skip > kMaxFirst) std::abort();
  return 0;
}

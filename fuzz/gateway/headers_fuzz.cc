// Accept and Content-Type headers come from any client: negotiation must
// never crash whatever the header holds.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gateway/http/media_type.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parfumerie::gateway::http;
  std::string_view header(reinterpret_cast<const char*>(data), size);
  (void)NegotiateResponse(header);
  (void)AcceptsHtml(header);
  (void)ClassifyContentType(header);
  return 0;
}

// Any byte string must parse to a document or to one located syntax error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "graphql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  parfumerie::graphql::Limits limits;
  limits.max_tokens = 20000;
  auto result = parfumerie::graphql::Parse(std::string(reinterpret_cast<const char*>(data), size), limits);
  if (result.document == nullptr) {
    // A syntax error always carries exactly one location inside the source.
    if (!result.error || result.error->locations.size() != 1 || result.error->locations[0].line < 1) std::abort();
  }
  return 0;
}

// Any byte string as SDL: BuildSchema() either fails with a message or gives
// a schema whose validation errors are located inside the source and which
// prints back to SDL that builds again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "graphql/printer.h"
#include "graphql/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  std::string sdl(reinterpret_cast<const char*>(data), size);
  auto schema = parfumerie::graphql::BuildSchema(sdl);
  if (!schema.ok()) {
    if (schema.status().message().empty()) std::abort();
    return 0;
  }
  const auto& errors = (*schema)->located_validation_errors();
  if (errors.size() != (*schema)->validation_errors().size()) std::abort();
  for (const auto& e : errors) {
    if (e.message.empty()) std::abort();
    for (const auto& l : e.locations) {
      if (l.line < 1 || l.column < 1) std::abort();
    }
  }
  // A valid schema round-trips through its printed SDL.
  if (errors.empty() && !parfumerie::graphql::BuildSchema(parfumerie::graphql::PrintSchema(**schema)).ok()) {
    std::abort();
  }
  return 0;
}

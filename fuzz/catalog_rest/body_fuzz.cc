// Request bodies and query strings of the catalogue's REST API. The first
// byte picks the parser, the rest is its input. Besides not crashing, checks
// what must hold for any input: accepted prices round-trip exactly, accepted
// drafts and patches carry no negative amount, and a parsed page query has a
// limit in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/rest/list_params.h"
#include "catalog/rest/parfum_json.h"
#include "catalog/rest/price.h"
#include "net/http_message.h"

namespace {

using namespace parfumerie;

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: {
      auto draft = catalog::rest::ParseDraft(input);
      if (draft.ok())
        Check(draft->prix_cents >= 0 && draft->stock >= 0 && draft->contenance_ml >= 0);
      break;
    }
    case 1: {
      auto patch = catalog::rest::ParsePatch(input);
      if (patch.ok()) Check(!patch->empty() && (!patch->prix_cents || *patch->prix_cents >= 0));
      break;
    }
    case 2: {
      auto change = catalog::rest::ParseStockChange(input);
      if (change.ok()) Check(!change->version || *change->version >= 1);
      break;
    }
    case 3: {
      std::string path;
      std::vector<std::pair<std::string, std::string>> query;
      if (net::ParseTarget(std::string("/parfums?") + std::string(input), path, query)) {
        auto q = catalog::rest::ParseListParams(query);
        if (q.ok()) Check(q->limit >= 1 && q->limit <= catalog::kMaxPageSize);
      }
      break;
    }
    case 4: {
      auto cents = catalog::rest::ParseEuros(input);
      if (cents) Check(catalog::rest::ParseEuros(catalog::rest::FormatEuros(*cents)) == cents);
      break;
    }
  }
  return 0;
}

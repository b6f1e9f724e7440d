// Any byte string as a query (and the bytes after a NUL as JSON variables)
// against a fixed schema and root value: validation and execution must give a
// well-formed JSON response, never crash, hang or recurse without bound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "graphql/json_reader.h"
#include "graphql/schema.h"
#include "graphql/service.h"

namespace {

constexpr const char* kSchema = R"(
interface Node { id: ID! }
type Item implements Node { id: ID! name: String n: Int! tags: [String!] next: Item kids: [Item] }
type Other implements Node { id: ID! v: Float }
union Any = Item | Other
enum Kind { A B }
input In { a: Int = 1, b: [In!], k: Kind, s: String! = "x" }
input One @oneOf { x: Int, y: String }
type Query { item(id: ID!, in: In, one: One): Item items: [Item!]! node: Node any: [Any] k(k: Kind): Kind n: Int! }
type Mutation { set(v: Int): Int }
)";

constexpr const char* kRoot = R"({"item": {"id": 1, "name": "a", "n": 1, "tags": ["x"], "next": {"id": 2, "n": null},
  "kids": [{"id": 3, "n": 3}, null]}, "items": [{"id": 4, "n": 4}, null], "node": {"__typename": "Other", "id": 5, "v": 1.5},
  "any": [{"__typename": "Item", "id": 6, "n": 6}, {"__typename": "Nope"}], "k": "A", "n": 2, "set": 1})";

struct Fixture {
  std::unique_ptr<parfumerie::graphql::Schema> schema;
  boost::json::value root;
  std::unique_ptr<parfumerie::graphql::Service> service;
  Fixture() {
    schema = std::move(parfumerie::graphql::BuildSchema(kSchema).value());
    root = parfumerie::graphql::ReadJson(kRoot).value();
    // Small budgets: each limit's refusal path is still reached, but one
    // input no longer spends its time reporting 100 errors (each located by
    // a scan of the source) or comparing fields half a million times.
    parfumerie::graphql::Limits limits;
    limits.max_tokens = 20000;
    limits.max_errors = 8;
    limits.max_merge_comparisons = 5000;
    limits.max_cost = 2000;
    service = std::make_unique<parfumerie::graphql::Service>(*schema, limits, 0);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  if (size > 65536) return 0;
  std::string input(reinterpret_cast<const char*>(data), size);
  parfumerie::graphql::Request request;
  size_t nul = input.find('\0');
  request.query = input.substr(0, nul);
  if (nul != std::string::npos) {
    auto vars = parfumerie::graphql::ReadJson(input.substr(nul + 1));
    if (vars.ok() && vars->is_object()) request.variables = vars->get_object();
  }
  request.root_value = &fixture.root;
  std::string response = fixture.service->Execute(std::move(request));
  if (!parfumerie::graphql::ReadJson(response).ok()) std::abort();
  return 0;
}

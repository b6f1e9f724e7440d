// graphql-exec: runs one GraphQL request against a schema written in SDL,
// resolving every field with the default resolver over a JSON root value, and
// prints the response as graphql-js graphql() would.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "CLI/CLI.hpp"
#include "graphql/error.h"
#include "graphql/impl/lexer.h"
#include "graphql/json_reader.h"
#include "graphql/schema.h"
#include "graphql/printer.h"
#include "graphql/service.h"

namespace {

namespace gql = parfumerie::graphql;

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Node reads files as UTF-8, replacing each maximal invalid subsequence with
// U+FFFD; doing the same keeps positions and strings identical.
std::string SanitizeUtf8(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    auto c = static_cast<unsigned char>(in[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    int len;
    if (gql::impl::DecodeUtf8(in, i, len) >= 0) {
      out.append(in, i, len);
      i += len;
      continue;
    }
    // Length of the maximal prefix of a valid sequence (WHATWG decoder).
    size_t skip = 1;
    int need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c >= 0xE0 && c <= 0xEF) { need = 2; if (c == 0xE0) lo = 0xA0; if (c == 0xED) hi = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 3; if (c == 0xF0) lo = 0x90; if (c == 0xF4) hi = 0x8F; }
    for (int k = 0; k < need && i + skip < in.size(); ++k) {
      auto b = static_cast<unsigned char>(in[i + skip]);
      if (b < lo || b > hi) break;
      lo = 0x80;
      hi = 0xBF;
      ++skip;
    }
    out.append("\xEF\xBF\xBD");
    i += skip;
  }
  return out;
}

void PrintErrors(const std::vector<gql::Error>& errors) { std::cout << gql::ErrorsResponse(errors) << "\n"; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Runs a GraphQL request with the default field resolver over a JSON root value."};
  std::string schema_path, query_path, variables_path, operation, root_path;
  app.add_option("--schema", schema_path, "Schema in SDL")->required();
  bool print_schema = false;
  auto* query_option = app.add_option("--query", query_path, "GraphQL document");
  app.add_flag("--print-schema", print_schema, "Print the schema back as SDL instead of running a query")
      ->excludes(query_option);
  app.add_option("--variables", variables_path, "Variables as a JSON object");
  app.add_option("--operation", operation, "Operation name");
  app.add_option("--root", root_path, "Root value as JSON");
  CLI11_PARSE(app, argc, argv);

  if (!print_schema && query_path.empty()) {
    std::cerr << "graphql-exec: --query is required\n";
    return 2;
  }
  std::string sdl, query, variables_text, root_text;
  if (!ReadFile(schema_path, sdl) || (!print_schema && !ReadFile(query_path, query)) ||
      (!variables_path.empty() && !ReadFile(variables_path, variables_text)) ||
      (!root_path.empty() && !ReadFile(root_path, root_text))) {
    std::cerr << "graphql-exec: cannot read an input file\n";
    return 2;
  }
  auto schema = gql::BuildSchema(SanitizeUtf8(sdl));
  if (!schema.ok()) {
    PrintErrors({gql::Error{std::string(schema.status().message()), {}, {}, {}}});
    return 0;
  }
  if (print_schema) {
    std::cout << gql::PrintSchema(**schema) << "\n";
    return 0;
  }
  gql::Request request;
  boost::json::value root;
  if (!variables_text.empty()) {
    auto v = gql::ReadJson(variables_text);
    if (!v.ok()) {
      std::cerr << "graphql-exec: variables: " << v.status().message() << "\n";
      return 2;
    }
    if (v->is_object()) request.variables = std::move(v->get_object());
  }
  if (!root_text.empty()) {
    auto v = gql::ReadJson(root_text);
    if (!v.ok()) {
      std::cerr << "graphql-exec: root value: " << v.status().message() << "\n";
      return 2;
    }
    root = std::move(*v);
  }
  if (!(*schema)->located_validation_errors().empty()) {
    PrintErrors((*schema)->located_validation_errors());
    return 0;
  }
  gql::Service service(**schema, gql::Limits::GraphqlJsCompatible(), /*cache_capacity=*/0);
  request.query = SanitizeUtf8(query);
  request.operation_name = operation;
  request.root_value = &root;
  std::cout << service.Execute(std::move(request)) << "\n";
  return 0;
}

// Replays the conformance corpus (tests/graphql/corpus) through the library
// and compares each response with the golden result graphql-js produced:
// `data` identical including key order, errors equal in count, path and
// locations. The oracle test (oracle/check.mjs) keeps the goldens honest.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "graphql/json_reader.h"
#include "graphql/printer.h"
#include "graphql/schema.h"
#include "graphql/service.h"

namespace parfumerie::graphql {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Empty when equal; else where they differ.
std::string Diff(const json::value& a, const json::value& b, const std::string& at) {
  bool a_num = a.is_number(), b_num = b.is_number();
  if (a_num && b_num) return a.to_number<double>() == b.to_number<double>() ? "" : at + ": number";
  if (a.kind() != b.kind()) return at + ": kind";
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) return at + ": key count";
    auto i = x.begin();
    auto j = y.begin();
    for (; i != x.end(); ++i, ++j) {
      if (i->key() != j->key()) return at + ": key order (" + std::string(i->key()) + " vs " + std::string(j->key()) + ")";
      std::string d = Diff(i->value(), j->value(), at + "." + std::string(i->key()));
      if (!d.empty()) return d;
    }
    return "";
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    if (x.size() != y.size()) return at + ": length";
    for (size_t k = 0; k < x.size(); ++k) {
      std::string d = Diff(x[k], y[k], at + "[" + std::to_string(k) + "]");
      if (!d.empty()) return d;
    }
    return "";
  }
  return a == b ? "" : at + ": value";
}

std::string CompareResponses(const json::object& actual, const json::object& expected) {
  if (actual.contains("data") != expected.contains("data")) return "data presence differs";
  if (actual.contains("data")) {
    std::string d = Diff(actual.at("data"), expected.at("data"), "data");
    if (!d.empty()) return d;
  }
  static const json::array kNone;
  const json::array& ea = actual.contains("errors") ? actual.at("errors").get_array() : kNone;
  const json::array& ee = expected.contains("errors") ? expected.at("errors").get_array() : kNone;
  if (ea.size() != ee.size()) return "error count " + std::to_string(ea.size()) + " vs " + std::to_string(ee.size());
  for (size_t i = 0; i < ea.size(); ++i) {
    for (const char* key : {"path", "locations"}) {
      const auto& x = ea[i].get_object();
      const auto& y = ee[i].get_object();
      json::value vx = x.contains(key) ? x.at(key) : json::value();
      json::value vy = y.contains(key) ? y.at(key) : json::value();
      if (!Diff(vx, vy, key).empty()) {
        return "error " + std::to_string(i) + " " + key + ": " + json::serialize(vx) + " vs " + json::serialize(vy) +
               " (" + std::string(x.at("message").get_string()) + ")";
      }
    }
  }
  return "";
}

struct Fixture {
  std::unique_ptr<Schema> schema;
  std::string build_error;
};

TEST(GoldenTest, EveryCaseMatchesTheReference) {
  const char* source_dir = std::getenv("PARFUMERIE_SOURCE_DIR");
  ASSERT_NE(source_dir, nullptr);
  fs::path corpus = fs::path(source_dir) / "tests/graphql/corpus";
  std::map<std::string, Fixture> schemas;
  std::map<std::string, json::value> roots;
  size_t checked = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus / "cases")) {
    if (entry.path().extension() == ".graphql") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    std::string query = ReadFile(file);
    std::map<std::string, std::string> header;
    std::istringstream lines(query);
    for (std::string line; std::getline(lines, line);) {
      for (const char* key : {"schema", "root", "variables", "operation"}) {
        std::string prefix = std::string("# ") + key + ": ";
        if (line.rfind(prefix, 0) == 0) header[key] = line.substr(prefix.size());
      }
    }
    std::string schema_name = header.count("schema") ? header["schema"] : "shop";
    std::string root_name = header.count("root") ? header["root"] : schema_name;
    auto& fixture = schemas[schema_name];
    if (!fixture.schema && fixture.build_error.empty()) {
      auto built = BuildSchema(ReadFile(corpus / "schemas" / (schema_name + ".graphql")));
      if (built.ok()) {
        fixture.schema = std::move(*built);
      } else {
        fixture.build_error = std::string(built.status().message());
      }
    }
    // An invalid schema answers every request with its errors, as
    // graphql-exec and graphql-js graphql() do.
    std::string response;
    if (!fixture.schema) {
      response = ErrorsResponse({Error{fixture.build_error, {}, {}, {}}});
    } else if (!fixture.schema->located_validation_errors().empty()) {
      response = ErrorsResponse(fixture.schema->located_validation_errors());
    }
    if (!roots.count(root_name)) {
      fs::path root_file = corpus / "schemas" / (root_name + ".json");
      roots[root_name] = fs::exists(root_file) ? ReadJson(ReadFile(root_file)).value() : json::value();
    }
    Request request;
    request.query = query;
    request.operation_name = header["operation"];
    request.root_value = &roots[root_name];
    if (header.count("variables")) {
      auto v = ReadJson(header["variables"]);
      ASSERT_TRUE(v.ok());
      if (v->is_object()) request.variables = v->get_object();
    }
    if (response.empty()) {
      Service service(*fixture.schema, Limits::GraphqlJsCompatible(), 0);
      response = service.Execute(std::move(request));
    }
    auto actual = ReadJson(response);
    ASSERT_TRUE(actual.ok()) << "response is not JSON";
    fs::path expected_file = file;
    expected_file.replace_extension(".json");
    auto expected = ReadJson(ReadFile(expected_file));
    ASSERT_TRUE(expected.ok()) << "missing golden " << expected_file;
    std::string diff = CompareResponses(actual->get_object(), expected->get_object());
    EXPECT_EQ(diff, "");
    ++checked;
  }
  EXPECT_GE(checked, 300u);
}

TEST(GoldenTest, SchemasPrintAsTheReferencePrintsThem) {
  const char* source_dir = std::getenv("PARFUMERIE_SOURCE_DIR");
  ASSERT_NE(source_dir, nullptr);
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(source_dir) / "tests/graphql/corpus/schemas")) {
    if (entry.path().extension() != ".printed") continue;
    SCOPED_TRACE(entry.path().string());
    fs::path sdl = entry.path();
    sdl.replace_extension(".graphql");
    auto schema = BuildSchema(ReadFile(sdl));
    ASSERT_TRUE(schema.ok()) << schema.status();
    EXPECT_EQ(PrintSchema(**schema) + "\n", ReadFile(entry.path()));
    ++checked;
  }
  EXPECT_GE(checked, 5u);
}

}  // namespace
}  // namespace parfumerie::graphql

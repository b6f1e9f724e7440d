// The engine against the same schema, data and queries as graphql_js_bench.mjs
// (graphql-js 16.15): a catalogue of 20 items with 6 fields, a nested query
// and the full introspection query, each through the whole pipeline (parse +
// validate + execute + JSON) and with the document cached.
#include <benchmark/benchmark.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "graphql/execute.h"
#include "graphql/json_reader.h"
#include "graphql/parser.h"
#include "graphql/schema.h"
#include "graphql/service.h"
#include "graphql/validate.h"

namespace {

namespace gql = parfumerie::graphql;

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(GRAPHQL_BENCH_DATA) + "/" + name);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Fixture {
  std::unique_ptr<gql::Schema> schema = std::move(gql::BuildSchema(ReadData("schema.graphql")).value());
  boost::json::value root = gql::ReadJson(ReadData("data.json")).value();
  std::string queries[3] = {ReadData("catalogue.graphql"), ReadData("nested.graphql"), ReadData("introspection.graphql")};
};

Fixture& Data() {
  static Fixture fixture;
  return fixture;
}

void BM_Parse(benchmark::State& state) {
  const std::string& q = Data().queries[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(gql::Parse(q));
}

void BM_Validate(benchmark::State& state) {
  auto doc = gql::Parse(Data().queries[state.range(0)]).document;
  for (auto _ : state) benchmark::DoNotOptimize(gql::Validate(*Data().schema, *doc));
}

void BM_Execute(benchmark::State& state) {
  auto doc = gql::Parse(Data().queries[state.range(0)]).document;
  for (auto _ : state) {
    gql::ExecuteRequest request;
    request.document = doc;
    request.root_value = &Data().root;
    benchmark::DoNotOptimize(gql::Execute(*Data().schema, std::move(request)));
  }
}

// Parse + validate + execute + JSON, nothing cached.
void BM_FullPipeline(benchmark::State& state) {
  gql::Service service(*Data().schema, gql::Limits{}, 0);
  for (auto _ : state) {
    gql::Request request;
    request.query = Data().queries[state.range(0)];
    request.root_value = &Data().root;
    benchmark::DoNotOptimize(service.Execute(std::move(request)));
  }
}

// The same with the parsed and validated document taken from the cache.
void BM_Cached(benchmark::State& state) {
  gql::Service service(*Data().schema);
  for (auto _ : state) {
    gql::Request request;
    request.query = Data().queries[state.range(0)];
    request.root_value = &Data().root;
    benchmark::DoNotOptimize(service.Execute(std::move(request)));
  }
}

// The fixed cost of a request: `{ __typename }` from the cache.
void BM_CachedTypename(benchmark::State& state) {
  gql::Service service(*Data().schema);
  for (auto _ : state) {
    gql::Request request;
    request.query = "{ __typename }";
    benchmark::DoNotOptimize(service.Execute(std::move(request)));
  }
}
BENCHMARK(BM_CachedTypename);

// Argument 0: catalogue, 1: nested, 2: introspection.
BENCHMARK(BM_Parse)->DenseRange(0, 2);
BENCHMARK(BM_Validate)->DenseRange(0, 2);
BENCHMARK(BM_Execute)->DenseRange(0, 2);
BENCHMARK(BM_FullPipeline)->DenseRange(0, 2);
BENCHMARK(BM_Cached)->DenseRange(0, 2);

}  // namespace

BENCHMARK_MAIN();

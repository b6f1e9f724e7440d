// The executor's fast path and the plans a cached document's executions
// share: whatever data, variables and resolvers, a request from the cache
// answers exactly what the same request answers uncached, and concurrent
// executions of one document agree.
#include <charconv>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "graphql/execute.h"
#include "graphql/error.h"
#include "graphql/impl/json_out.h"
#include "graphql/impl/values.h"
#include "graphql/schema.h"
#include "graphql/service.h"

namespace parfumerie::graphql {
namespace {

namespace json = boost::json;

constexpr const char* kSdl = R"(
  interface Named { nom: String! }
  type Brand implements Named { nom: String! pays: String }
  type Perfume implements Named {
    id: ID!
    nom: String!
    prix: Float!
    stock: Int
    actif: Boolean
    niveau: Level
    brand: Brand
    notes: [String!]
    tagged(tag: String!): String
    computed: String
  }
  union Found = Perfume | Brand
  enum Level { LOW HIGH }
  type Query {
    perfumes(first: Int): [Perfume!]!
    named: [Named]
    found: [Found!]
    brand: Brand!
  }
)";

struct Case {
  std::string query;
  std::string variables = "{}";
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"{ perfumes(first: 2) { id nom prix stock actif niveau brand { nom pays } notes } }"},
      {"query Q($n: Int) { perfumes(first: $n) { id nom ...More } } fragment More on Perfume { prix stock }",
       R"({"n": 3})"},
      {"query Q($n: Int) { perfumes(first: $n) { id } }", R"({"n": "three"})"},
      {"query Q($s: Boolean!) { perfumes { id nom @skip(if: $s) prix @include(if: $s) } }", R"({"s": true})"},
      {"query Q($s: Boolean!) { perfumes { id nom @skip(if: $s) prix @include(if: $s) } }", R"({"s": false})"},
      {"{ perfumes { id nom @skip(if: true) stock @include(if: true) } }"},
      {"{ named { __typename nom ... on Brand { pays } ... on Perfume { id } } }"},
      {"{ found { ... on Perfume { id prix } ... on Brand { nom } } }"},
      {"{ perfumes { tagged(tag: \"x\") computed brand { nom } } }"},
      {"query Q($t: String = \"d\") { perfumes { tagged(tag: $t) nom } }", R"({"t": null})"},
      {"query Q($t: String = \"d\") { perfumes { tagged(tag: $t) nom } }", R"({"t": "y"})"},
      {"{ brand { nom pays } a: brand { nom } }"},
      {"{ __type(name: \"Perfume\") { name fields(includeDeprecated: true) { name type { name kind ofType { name } } } } }"},
      {"{ __schema { queryType { name } types { name kind enumValues { name } possibleTypes { name } } } }"},
  };
  return cases;
}

// Root values: well-formed, and with what the fast path must leave to the
// general one (nulls at non-null positions, wrong types, unknown enum values,
// numbers of every shape).
const std::vector<std::string>& Roots() {
  static const std::vector<std::string> roots = {
      R"({"perfumes":[{"id":"1","nom":"Rose","prix":39.9,"stock":3,"actif":true,"niveau":"LOW",
           "brand":{"nom":"Maison é","pays":"FR","__typename":"Brand"},"notes":["a","b\"c"],"tagged":"t"},
          {"id":2,"nom":"Ambre \n","prix":40,"stock":null,"actif":false,"niveau":"HIGH","brand":null,"notes":[]}],
        "named":[{"__typename":"Brand","nom":"B","pays":null},{"__typename":"Perfume","nom":"P","id":"7"},null],
        "found":[{"__typename":"Perfume","id":"3","prix":1e-7},{"__typename":"Brand","nom":"N"}],
        "brand":{"nom":"Top","pays":"IT"}})",
      R"({"perfumes":[{"id":"1","nom":null,"prix":1.5},{"id":"2","nom":"x","prix":"cheap","stock":3000000000}],
        "named":[{"__typename":"Nope","nom":"B"}],"found":[{"__typename":"Brand"}],"brand":null})",
      R"({"perfumes":[{"id":"1","nom":"n","prix":123456789.1234,"niveau":"MEDIUM","notes":[null]},
          {"id":-4,"nom":"m","prix":-0.0001,"actif":1,"notes":"not a list","brand":"not an object"}],
        "named":[],"found":[],"brand":{"nom":"n"}})",
      R"({"perfumes":"not a list"})",
  };
  return roots;
}

// Threads started by resolvers, joined when it goes.
struct Threads {
  std::mutex mu;
  std::vector<std::thread> threads;
  ~Threads() {
    for (auto& t : threads) t.join();
  }
};

std::unique_ptr<Schema> MakeSchema(Threads& threads) {
  auto built = BuildSchema(kSdl);
  EXPECT_TRUE(built.ok()) << built.status();
  auto schema = std::move(*built);
  // A resolver that answers later, from another thread, under a plain subtree's parent.
  EXPECT_TRUE(schema->SetResolver("Perfume", "computed", [&threads](const ResolveInfo& info) {
    auto completion = std::make_shared<Completion>(info.Defer());
    const json::value& parent = info.parent();
    std::string value = parent.is_object() && parent.get_object().contains("nom") && parent.at("nom").is_string()
                            ? std::string(parent.at("nom").get_string()) + "!"
                            : "?";
    std::lock_guard lock(threads.mu);
    threads.threads.emplace_back([completion, value] { completion->Resolve(FieldValue::Owned(json::string(value))); });
    return FieldValue::Deferred();
  }).ok());
  return schema;
}

std::string RunCase(Service& service, const Case& c, const json::value& root) {
  Request request;
  request.query = c.query;
  request.variables = json::parse(c.variables).as_object();
  request.root_value = &root;
  return service.Execute(std::move(request));
}

TEST(PlanTest, CachedExecutionsAnswerWhatUncachedOnesDo) {
  std::unique_ptr<Schema> schema;
  Threads threads;  // Joined before the schema goes.
  schema = MakeSchema(threads);
  std::vector<json::value> roots;
  for (const auto& r : Roots()) roots.push_back(json::parse(r));
  Service uncached(*schema, Limits{}, 0);
  Service cached(*schema);
  // Every root after every other: a plan built on one value serves the others.
  for (size_t first = 0; first < roots.size(); ++first) {
    for (const Case& c : Cases()) {
      for (size_t i = 0; i < roots.size(); ++i) {
        const json::value& root = roots[(first + i) % roots.size()];
        std::string want = RunCase(uncached, c, root);
        EXPECT_EQ(RunCase(cached, c, root), want) << c.query << " " << c.variables << " root " << (first + i) % roots.size();
      }
    }
  }
  EXPECT_GT(cached.cache_stats().hits, 0u);
}

TEST(PlanTest, TheFastPathLeavesErrorsToTheGeneralOne) {
  std::unique_ptr<Schema> schema;
  Threads threads;  // Joined before the schema goes.
  schema = MakeSchema(threads);
  Service service(*schema);
  json::value root = json::parse(R"({"perfumes":[{"id":"1","nom":"a","prix":1},{"id":"2","nom":null,"prix":2}]})");
  const std::string want =
      R"({"errors":[{"message":"Cannot return null for non-nullable field Perfume.nom.",)"
      R"("locations":[{"line":1,"column":17}],"path":["perfumes",1,"nom"]}],"data":null})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(RunCase(service, {"{ perfumes { id nom prix } }"}, root), want);
  json::value good = json::parse(R"({"perfumes":[{"id":"1","nom":"a","prix":1.25,"stock":7}]})");
  EXPECT_EQ(RunCase(service, {"{ perfumes { id nom prix } }"}, good),
            R"({"data":{"perfumes":[{"id":"1","nom":"a","prix":1.25}]}})");
}

TEST(PlanTest, ConcurrentExecutionsOfOneDocumentAgree) {
  std::unique_ptr<Schema> schema;
  Threads threads;  // Joined before the schema goes.
  schema = MakeSchema(threads);
  json::value root = json::parse(Roots()[0]);
  Service service(*schema);
  const Case c{"query Q($n: Int) { perfumes(first: $n) { id nom prix computed brand { nom } } named { nom } }",
               R"({"n": 1})"};
  Service uncached(*schema, Limits{}, 0);
  const std::string want = RunCase(uncached, c, root);
  std::vector<std::thread> workers;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) mismatches[t] += RunCase(service, c, root) != want;
    });
  }
  for (auto& t : workers) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

// Every document and data shape at once from several threads, each from a
// fresh cache: the first executions build and publish plans while others read
// them (run under ThreadSanitizer too).
TEST(PlanTest, ConcurrentExecutionsOfEveryShapeAgree) {
  std::unique_ptr<Schema> schema;
  Threads threads;  // Joined before the schema goes.
  schema = MakeSchema(threads);
  std::vector<json::value> roots;
  for (const auto& r : Roots()) roots.push_back(json::parse(r));
  Service uncached(*schema, Limits{}, 0);
  std::vector<std::pair<size_t, size_t>> runs;  // (case, root)
  std::vector<std::string> want;
  for (size_t c = 0; c < Cases().size(); ++c) {
    for (size_t r = 0; r < roots.size(); ++r) {
      runs.emplace_back(c, r);
      want.push_back(RunCase(uncached, Cases()[c], roots[r]));
    }
  }
  constexpr int kThreads = 4;
  for (int round = 0; round < 3; ++round) {
    Service cached(*schema);
    std::vector<std::thread> workers;
    std::vector<int> mismatches(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
      workers.emplace_back([&, t] {
        for (int pass = 0; pass < 2; ++pass) {
          for (size_t i = 0; i < runs.size(); ++i) {
            size_t k = (i + t * runs.size() / kThreads) % runs.size();  // Each thread starts elsewhere.
            auto [c, r] = runs[k];
            mismatches[t] += RunCase(cached, Cases()[c], roots[r]) != want[k];
          }
        }
      });
    }
    for (auto& w : workers) w.join();
    for (int m : mismatches) EXPECT_EQ(m, 0) << "round " << round;
  }
}

// The shortcut for common doubles writes what the general formatting writes.
TEST(PlanTest, ShortNumbersAreTheShortestRoundTrip) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> mantissa(-999999999999, 999999999999);
  std::uniform_int_distribution<int> decimals(0, 6);
  std::uniform_real_distribution<double> any(-2e9, 2e9);
  auto check = [](double v) {
    char got[impl::kShortJsNumberMax];
    size_t n = impl::FormatShortJsNumber(v, got);
    if (n == 0) return;
    char want[64];
    auto res = std::to_chars(want, want + sizeof want, v, std::chars_format::fixed);
    ASSERT_EQ(std::string(got, n), std::string(want, res.ptr)) << v;
  };
  static constexpr double kScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  size_t shortcut = 0;
  for (int i = 0; i < 200000; ++i) {
    double v = static_cast<double>(mantissa(rng) % 100000000000) / kScale[decimals(rng)];
    check(v);
    check(any(rng));
    char buf[impl::kShortJsNumberMax];
    shortcut += impl::FormatShortJsNumber(v, buf) != 0;
  }
  for (double v : {0.1, 0.2, 0.3, 39.9, 47.15, 1e-4, 0.0001, 999999999.9999, -5.5, 1.0, 100.0, 0.5}) check(v);
  EXPECT_GT(shortcut, 50000u);  // The shortcut serves the common values.
}

// The response writer's string shortcuts write what AppendJsonString() writes.
TEST(PlanTest, QuotedStringsAreEscapedAsErrorsAre) {
  std::mt19937 rng(7);
  const std::string alphabet[] = {"a", "Z", " ", "\"", "\\", "\n", std::string(1, '\0'), "\x1f", "\x7f",
                                  "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xc3", "\xff", "\xed\xa0\x80"};
  std::uniform_int_distribution<size_t> pick(0, std::size(alphabet) - 1);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> plain_run(0, 3);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) {
      // Long plain runs too, so the eight-byte steps meet every kind of byte.
      text += plain_run(rng) == 0 ? alphabet[pick(rng)] : std::string(static_cast<size_t>(plain_run(rng)) * 5, 'x');
    }
    std::string want;
    AppendJsonString(text, want);
    std::string got;
    {
      impl::JsonOut out(got);
      out.Quoted(text);
    }
    ASSERT_EQ(got, want) << testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace parfumerie::graphql

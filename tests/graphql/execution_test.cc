#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "graphql/execute.h"
#include "graphql/json_reader.h"
#include "graphql/parser.h"
#include "graphql/schema.h"
#include "graphql/service.h"
#include "graphql/subscription.h"

namespace parfumerie::graphql {
namespace {

using ::testing::HasSubstr;
namespace json = boost::json;

constexpr const char* kSdl = R"(
  interface Thing { id: ID! }
  type Item implements Thing { id: ID! name: String price(cents: Int!): Int! }
  type Other implements Thing { id: ID! }
  type Query { item(id: ID!): Item items: [Item!]! thing: Thing slow: String boom: Int! count: Int }
  type Mutation { first: Int second: Int third: Int }
)";

std::unique_ptr<Schema> MakeSchema() {
  auto schema = BuildSchema(kSdl);
  EXPECT_TRUE(schema.ok()) << schema.status();
  return std::move(*schema);
}

std::string RunQuery(const Schema& schema, const std::string& query, const json::value* root = nullptr,
                json::object variables = {}) {
  Service service(schema);
  Request request;
  request.query = query;
  request.root_value = root;
  request.variables = std::move(variables);
  return service.Execute(std::move(request));
}

TEST(ExecutionTest, HostResolversReceiveCoercedArguments) {
  auto schema = MakeSchema();
  ASSERT_TRUE(schema->SetResolver("Query", "item", [](const ResolveInfo& info) {
    return FieldValue::Owned(json::object{{"id", info.arguments().at("id")}, {"name", "n"}});
  }).ok());
  ASSERT_TRUE(schema->SetResolver("Item", "price", [](const ResolveInfo& info) {
    return FieldValue::Owned(info.arguments().at("cents").as_int64() * 2);
  }).ok());
  EXPECT_EQ(RunQuery(*schema, "{ item(id: 7) { id name p: price(cents: 21) } }"),
            R"({"data":{"item":{"id":"7","name":"n","p":42}}})");
}

TEST(ExecutionTest, SetResolverRejectsUnknownFields) {
  auto schema = MakeSchema();
  EXPECT_EQ(schema->SetResolver("Query", "nope", {}).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(schema->SetResolver("Nope", "item", {}).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(schema->SetTypeResolver("Item", {}).code(), absl::StatusCode::kNotFound);
}

TEST(ExecutionTest, DeferredResolversCompleteFromOtherThreads) {
  auto schema = MakeSchema();
  std::vector<std::thread> threads;
  std::mutex mu;
  ASSERT_TRUE(schema->SetResolver("Query", "slow", [&](const ResolveInfo& info) {
    auto completion = std::make_shared<Completion>(info.Defer());
    std::string name(info.response_name());
    std::lock_guard lock(mu);
    threads.emplace_back([completion, name] {
      std::this_thread::sleep_for(std::chrono::milliseconds(name == "a" ? 20 : 1));
      completion->Resolve(FieldValue::Owned(json::string(name)));
    });
    return FieldValue::Deferred();
  }).ok());
  json::value root = json::object{{"count", 3}};
  std::string response = RunQuery(*schema, "{ a: slow count b: slow }", &root);
  for (auto& t : threads) t.join();
  // Key order is the selection order, whatever order the resolvers finished in.
  EXPECT_EQ(response, R"({"data":{"a":"a","count":3,"b":"b"}})");
}

TEST(ExecutionTest, MutationFieldsRunOneAfterAnother) {
  auto schema = MakeSchema();
  std::vector<std::string> events;
  std::vector<std::thread> threads;
  for (const char* name : {"first", "second", "third"}) {
    ASSERT_TRUE(schema->SetResolver("Mutation", name, [&, name](const ResolveInfo& info) {
      events.push_back(std::string("start ") + name);
      auto completion = std::make_shared<Completion>(info.Defer());
      threads.emplace_back([&, completion, name] {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        events.push_back(std::string("end ") + name);
        completion->Resolve(FieldValue::Owned(1));
      });
      return FieldValue::Deferred();
    }).ok());
  }
  std::string response = RunQuery(*schema, "mutation { first second third }");
  for (auto& t : threads) t.join();
  EXPECT_EQ(response, R"({"data":{"first":1,"second":1,"third":1}})");
  EXPECT_THAT(events, ::testing::ElementsAre("start first", "end first", "start second", "end second",
                                             "start third", "end third"));
}

TEST(ExecutionTest, ACompletionThatResolvesAtOnceInsideAnotherDoesNotFinishEarly) {
  // `item` completes later; inside its subtree `price` defers and resolves
  // at once (a cached lookup). The fields after it must still be filled.
  auto schema = MakeSchema();
  std::shared_ptr<Completion> pending;
  ASSERT_TRUE(schema->SetResolver("Query", "item", [&](const ResolveInfo& info) {
    pending = std::make_shared<Completion>(info.Defer());
    return FieldValue::Deferred();
  }).ok());
  ASSERT_TRUE(schema->SetResolver("Item", "price", [](const ResolveInfo& info) {
    Completion now = info.Defer();
    now.Resolve(FieldValue::Owned(5));
    return FieldValue::Deferred();
  }).ok());
  Service service(*schema);
  std::string response;
  service.ExecuteAsync({.query = "{ item(id: 1) { price(cents: 1) id name } count }"},
                       [&](std::string r) { response = std::move(r); });
  ASSERT_TRUE(response.empty());
  ASSERT_NE(pending, nullptr);
  pending->Resolve(FieldValue::Owned(json::object{{"id", "1"}, {"name", "n"}}));
  EXPECT_EQ(response, R"({"data":{"item":{"price":5,"id":"1","name":"n"},"count":null}})");
}

TEST(ExecutionTest, DroppedCompletionBecomesAFieldError) {
  auto schema = MakeSchema();
  ASSERT_TRUE(schema->SetResolver("Query", "slow", [](const ResolveInfo& info) {
    Completion dropped = info.Defer();
    return FieldValue::Deferred();
  }).ok());
  std::string response = RunQuery(*schema, "{ slow }");
  EXPECT_THAT(response, HasSubstr(R"("path":["slow"])"));
  EXPECT_THAT(response, HasSubstr(R"("data":{"slow":null})"));
}

TEST(ExecutionTest, ResolverErrorsCarryPathLocationsAndExtensions) {
  auto schema = MakeSchema();
  ASSERT_TRUE(schema->SetResolver("Item", "name", [](const ResolveInfo& info) {
    if (info.parent().as_object().at("id").as_int64() == 2) {
      return FieldValue::Error("no name", json::object{{"code", "NOT_FOUND"}});
    }
    return FieldValue::Owned("ok");
  }).ok());
  json::value root = json::parse(R"({"items":[{"id":1},{"id":2}]})");
  EXPECT_EQ(RunQuery(*schema, "{ list: items { n: name } }", &root),
            R"({"errors":[{"message":"no name","locations":[{"line":1,"column":17}],"path":["list",1,"n"],)"
            R"("extensions":{"code":"NOT_FOUND"}}],"data":{"list":[{"n":"ok"},{"n":null}]}})");
}

TEST(ExecutionTest, NonNullErrorNullsTheNearestNullableParent) {
  auto schema = MakeSchema();
  json::value root = json::parse(R"({"items":[{"id":1},{"id":null}], "count": 1})");
  EXPECT_EQ(RunQuery(*schema, "{ count items { id } }", &root),
            R"({"errors":[{"message":"Cannot return null for non-nullable field Item.id.","locations":[{"line":1,"column":17}],)"
            R"("path":["items",1,"id"]}],"data":null})");
}

TEST(ExecutionTest, HostTypeResolverPicksTheObjectType) {
  auto schema = MakeSchema();
  const Type* other = schema->FindType("Other");
  ASSERT_TRUE(schema->SetTypeResolver("Thing", [other](const json::value&, const Type&, void*) { return other; }).ok());
  json::value root = json::parse(R"({"thing":{"id":5}})");
  EXPECT_EQ(RunQuery(*schema, "{ thing { __typename id } }", &root), R"({"data":{"thing":{"__typename":"Other","id":"5"}}})");
}

TEST(ExecutionTest, ContextReachesResolvers) {
  auto schema = MakeSchema();
  ASSERT_TRUE(schema->SetResolver("Query", "count", [](const ResolveInfo& info) {
    return FieldValue::Owned(*static_cast<int*>(info.context()));
  }).ok());
  int value = 11;
  Service service(*schema);
  Request request;
  request.query = "{ count }";
  request.context = &value;
  EXPECT_EQ(service.Execute(std::move(request)), R"({"data":{"count":11}})");
}

TEST(ServiceTest, RepeatedQueriesSkipParsingAndValidation) {
  auto schema = MakeSchema();
  Service service(*schema, Limits{}, 2);
  json::value root = json::parse(R"({"count": 1})");
  for (int i = 0; i < 3; ++i) {
    Request r;
    r.query = "{ count }";
    r.root_value = &root;
    EXPECT_EQ(service.Execute(std::move(r)), R"({"data":{"count":1}})");
  }
  Request bad;
  bad.query = "{ nope }";
  EXPECT_THAT(service.Execute(std::move(bad)), HasSubstr("Cannot query field"));
  auto stats = service.cache_stats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 2u);
  for (const char* q : {"{ a: count }", "{ b: count }", "{ c: count }"}) {
    Request r;
    r.query = q;
    service.Execute(std::move(r));
  }
  EXPECT_EQ(service.cache_stats().size, 2u);  // Bounded.
}

TEST(ServiceTest, PrepareOperationNamesTheSelectedOperationsType) {
  auto schema = MakeSchema();
  Service service(*schema);
  const std::string doc = "query Q { count } mutation M { first }";
  EXPECT_EQ(service.PrepareOperation(doc, "Q").type, ast::OperationType::kQuery);
  EXPECT_EQ(service.PrepareOperation(doc, "M").type, ast::OperationType::kMutation);
  EXPECT_EQ(service.PrepareOperation(doc, "").type, std::nullopt);   // Ambiguous.
  EXPECT_EQ(service.PrepareOperation(doc, "X").type, std::nullopt);  // Unknown.
  EXPECT_EQ(service.PrepareOperation("mutation { first }", "").type, ast::OperationType::kMutation);
  auto invalid = service.PrepareOperation("{ nope }", "");
  EXPECT_EQ(invalid.document, nullptr);
  EXPECT_THAT(invalid.error_response, HasSubstr("Cannot query field"));
  EXPECT_EQ(service.cache_stats().misses, 3u);  // Each document was parsed once.
}

TEST(ServiceTest, ResultTellsRequestErrorsFromExecutionErrors) {
  auto schema = MakeSchema();
  ASSERT_TRUE(schema->SetResolver("Query", "count", [](const ResolveInfo&) {
    return FieldValue::Error("no count");
  }).ok());
  ASSERT_TRUE(schema->SetResolver("Query", "boom", [](const ResolveInfo&) {
    return FieldValue::Error("boom");
  }).ok());
  Service service(*schema);
  auto run = [&](const std::string& query, const std::string& variables = "{}",
                 const std::string& operation_name = "") {
    Request request;
    request.operation_name = operation_name;
    request.variables = json::parse(variables).as_object();
    Service::Result out;
    service.ExecuteAsync(service.PrepareOperation(query, operation_name), std::move(request),
                         [&](Service::Result r) { out = std::move(r); });
    return out;
  };
  auto ok = run("{ __typename }");
  EXPECT_FALSE(ok.request_error);
  EXPECT_EQ(ok.response, R"({"data":{"__typename":"Query"}})");
  auto field_error = run("{ count }");
  EXPECT_FALSE(field_error.request_error);
  EXPECT_THAT(field_error.response, HasSubstr(R"("data":{"count":null})"));
  auto null_data = run("{ boom }");  // Non-null root field: data is null.
  EXPECT_FALSE(null_data.request_error);
  EXPECT_THAT(null_data.response, HasSubstr(R"("data":null)"));
  EXPECT_TRUE(run("{ nope }").request_error);
  EXPECT_TRUE(run("{").request_error);
  EXPECT_TRUE(run("query Q($id: ID!) { item(id: $id) { id } }", R"({"id": null})").request_error);
  EXPECT_TRUE(run("query Q { count }", "{}", "Other").request_error);
}

TEST(LimitsTest, EachLimitNamesItself) {
  auto schema = MakeSchema();
  auto run = [&](Limits limits, const std::string& query) {
    Service service(*schema, limits, 0);
    Request r;
    r.query = query;
    return service.Execute(std::move(r));
  };
  Limits depth;
  depth.max_selection_depth = 1;
  EXPECT_THAT(run(depth, "{ item(id: 1) { id } }"), HasSubstr("max_selection_depth"));
  Limits aliases;
  aliases.max_aliases = 1;
  EXPECT_THAT(run(aliases, "{ a: count b: count }"), HasSubstr("max_aliases"));
  Limits cost;
  cost.max_cost = 2;
  EXPECT_THAT(run(cost, "{ count items { id name } }"), HasSubstr("max_cost"));
  Limits directives;
  directives.max_directives_per_location = 1;
  EXPECT_THAT(run(directives, "{ count @skip(if: false) @include(if: true) }"), HasSubstr("max_directives_per_location"));
  Limits no_introspection;
  no_introspection.introspection = false;
  EXPECT_THAT(run(no_introspection, "{ __schema { queryType { name } } }"), HasSubstr("limit introspection"));
  EXPECT_THAT(run(no_introspection, "{ __typename }"), HasSubstr(R"("data")"));
  Limits errors;
  errors.max_errors = 2;
  EXPECT_THAT(run(errors, "{ a b c d }"), HasSubstr("Too many validation errors"));
}

TEST(SchemaTest, ReportsSdlAndValidationProblems) {
  EXPECT_THAT(std::string(BuildSchema("type Query { a: Nope }").status().message()), HasSubstr("Unknown type \"Nope\""));
  EXPECT_THAT(std::string(BuildSchema("type Query { a: Int } type Query { b: Int }").status().message()),
              HasSubstr("only one type named \"Query\""));
  EXPECT_FALSE(BuildSchema("type Query { a: Int").ok());
  auto schema = BuildSchema("interface I { a: Int } type T implements I { b: Int } type Query { t: T }");
  ASSERT_TRUE(schema.ok());
  EXPECT_THAT((*schema)->validation_errors(),
              ::testing::Contains(HasSubstr("Interface field I.a expected but T does not provide it.")));
  schema = BuildSchema("type T { a: Int }");
  ASSERT_TRUE(schema.ok());
  EXPECT_THAT((*schema)->validation_errors(), ::testing::Contains(HasSubstr("Query root type must be provided.")));
}

TEST(JsonReaderTest, NumbersMatchJavaScript) {
  auto v = ReadJson("[123456789012345680000, 1.0, 0.1]");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->as_array()[0].as_double(), 123456789012345680000.0);
  EXPECT_FALSE(ReadJson("[1,").ok());
  EXPECT_FALSE(ReadJson(std::string(600, '[')).ok());
}

}  // namespace
}  // namespace parfumerie::graphql

namespace parfumerie::graphql {
namespace {

constexpr const char* kSubscriptionSdl = R"(
  type Query { a: Int }
  type Price { id: ID! amount: Float! }
  type Subscription { priceChanged(id: ID!): Price tick: Int }
)";

TEST(SubscriptionTest, ExecutesOncePerEventInOrder) {
  auto schema = std::move(BuildSchema(kSubscriptionSdl).value());
  EventSink sink;
  std::string seen_id;
  ASSERT_TRUE(schema->SetSubscriber("priceChanged", [&](const ResolveInfo& info, EventSink s) {
    seen_id = std::string(info.arguments().at("id").as_string());
    sink = s;
    return absl::OkStatus();
  }).ok());
  std::vector<std::string> responses;
  bool completed = false;
  Request request;
  request.query = "subscription S($id: ID!) { priceChanged(id: $id) { id amount } }";
  request.variables = json::object{{"id", "p1"}};
  auto sub = Subscribe(*schema, request, {[&](std::string r) { responses.push_back(std::move(r)); }, [&] { completed = true; }});
  ASSERT_NE(sub, nullptr);
  EXPECT_EQ(seen_id, "p1");
  EXPECT_TRUE(sink.Push(json::parse(R"({"priceChanged":{"id":"p1","amount":9.5}})")));
  EXPECT_TRUE(sink.Push(json::parse(R"({"priceChanged":{"id":"p1","amount":null}})")));
  sink.Close();
  EXPECT_FALSE(sink.Push(json::parse("{}")));
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0], R"({"data":{"priceChanged":{"id":"p1","amount":9.5}}})");
  EXPECT_THAT(responses[1], HasSubstr(R"("path":["priceChanged","amount"])"));
  EXPECT_TRUE(completed);
}

TEST(SubscriptionTest, ResponsesFollowTheirEventsWhenExecutionsFinishOutOfOrder) {
  auto schema = std::move(BuildSchema(kSubscriptionSdl).value());
  EventSink sink;
  ASSERT_TRUE(schema->SetSubscriber("tick", [&](const ResolveInfo&, EventSink s) {
    sink = s;
    return absl::OkStatus();
  }).ok());
  // The first event's value resolves last: its resolver finishes on another
  // thread after 50 ms, the others at once.
  std::mutex mu;
  std::vector<std::thread> threads;
  std::vector<int> started;
  ASSERT_TRUE(schema->SetResolver("Subscription", "tick", [&](const ResolveInfo& info) {
    const int n = static_cast<int>(info.parent().at("tick").as_int64());
    {
      std::lock_guard lock(mu);
      started.push_back(n);
    }
    if (n != 1) return FieldValue::Owned(n);
    auto completion = std::make_shared<Completion>(info.Defer());
    std::lock_guard lock(mu);
    threads.emplace_back([completion, n] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      completion->Resolve(FieldValue::Owned(n));
    });
    return FieldValue::Deferred();
  }).ok());
  std::mutex responses_mu;
  std::vector<std::string> responses;
  std::atomic<bool> completed{false};
  Request request;
  request.query = "subscription { tick }";
  auto sub = Subscribe(*schema, request,
                       {[&](std::string r) {
                          std::lock_guard lock(responses_mu);
                          responses.push_back(std::move(r));
                        },
                        [&] { completed = true; }});
  ASSERT_NE(sub, nullptr);
  for (int i = 1; i <= 3; ++i) EXPECT_TRUE(sink.Push(json::object{{"tick", i}}));
  // Closing the source still answers what was pushed, then ends.
  sink.Close();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!completed && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  {
    std::lock_guard lock(mu);
    for (auto& t : threads) t.join();
  }
  ASSERT_TRUE(completed.load());
  std::lock_guard lock(responses_mu);
  EXPECT_THAT(responses, ::testing::ElementsAre(R"({"data":{"tick":1}})", R"({"data":{"tick":2}})",
                                                R"({"data":{"tick":3}})"));
  // One at a time: event 2 ran only after event 1 was answered.
  EXPECT_THAT(started, ::testing::ElementsAre(1, 2, 3));
}

TEST(SubscriptionTest, CancelStopsDelivery) {
  auto schema = std::move(BuildSchema(kSubscriptionSdl).value());
  EventSink sink;
  ASSERT_TRUE(schema->SetSubscriber("tick", [&](const ResolveInfo&, EventSink s) {
    sink = s;
    return absl::OkStatus();
  }).ok());
  int responses = 0;
  int completions = 0;
  Request request;
  request.query = "subscription { tick }";
  auto sub = Subscribe(*schema, request, {[&](std::string) { ++responses; }, [&] { ++completions; }});
  ASSERT_NE(sub, nullptr);
  EXPECT_TRUE(sink.Push(json::parse(R"({"tick":1})")));
  sub->Cancel();
  EXPECT_FALSE(sink.Push(json::parse(R"({"tick":2})")));
  sub.reset();
  EXPECT_FALSE(sink.Push(json::parse(R"({"tick":3})")));
  EXPECT_EQ(responses, 1);
  EXPECT_EQ(completions, 1);
}

TEST(SubscriptionTest, RefusalsAndClosesCarryExtensions) {
  auto schema = std::move(BuildSchema(kSubscriptionSdl).value());
  EventSink sink;
  ASSERT_TRUE(schema->SetSubscriber("tick", [](const ResolveInfo&, EventSink) {
    return WithErrorExtensions(absl::PermissionDeniedError("operators only"), json::object{{"code", "FORBIDDEN"}});
  }).ok());
  ASSERT_TRUE(schema->SetSubscriber("priceChanged", [&](const ResolveInfo&, EventSink s) {
    sink = s;
    return absl::OkStatus();
  }).ok());
  std::vector<std::string> responses;
  auto on_response = [&](std::string r) { responses.push_back(std::move(r)); };
  EXPECT_EQ(Subscribe(*schema, {.query = "subscription { tick }"}, {on_response, [] {}}), nullptr);
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_THAT(responses[0], HasSubstr(R"("message":"operators only")"));
  EXPECT_THAT(responses[0], HasSubstr(R"("extensions":{"code":"FORBIDDEN"})"));

  auto live = Subscribe(*schema, {.query = "subscription { priceChanged(id: 1) { id } }"}, {on_response, [] {}});
  ASSERT_NE(live, nullptr);
  sink.Close("no such price", json::object{{"code", "NOT_FOUND"}});
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[1], R"({"errors":[{"message":"no such price","extensions":{"code":"NOT_FOUND"}}]})");
  EXPECT_TRUE(ErrorExtensions(absl::InternalError("x")).empty());
}

TEST(SubscriptionTest, RefusalsAreGraphqlErrors) {
  auto schema = std::move(BuildSchema(kSubscriptionSdl).value());
  ASSERT_TRUE(schema->SetSubscriber("tick", [](const ResolveInfo&, EventSink) {
    return absl::PermissionDeniedError("not allowed");
  }).ok());
  std::vector<std::string> responses;
  auto run = [&](const std::string& query) {
    responses.clear();
    Request request;
    request.query = query;
    return Subscribe(*schema, request, {[&](std::string r) { responses.push_back(std::move(r)); }, [] {}});
  };
  EXPECT_EQ(run("subscription { tick }"), nullptr);
  EXPECT_EQ(responses, std::vector<std::string>{
      R"({"errors":[{"message":"not allowed","locations":[{"line":1,"column":16}],"path":["tick"]}]})"});
  EXPECT_EQ(run("subscription { priceChanged(id: 1) { id } }"), nullptr);
  EXPECT_THAT(responses[0], HasSubstr("has no source stream"));
  EXPECT_EQ(run("subscription { tick priceChanged(id: 1) { id } }"), nullptr);
  EXPECT_THAT(responses[0], HasSubstr("must select only one top level field"));
  EXPECT_EQ(run("{ a }"), nullptr);
  EXPECT_THAT(responses[0], HasSubstr("subscription operation"));
}

}  // namespace
}  // namespace parfumerie::graphql

namespace parfumerie::graphql {
namespace {

TEST(LimitsTest, DefaultsAdmitTheFullIntrospectionQueryButNotAbuse) {
  auto schema = std::move(BuildSchema("type Query { a: Int q: Query }").value());
  Service service(*schema);
  Request introspection;
  introspection.query = R"(query { __schema { types { name fields { type { kind ofType { kind ofType { kind ofType {
      kind ofType { kind ofType { kind ofType { kind ofType { kind name } } } } } } } } } } } })";
  EXPECT_THAT(service.Execute(std::move(introspection)), ::testing::StartsWith(R"({"data")"));
  std::string deep = "{";
  for (int i = 0; i < 40; ++i) deep += " q {";
  deep += " a" + std::string(41, '}');
  Request abuse;
  abuse.query = deep;
  EXPECT_THAT(service.Execute(std::move(abuse)), HasSubstr("max_selection_depth"));
  std::string aliases = "{";
  for (int i = 0; i < 100; ++i) aliases += " a" + std::to_string(i) + ": a";
  Request many;
  many.query = aliases + " }";
  EXPECT_THAT(service.Execute(std::move(many)), HasSubstr("max_aliases"));
}

}  // namespace
}  // namespace parfumerie::graphql

namespace parfumerie::graphql {
namespace {

TEST(LimitsTest, LongFragmentChainsAreRefusedBeforeAnyRecursion) {
  auto schema = std::move(BuildSchema("type Query { x: Int }").value());
  auto chain = [](int n) {
    std::string s = "{ ...F0 }\n";
    for (int i = 0; i < n; ++i) s += "fragment F" + std::to_string(i) + " on Query { ...F" + std::to_string(i + 1) + " }\n";
    return s + "fragment F" + std::to_string(n) + " on Query { x }\n";
  };
  Service service(*schema, Limits::GraphqlJsCompatible(), 0);
  Request ok;
  ok.query = chain(50);
  EXPECT_EQ(service.Execute(std::move(ok)), R"({"data":{"x":null}})");
  Request deep;
  deep.query = chain(12000);
  EXPECT_THAT(service.Execute(std::move(deep)), HasSubstr("max_fragment_depth"));
  Request cycle;
  cycle.query = "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A x }";
  EXPECT_THAT(service.Execute(std::move(cycle)), HasSubstr("within itself"));
}

}  // namespace
}  // namespace parfumerie::graphql

namespace parfumerie::graphql {
namespace {

TEST(LimitsTest, NestingThroughFragmentsIsBoundedEvenWithLimitsOff) {
  auto schema = std::move(BuildSchema("type Query { x: Int q: Query }").value());
  // 90 fragments, each nesting 60 fields: 5400 levels once expanded.
  std::string doc = "{ ...F0 }\n";
  for (int i = 0; i < 90; ++i) {
    doc += "fragment F" + std::to_string(i) + " on Query { ";
    for (int j = 0; j < 60; ++j) doc += "q { ";
    doc += "...F" + std::to_string(i + 1) + std::string(60 * 2, ' ');
    for (int j = 0; j < 60; ++j) doc += "} ";
    doc += "}\n";
  }
  doc += "fragment F90 on Query { x }\n";
  Service service(*schema, Limits::GraphqlJsCompatible(), 0);
  Request r;
  r.query = doc;
  EXPECT_THAT(service.Execute(std::move(r)), HasSubstr("limit max_selection_depth"));
}

}  // namespace
}  // namespace parfumerie::graphql

#include "test_endpoint.h"

#include <atomic>
#include <cstdlib>
#include <string>
#include <utility>

#include <boost/asio/post.hpp>

#include "absl/status/status.h"
#include "graphql/resolver.h"

namespace parfumerie::gateway::testing {
namespace {

struct TestContext {
  std::string caller;
  boost::asio::any_io_executor executor;
};

const TestContext& ContextOf(const graphql::ResolveInfo& info) {
  return *static_cast<const TestContext*>(info.context());
}

}  // namespace

std::unique_ptr<graphql::Schema> MakeTestSchema() {
  auto schema = graphql::BuildSchema(R"(
    type Query { hello: String whoami: String later: String boom: String }
    type Mutation { bump: Int }
  )");
  if (!schema.ok()) std::abort();  // The SDL above is fixed and valid.
  auto& s = **schema;
  auto must = [](absl::Status status) {
    if (!status.ok()) std::abort();
  };
  must(s.SetResolver("Query", "hello", [](const graphql::ResolveInfo&) {
    return graphql::FieldValue::Owned("world");
  }));
  must(s.SetResolver("Query", "whoami", [](const graphql::ResolveInfo& info) {
    return graphql::FieldValue::Owned(boost::json::string(ContextOf(info).caller));
  }));
  must(s.SetResolver("Query", "later", [](const graphql::ResolveInfo& info) {
    auto completion = std::make_shared<graphql::Completion>(info.Defer());
    boost::asio::post(ContextOf(info).executor, [completion] {
      completion->Resolve(graphql::FieldValue::Owned("done"));
    });
    return graphql::FieldValue::Deferred();
  }));
  must(s.SetResolver("Query", "boom", [](const graphql::ResolveInfo&) {
    return graphql::FieldValue::Error("boom");
  }));
  static std::atomic<int> counter{0};
  must(s.SetResolver("Mutation", "bump", [](const graphql::ResolveInfo&) {
    return graphql::FieldValue::Owned(++counter);
  }));
  return std::move(*schema);
}

OperationContextFactory MakeTestContextFactory() {
  return [](const Caller& caller, boost::asio::any_io_executor executor)
             -> absl::StatusOr<std::shared_ptr<void>> {
    if (caller.bearer_token == "bad") return absl::UnauthenticatedError("The token is not valid.");
    auto context = std::make_shared<TestContext>();
    context->caller = caller.bearer_token.empty() ? "anonymous" : caller.bearer_token;
    context->executor = std::move(executor);
    return std::shared_ptr<void>(std::move(context));
  };
}

}  // namespace parfumerie::gateway::testing

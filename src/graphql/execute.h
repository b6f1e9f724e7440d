// Executes a validated operation (spec section 6) and writes the response as
// JSON: {"errors":[...],"data":...} with keys in selection order, as
// graphql-js prints it.
//
// Resolvers may finish later (see resolver.h); ExecuteAsync() then returns at
// once and calls `done` from the thread that completes the last field.
// Mutation root fields run one after another, each after the previous one's
// deferred work finished. The Schema, the Document and `root_value` must
// outlive the execution.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/ast.h"
#include "graphql/schema.h"

namespace parfumerie::graphql {

struct ExecuteRequest {
  std::shared_ptr<const Document> document;  // Must have passed Validate().
  std::string operation_name;                // Empty: the document's only operation.
  boost::json::object variables;             // Raw JSON variables, coerced here.
  const boost::json::value* root_value = nullptr;
  void* context = nullptr;                   // Handed to resolvers as ResolveInfo::context().
};

void ExecuteAsync(const Schema& schema, ExecuteRequest request, std::function<void(std::string response)> done);

// Runs ExecuteAsync() and waits for the response.
std::string Execute(const Schema& schema, ExecuteRequest request);

}  // namespace parfumerie::graphql

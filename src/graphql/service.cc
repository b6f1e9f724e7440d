#include "graphql/service.h"

#include "graphql/execute.h"
#include "graphql/impl/executor.h"
#include "graphql/parser.h"
#include "graphql/validate.h"

namespace parfumerie::graphql {

std::string ErrorsResponse(const std::vector<Error>& errors) {
  std::string out = "{\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i) out.push_back(',');
    AppendErrorJson(errors[i], out);
  }
  out.append("]}");
  return out;
}

Service::Service(const Schema& schema, Limits limits, size_t cache_capacity)
    : schema_(schema), limits_(limits), capacity_(cache_capacity) {}

std::shared_ptr<const Service::Prepared> Service::Prepare(const std::string& query) {
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(query);
    if (it != cache_.end()) {
      ++stats_.hits;
      lru_.splice(lru_.begin(), lru_, it->second.position);
      return it->second.prepared;
    }
    ++stats_.misses;
  }
  auto prepared = std::make_shared<Prepared>();
  if (!schema_.located_validation_errors().empty()) {
    prepared->error_response = ErrorsResponse(schema_.located_validation_errors());
  } else {
    auto parsed = Parse(query, limits_);
    if (!parsed.document) {
      prepared->error_response = ErrorsResponse({*parsed.error});
    } else {
      auto errors = Validate(schema_, *parsed.document, limits_);
      if (errors.empty()) {
        prepared->document = parsed.document;
        if (capacity_ != 0) prepared->plans = std::make_shared<impl::PlanCache>();
      } else {
        prepared->error_response = ErrorsResponse(errors);
      }
    }
  }
  if (capacity_ == 0) return prepared;
  std::lock_guard lock(mu_);
  if (cache_.count(query)) return prepared;  // Another thread prepared it meanwhile.
  lru_.push_front(query);
  cache_.emplace(lru_.front(), Entry{prepared, lru_.begin()});
  while (cache_.size() > capacity_) {
    cache_.erase(lru_.back());
    lru_.pop_back();
  }
  stats_.size = cache_.size();
  return prepared;
}

void Service::ExecuteAsync(Request request, std::function<void(std::string)> done) {
  auto prepared = Prepare(request.query);
  if (!prepared->document) {
    done(prepared->error_response);
    return;
  }
  ExecuteRequest exec;
  exec.document = prepared->document;
  exec.operation_name = std::move(request.operation_name);
  exec.variables = std::move(request.variables);
  exec.root_value = request.root_value;
  exec.context = request.context;
  impl::ExecuteAsync(schema_, std::move(exec), prepared->plans, std::move(done));
}

std::string Service::Execute(Request request) {
  auto prepared = Prepare(request.query);
  if (!prepared->document) return prepared->error_response;
  ExecuteRequest exec;
  exec.document = prepared->document;
  exec.operation_name = std::move(request.operation_name);
  exec.variables = std::move(request.variables);
  exec.root_value = request.root_value;
  exec.context = request.context;
  return impl::Execute(schema_, std::move(exec), prepared->plans);
}

Service::Operation Service::PrepareOperation(const std::string& query,
                                             std::string_view operation_name) {
  Operation operation;
  auto prepared = Prepare(query);
  if (!prepared->document) {
    operation.error_response = prepared->error_response;
    return operation;
  }
  operation.document = prepared->document;
  operation.plans = prepared->plans;
  // The executor's operation selection, without its error messages.
  const ast::Definition* found = nullptr;
  for (const auto& d : prepared->document->definitions()) {
    if (d.kind != ast::DefinitionKind::kOperation) continue;
    if (operation_name.empty()) {
      if (found != nullptr) return operation;
      found = &d;
    } else if (d.name == operation_name) {
      found = &d;
    }
  }
  if (found != nullptr) {
    operation.type = found->operation;
    operation.name = std::string(found->name);
  }
  return operation;
}

namespace {

// The executor writes `{"errors":[...]}` when it stops before execution, and
// ends every other response with `"data":` and an object or null, so the
// last two characters tell the two apart without reading the response.
bool IsRequestError(std::string_view response) { return response.ends_with("]}"); }

}  // namespace

void Service::ExecuteAsync(const Operation& operation, Request request,
                           std::function<void(Result)> done) {
  if (!operation.document) {
    done(Result{operation.error_response, true});
    return;
  }
  ExecuteRequest exec;
  exec.document = operation.document;
  exec.operation_name = std::move(request.operation_name);
  exec.variables = std::move(request.variables);
  exec.root_value = request.root_value;
  exec.context = request.context;
  impl::ExecuteAsync(schema_, std::move(exec), operation.plans, [done = std::move(done)](std::string response) {
    bool request_error = IsRequestError(response);
    done(Result{std::move(response), request_error});
  });
}

Service::CacheStats Service::cache_stats() const {
  std::lock_guard lock(mu_);
  CacheStats s = stats_;
  s.size = cache_.size();
  return s;
}

}  // namespace parfumerie::graphql

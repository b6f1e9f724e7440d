// The whole request pipeline: parse, validate, execute, with parsed and
// validated documents kept in a bounded cache keyed by the query text, so a
// repeated query skips parsing and validation.
//
// Thread-safe: any number of threads may call Execute()/ExecuteAsync() at
// once; the cache is guarded by a mutex held only for lookups and inserts.
// The Schema must outlive the Service and must not change once it serves.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/limits.h"
#include "graphql/schema.h"

namespace parfumerie::graphql {

namespace impl {
class PlanCache;
}

struct Request {
  std::string query;
  std::string operation_name;
  boost::json::object variables;
  const boost::json::value* root_value = nullptr;  // Must outlive the execution.
  void* context = nullptr;
};

class Service {
 public:
  Service(const Schema& schema, Limits limits = {}, size_t cache_capacity = 1024);

  // Calls `done` once with the JSON response (see execute.h).
  void ExecuteAsync(Request request, std::function<void(std::string response)> done);
  std::string Execute(Request request);

  // A document looked up in (or added to) the cache, with what a transport
  // must know before running it: GraphQL over HTTP refuses a mutation sent
  // with GET, and answers request errors with another status than results.
  struct Operation {
    // Null when the query failed parsing or validation; `error_response` is
    // then the whole response (a request error).
    std::shared_ptr<const Document> document;
    std::string error_response;
    // The type of the operation that `operation_name` selects (the only one
    // when the name is empty); nullopt when the document is invalid or no
    // single operation matches, which execution reports as a request error.
    std::optional<ast::OperationType> type;
    // That operation's name; empty when it is anonymous or `type` is nullopt.
    std::string name;
    // The engine's plans for the document, shared by its executions.
    std::shared_ptr<impl::PlanCache> plans;
  };
  Operation PrepareOperation(const std::string& query, std::string_view operation_name);

  struct Result {
    std::string response;  // JSON, as from ExecuteAsync()
    // True for a request error: the response has "errors" and no "data"
    // (invalid document, unknown operation, variables that do not coerce).
    bool request_error = false;
  };
  // Runs an operation from PrepareOperation() with the variables, root value
  // and context of `request` (whose `query` is ignored), and calls `done`
  // once, possibly from another thread when resolvers defer.
  void ExecuteAsync(const Operation& operation, Request request,
                    std::function<void(Result result)> done);

  struct CacheStats {
    size_t hits = 0;
    size_t misses = 0;
    size_t size = 0;
  };
  CacheStats cache_stats() const;

 private:
  // A document that passed validation, or the response refusing it.
  struct Prepared {
    std::shared_ptr<const Document> document;
    std::string error_response;
    std::shared_ptr<impl::PlanCache> plans;  // Null when the capacity is 0.
  };
  std::shared_ptr<const Prepared> Prepare(const std::string& query);

  const Schema& schema_;
  const Limits limits_;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::string> lru_;  // Most recent first.
  struct Entry {
    std::shared_ptr<const Prepared> prepared;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string_view, Entry> cache_;
  CacheStats stats_;
};

// {"errors":[...]} for errors that stop a request before execution.
std::string ErrorsResponse(const std::vector<Error>& errors);

}  // namespace parfumerie::graphql

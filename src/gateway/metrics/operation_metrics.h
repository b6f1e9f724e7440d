// Per-operation GraphQL metrics, recorded by the transports (http/, ws/):
//
//   graphql_operations_total{operation_type, operation_name, outcome}
//   graphql_operation_duration_seconds{operation_type, operation_name}
//
// operation_type is query, mutation or subscription, or "unknown" when no
// operation could be identified (the document did not parse or validate, or
// named no operation). outcome is "ok" when the response has no errors and
// "error" otherwise (a request error or a field error). The duration runs from
// the moment the transport has the document to the response; subscriptions
// are counted when they start (or are refused) and have no duration.
//
// Operation names come from clients, so they are bounded: the first
// `max_names` distinct names get their own series and every later one is
// counted as "(other)". Anonymous operations are "(anonymous)" and
// unidentified ones "(unknown)" (parentheses cannot occur in GraphQL names).
//
// Thread-safe; Record() costs two series lookups under reader locks.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "graphql/ast.h"
#include "metrics/registry.h"

namespace parfumerie::gateway {

class OperationMetrics {
 public:
  // `registry` must outlive this object; null: the process's registry.
  explicit OperationMetrics(metrics::Registry* registry = nullptr, size_t max_names = 64);

  // One finished query or mutation (or one that could not be identified).
  void Record(std::optional<graphql::ast::OperationType> type, std::string_view name, bool has_errors,
              double seconds);
  // One subscription started (has_errors false) or refused (true).
  void RecordSubscription(std::string_view name, bool has_errors);

  // The operation_name label `name` gets (for tests and logs).
  std::string NameLabel(std::optional<graphql::ast::OperationType> type, std::string_view name);

 private:
  metrics::CounterFamily& operations_;
  metrics::HistogramFamily& durations_;
  const size_t max_names_;
  std::mutex mu_;
  std::set<std::string, std::less<>> names_;  // guarded by mu_
};

// True when a JSON response from graphql::Service has an "errors" entry: the
// executor writes it first ({"errors":[...],"data":...}).
bool ResponseHasErrors(std::string_view response);

}  // namespace parfumerie::gateway

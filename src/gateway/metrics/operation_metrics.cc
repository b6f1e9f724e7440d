#include "gateway/metrics/operation_metrics.h"

#include <string>

namespace parfumerie::gateway {
namespace {

constexpr std::string_view kAnonymous = "(anonymous)";
constexpr std::string_view kOther = "(other)";
constexpr std::string_view kUnknown = "(unknown)";

std::string_view TypeLabel(std::optional<graphql::ast::OperationType> type) {
  if (!type) return "unknown";
  switch (*type) {
    case graphql::ast::OperationType::kQuery:
      return "query";
    case graphql::ast::OperationType::kMutation:
      return "mutation";
    case graphql::ast::OperationType::kSubscription:
      return "subscription";
  }
  return "unknown";
}

}  // namespace

OperationMetrics::OperationMetrics(metrics::Registry* registry, size_t max_names)
    : operations_((registry ? *registry : metrics::Registry::Default())
                      .AddCounter({.name = "graphql_operations_total",
                                   .help = "GraphQL operations handled, by type, name and outcome (ok: no "
                                           "errors in the response).",
                                   .labels = {"operation_type", "operation_name", "outcome"}})),
      durations_((registry ? *registry : metrics::Registry::Default())
                     .AddHistogram({.name = "graphql_operation_duration_seconds",
                                    .help = "Time from the document's arrival to the response, for GraphQL "
                                            "queries and mutations.",
                                    .labels = {"operation_type", "operation_name"}})),
      max_names_(max_names) {}

std::string OperationMetrics::NameLabel(std::optional<graphql::ast::OperationType> type,
                                        std::string_view name) {
  if (!type) return std::string(kUnknown);
  if (name.empty()) return std::string(kAnonymous);
  std::lock_guard lock(mu_);
  if (names_.find(name) != names_.end()) return std::string(name);
  if (names_.size() >= max_names_) return std::string(kOther);
  names_.emplace(name);
  return std::string(name);
}

void OperationMetrics::Record(std::optional<graphql::ast::OperationType> type, std::string_view name,
                              bool has_errors, double seconds) {
  const std::string label = NameLabel(type, name);
  const std::string_view type_label = TypeLabel(type);
  operations_.Labels({type_label, label, has_errors ? "error" : "ok"}).Inc();
  durations_.Labels({type_label, label}).Observe(seconds);
}

void OperationMetrics::RecordSubscription(std::string_view name, bool has_errors) {
  const std::string label = NameLabel(graphql::ast::OperationType::kSubscription, name);
  operations_.Labels({"subscription", label, has_errors ? "error" : "ok"}).Inc();
}

bool ResponseHasErrors(std::string_view response) { return response.starts_with("{\"errors\":"); }

}  // namespace parfumerie::gateway

#include "gateway/core/operation.h"

#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gateway/core/errors.h"
#include "graphql/schema.h"

namespace parfumerie::gateway {
namespace {

template <typename Value>
using Found = std::function<void(typename BatchLoader<Value>::Batch)>;

BatchLoader<v1::Parfum>::Fetch FetchParfums(ServiceClients* clients, CallSettings settings) {
  return [clients, settings](std::vector<std::string> ids, Found<v1::Parfum> done) {
    v1::BatchGetParfumsRequest request;
    for (auto& id : ids) request.add_ids(std::move(id));
    Call<v1::BatchGetParfumsRequest, v1::BatchGetParfumsResponse>(
        settings, std::move(request),
        [clients](auto* context, auto* req, auto* resp, auto on_done) {
          clients->catalog().async()->BatchGetParfums(context, req, resp, std::move(on_done));
        },
        [done = std::move(done)](absl::StatusOr<v1::BatchGetParfumsResponse> response) {
          if (!response.ok()) return done(response.status());
          std::unordered_map<std::string, v1::Parfum> found;
          for (auto& p : *response->mutable_parfums()) found.emplace(p.id(), std::move(p));
          done(std::move(found));
        });
  };
}

BatchLoader<v1::Paiement>::Fetch FetchPayments(ServiceClients* clients, CallSettings settings) {
  return [clients, settings](std::vector<std::string> ids, Found<v1::Paiement> done) {
    v1::BatchGetPaymentsForOrdersRequest request;
    for (auto& id : ids) request.add_commande_ids(std::move(id));
    Call<v1::BatchGetPaymentsForOrdersRequest, v1::BatchGetPaymentsForOrdersResponse>(
        settings, std::move(request),
        [clients](auto* context, auto* req, auto* resp, auto on_done) {
          clients->payment().async()->BatchGetPaymentsForOrders(context, req, resp, std::move(on_done));
        },
        [done = std::move(done)](absl::StatusOr<v1::BatchGetPaymentsForOrdersResponse> response) {
          if (!response.ok()) return done(response.status());
          std::unordered_map<std::string, v1::Paiement> found;
          for (auto& p : *response->mutable_paiements()) found.emplace(p.commande_id(), std::move(p));
          done(std::move(found));
        });
  };
}

BatchLoader<v1::Livraison>::Fetch FetchDeliveries(ServiceClients* clients, CallSettings settings) {
  return [clients, settings](std::vector<std::string> ids, Found<v1::Livraison> done) {
    v1::BatchGetDeliveriesForOrdersRequest request;
    for (auto& id : ids) request.add_commande_ids(std::move(id));
    Call<v1::BatchGetDeliveriesForOrdersRequest, v1::BatchGetDeliveriesForOrdersResponse>(
        settings, std::move(request),
        [clients](auto* context, auto* req, auto* resp, auto on_done) {
          clients->delivery().async()->BatchGetDeliveriesForOrders(context, req, resp, std::move(on_done));
        },
        [done = std::move(done)](absl::StatusOr<v1::BatchGetDeliveriesForOrdersResponse> response) {
          if (!response.ok()) return done(response.status());
          std::unordered_map<std::string, v1::Livraison> found;
          for (auto& l : *response->mutable_livraisons()) found.emplace(l.commande_id(), std::move(l));
          done(std::move(found));
        });
  };
}

}  // namespace

Operation::Operation(const ShopBackends& backends, boost::asio::any_io_executor executor,
                     std::optional<accounts::Principal> principal, std::string traceparent)
    : backends_(backends),
      executor_(executor),
      access_(std::move(principal)),
      span_(trace::Span::Start("graphql.operation", trace::SpanKind::kInternal,
                               trace::ParseTraceParent(traceparent).value_or(trace::SpanContext{}))),
      settings_{backends.clients->deadline(), span_.TraceParent(), executor_},
      parfums_(executor, FetchParfums(backends.clients, settings_)),
      payments_(executor, FetchPayments(backends.clients, settings_)),
      deliveries_(executor, FetchDeliveries(backends.clients, settings_)) {}

void Operation::NoteRootField(const graphql::ResolveInfo& info) {
  const std::string& type = info.parent_type().name;
  const char* kind = type == "Query" ? "query" : type == "Mutation" ? "mutation" : type == "Subscription" ? "subscription" : nullptr;
  if (kind == nullptr) return;
  const std::string& field = info.field().name;
  if (root_fields_.empty()) {
    span_.SetAttribute("graphql.operation.type", kind);
  } else if (("," + root_fields_ + ",").find("," + field + ",") != std::string::npos) {
    return;
  }
  root_fields_ += root_fields_.empty() ? field : "," + field;
  span_.SetName(absl::StrCat("graphql.operation ", kind, " ", root_fields_));
}

absl::Status Access::RequireSignedIn() const {
  return principal_ ? absl::OkStatus() : Unauthenticated();
}

absl::Status Access::RequireAdmin() const {
  if (!principal_) return Unauthenticated();
  return is_admin() ? absl::OkStatus() : Forbidden();
}

void Operation::ClearCaches() {
  parfums_.Clear();
  payments_.Clear();
  deliveries_.Clear();
}

}  // namespace parfumerie::gateway

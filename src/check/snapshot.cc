#include "check/snapshot.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "parfumerie/v1/payment.grpc.pb.h"
#include "rpc/status.h"

namespace parfumerie::check {
namespace {

constexpr int kPageSize = 100;

// Calls `call(request, response)` page after page until the last one,
// appending each page's items with `take(response)`.
template <typename Request, typename Response, typename Call, typename Take>
absl::Status ForEachPage(const char* what, Request request, Call call, Take take) {
  request.mutable_page()->set_page_size(kPageSize);
  for (;;) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    Response response;
    grpc::Status status = call(&ctx, request, &response);
    if (!status.ok()) {
      absl::Status s = rpc::FromGrpc(status);
      return absl::Status(s.code(), absl::StrCat(what, ": ", s.message()));
    }
    take(response);
    if (response.next_page_token().empty()) return absl::OkStatus();
    request.mutable_page()->set_page_token(response.next_page_token());
  }
}

}  // namespace

absl::StatusOr<Snapshot> FetchSnapshot(const Endpoints& endpoints) {
  Snapshot snap;
  auto catalog = v1::CatalogService::NewStub(endpoints.catalog);
  auto orders = v1::OrderService::NewStub(endpoints.catalog);
  auto payments = v1::PaymentService::NewStub(endpoints.payment);
  auto deliveries = v1::DeliveryService::NewStub(endpoints.delivery);

  absl::Status s = ForEachPage<v1::ListParfumsRequest, v1::ListParfumsResponse>(
      "ListParfums", v1::ListParfumsRequest(),
      [&](auto* ctx, const auto& req, auto* resp) { return catalog->ListParfums(ctx, req, resp); },
      [&](const auto& resp) {
        snap.parfums.insert(snap.parfums.end(), resp.parfums().begin(), resp.parfums().end());
      });
  if (!s.ok()) return s;
  s = ForEachPage<v1::ListOrdersRequest, v1::ListOrdersResponse>(
      "ListOrders", v1::ListOrdersRequest(),
      [&](auto* ctx, const auto& req, auto* resp) { return orders->ListOrders(ctx, req, resp); },
      [&](const auto& resp) {
        snap.commandes.insert(snap.commandes.end(), resp.commandes().begin(),
                              resp.commandes().end());
      });
  if (!s.ok()) return s;
  s = ForEachPage<v1::ListPaymentsRequest, v1::ListPaymentsResponse>(
      "ListPayments", v1::ListPaymentsRequest(),
      [&](auto* ctx, const auto& req, auto* resp) { return payments->ListPayments(ctx, req, resp); },
      [&](const auto& resp) {
        snap.paiements.insert(snap.paiements.end(), resp.paiements().begin(),
                              resp.paiements().end());
      });
  if (!s.ok()) return s;
  s = ForEachPage<v1::ListDeliveriesRequest, v1::ListDeliveriesResponse>(
      "ListDeliveries", v1::ListDeliveriesRequest(),
      [&](auto* ctx, const auto& req, auto* resp) {
        return deliveries->ListDeliveries(ctx, req, resp);
      },
      [&](const auto& resp) {
        snap.livraisons.insert(snap.livraisons.end(), resp.livraisons().begin(),
                               resp.livraisons().end());
      });
  if (!s.ok()) return s;
  return snap;
}

}  // namespace parfumerie::check

#include "catalog/grpc/order_grpc_service.h"

#include <string>

#include "catalog/orders/order_proto.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/status.h"

namespace parfumerie::catalog {
namespace {

using rpc::ToGrpc;

std::string Traceparent(const grpc::ServerContext* ctx) {
  const auto& md = ctx->client_metadata();
  auto it = md.find("traceparent");
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

class OrderGrpcService final : public v1::OrderService::Service {
 public:
  explicit OrderGrpcService(OrderService& service) : service_(service) {}

  grpc::Status PlaceOrder(grpc::ServerContext* ctx, const v1::PlaceOrderRequest* req,
                          v1::Commande* resp) override {
    return Reply(service_.PlaceOrder(FromProto(*req), Traceparent(ctx)), resp);
  }

  grpc::Status GetOrder(grpc::ServerContext*, const v1::GetOrderRequest* req, v1::Commande* resp) override {
    return Reply(service_.GetOrder(req->id()), resp);
  }

  grpc::Status ListOrders(grpc::ServerContext*, const v1::ListOrdersRequest* req,
                          v1::ListOrdersResponse* resp) override {
    OrderQuery query;
    query.client_id = req->client_id();
    if (req->statut() != v1::STATUT_COMMANDE_UNSPECIFIED) {
      absl::StatusOr<OrderStatus> statut = OrderStatusFromProto(req->statut(), "statut");
      if (!statut.ok()) return ToGrpc(statut.status());
      query.statut = *statut;
    }
    if (req->page().page_size() != 0) query.limit = req->page().page_size();
    query.cursor = req->page().page_token();
    absl::StatusOr<OrderPage> page = service_.ListOrders(query);
    if (!page.ok()) return ToGrpc(page.status());
    for (const Commande& c : page->items) ToProto(c, resp->add_commandes());
    resp->set_next_page_token(page->next_cursor);
    resp->set_total(page->total);
    return grpc::Status::OK;
  }

  grpc::Status CancelOrder(grpc::ServerContext* ctx, const v1::CancelOrderRequest* req,
                           v1::Commande* resp) override {
    return Reply(service_.CancelOrder(req->id(), req->raison(), Traceparent(ctx)), resp);
  }

 private:
  static grpc::Status Reply(const absl::StatusOr<Commande>& result, v1::Commande* resp) {
    if (!result.ok()) return ToGrpc(result.status());
    ToProto(*result, resp);
    return grpc::Status::OK;
  }

  OrderService& service_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeOrderGrpcService(OrderService& service) {
  return std::make_unique<OrderGrpcService>(service);
}

}  // namespace parfumerie::catalog

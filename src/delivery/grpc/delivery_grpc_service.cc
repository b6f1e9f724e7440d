#include "delivery/grpc/delivery_grpc_service.h"

#include <optional>

#include "delivery/proto_conversion.h"
#include "parfumerie/v1/delivery.grpc.pb.h"
#include "rpc/status.h"

namespace parfumerie::delivery {
namespace {

using rpc::ToGrpc;

// Ids per batch lookup: one request of the gateway never needs more.
constexpr int kMaxBatch = 100;

std::optional<int64_t> ExpectedVersion(bool has, int64_t value) {
  return has ? std::optional<int64_t>(value) : std::nullopt;
}

grpc::Status Reply(const absl::StatusOr<Livraison>& result, v1::Livraison* out) {
  if (!result.ok()) return ToGrpc(result.status());
  ToProto(*result, out);
  return grpc::Status::OK;
}

class DeliveryGrpcService final : public v1::DeliveryService::Service {
 public:
  explicit DeliveryGrpcService(DeliveryService& service) : service_(service) {}

  grpc::Status GetDelivery(grpc::ServerContext*, const v1::GetDeliveryRequest* req, v1::Livraison* resp) override {
    return Reply(service_.Get(req->id()), resp);
  }

  grpc::Status GetDeliveryForOrder(grpc::ServerContext*, const v1::GetDeliveryForOrderRequest* req,
                                   v1::Livraison* resp) override {
    return Reply(service_.GetForOrder(req->commande_id()), resp);
  }

  grpc::Status BatchGetDeliveriesForOrders(grpc::ServerContext*, const v1::BatchGetDeliveriesForOrdersRequest* req,
                                           v1::BatchGetDeliveriesForOrdersResponse* resp) override {
    if (req->commande_ids_size() > kMaxBatch) {
      return ToGrpc(absl::InvalidArgumentError("commande_ids: at most 100 ids per call"));
    }
    for (const auto& id : req->commande_ids()) {
      absl::StatusOr<Livraison> livraison = service_.GetForOrder(id);
      if (livraison.ok()) {
        ToProto(*livraison, resp->add_livraisons());
      } else if (!absl::IsNotFound(livraison.status())) {
        return ToGrpc(livraison.status());
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status ListDeliveries(grpc::ServerContext*, const v1::ListDeliveriesRequest* req,
                              v1::ListDeliveriesResponse* resp) override {
    ListQuery query;
    if (req->statut() != v1::STATUT_LIVRAISON_UNSPECIFIED) {
      query.statut = FromProto(req->statut());
      if (!query.statut) return ToGrpc(absl::InvalidArgumentError("statut: unknown value"));
    }
    query.page_size = req->page().page_size();
    query.page_token = req->page().page_token();
    absl::StatusOr<LivraisonPage> page = service_.List(query);
    if (!page.ok()) return ToGrpc(page.status());
    for (const Livraison& l : page->items) ToProto(l, resp->add_livraisons());
    resp->set_next_page_token(page->next_page_token);
    resp->set_total(page->total);
    return grpc::Status::OK;
  }

  grpc::Status AdvanceDelivery(grpc::ServerContext*, const v1::AdvanceDeliveryRequest* req,
                               v1::Livraison* resp) override {
    return Reply(service_.Advance(req->id(), ExpectedVersion(req->has_expected_version(), req->expected_version()),
                                  req->lieu(), req->commentaire()),
                 resp);
  }

  grpc::Status FailDelivery(grpc::ServerContext*, const v1::FailDeliveryRequest* req,
                            v1::Livraison* resp) override {
    return Reply(service_.Fail(req->id(), ExpectedVersion(req->has_expected_version(), req->expected_version()),
                               req->raison()),
                 resp);
  }

 private:
  DeliveryService& service_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeDeliveryGrpcService(DeliveryService& service) {
  return std::make_unique<DeliveryGrpcService>(service);
}

const char* DeliveryGrpcServiceName() { return v1::DeliveryService::service_full_name(); }

}  // namespace parfumerie::delivery

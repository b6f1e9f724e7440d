#include "catalog/grpc/catalog_grpc_service.h"

#include <optional>

#include "catalog/grpc/proto_mapping.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/status.h"

namespace parfumerie::catalog {
namespace {

using rpc::ToGrpc;

std::optional<int64_t> ExpectedVersion(bool has, int64_t value) {
  return has ? std::optional<int64_t>(value) : std::nullopt;
}

class CatalogGrpcService final : public v1::CatalogService::Service {
 public:
  explicit CatalogGrpcService(CatalogService& service) : service_(service) {}

  grpc::Status CreateParfum(grpc::ServerContext*, const v1::CreateParfumRequest* req,
                            v1::Parfum* resp) override {
    auto draft = FromProto(*req);
    if (!draft.ok()) return ToGrpc(draft.status());
    return Reply(service_.Create(*draft), resp);
  }

  grpc::Status GetParfum(grpc::ServerContext*, const v1::GetParfumRequest* req,
                         v1::Parfum* resp) override {
    return Reply(service_.Get(req->id()), resp);
  }

  grpc::Status BatchGetParfums(grpc::ServerContext*, const v1::BatchGetParfumsRequest* req,
                               v1::BatchGetParfumsResponse* resp) override {
    if (req->ids_size() > kMaxPageSize) {
      return ToGrpc(absl::InvalidArgumentError("ids: at most 100 ids per call"));
    }
    for (const auto& id : req->ids()) {
      auto parfum = service_.Get(id);
      if (parfum.ok()) {
        ToProto(*parfum, resp->add_parfums());
      } else if (!absl::IsNotFound(parfum.status())) {
        return ToGrpc(parfum.status());
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status UpdateParfum(grpc::ServerContext*, const v1::UpdateParfumRequest* req,
                            v1::Parfum* resp) override {
    auto patch = FromProto(*req);
    if (!patch.ok()) return ToGrpc(patch.status());
    return Reply(service_.Update(req->id(), *patch,
                                 ExpectedVersion(req->has_expected_version(),
                                                 req->expected_version())),
                 resp);
  }

  grpc::Status DeleteParfum(grpc::ServerContext*, const v1::DeleteParfumRequest* req,
                            v1::DeleteParfumResponse*) override {
    return ToGrpc(service_.Delete(
        req->id(), ExpectedVersion(req->has_expected_version(), req->expected_version())));
  }

  grpc::Status ListParfums(grpc::ServerContext*, const v1::ListParfumsRequest* req,
                           v1::ListParfumsResponse* resp) override {
    auto query = FromProto(*req);
    if (!query.ok()) return ToGrpc(query.status());
    auto page = service_.List(*query);
    if (!page.ok()) return ToGrpc(page.status());
    for (const Parfum& p : page->items) ToProto(p, resp->add_parfums());
    resp->set_next_page_token(page->next_cursor);
    resp->set_total(page->total);
    return grpc::Status::OK;
  }

  grpc::Status AdjustStock(grpc::ServerContext*, const v1::AdjustStockRequest* req,
                           v1::Parfum* resp) override {
    return Reply(service_.AdjustStock(req->id(), req->delta(),
                                      ExpectedVersion(req->has_expected_version(),
                                                      req->expected_version())),
                 resp);
  }

 private:
  static grpc::Status Reply(const absl::StatusOr<Parfum>& result, v1::Parfum* resp) {
    if (!result.ok()) return ToGrpc(result.status());
    ToProto(*result, resp);
    return grpc::Status::OK;
  }

  CatalogService& service_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeCatalogGrpcService(CatalogService& service) {
  return std::make_unique<CatalogGrpcService>(service);
}

}  // namespace parfumerie::catalog

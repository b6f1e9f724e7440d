#include "payment/grpc/payment_grpc_service.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

#include "parfumerie/v1/payment.grpc.pb.h"
#include "rpc/status.h"

namespace parfumerie::payment {
namespace {

using rpc::ToGrpc;

// Ids per batch lookup: one request of the gateway never needs more.
constexpr int kMaxBatch = 100;

void ToProto(Timestamp t, google::protobuf::Timestamp* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

v1::StatutPaiement ToProto(PaymentStatus s) {
  switch (s) {
    case PaymentStatus::kAccepted:
      return v1::STATUT_PAIEMENT_ACCEPTE;
    case PaymentStatus::kRefused:
      return v1::STATUT_PAIEMENT_REFUSE;
    case PaymentStatus::kRefunded:
      return v1::STATUT_PAIEMENT_REMBOURSE;
  }
  return v1::STATUT_PAIEMENT_UNSPECIFIED;
}

void ToProto(const Payment& p, v1::Paiement* out) {
  out->set_id(p.id);
  out->set_commande_id(p.order_id);
  out->set_montant_cents(p.amount_cents);
  out->set_statut(ToProto(p.status));
  out->set_marque_carte(p.card_brand);
  out->set_derniers_chiffres(p.card_last4);
  out->set_code_refus(p.decline_code);
  out->set_message_refus(p.decline_message);
  ToProto(p.created_at, out->mutable_cree_le());
  if (p.refunded_at) ToProto(*p.refunded_at, out->mutable_rembourse_le());
}

grpc::Status Reply(const absl::StatusOr<Payment>& p, v1::Paiement* out) {
  if (!p.ok()) return ToGrpc(p.status());
  ToProto(*p, out);
  return grpc::Status::OK;
}

class PaymentGrpcService final : public v1::PaymentService::Service {
 public:
  explicit PaymentGrpcService(PaymentService& service) : service_(service) {}

  grpc::Status TokenizeCard(grpc::ServerContext*, const v1::TokenizeCardRequest* req,
                            v1::TokenizeCardResponse* resp) override {
    CardDetails card{req->numero(), req->mois_expiration(), req->annee_expiration(), req->cvc(), req->titulaire()};
    absl::StatusOr<CardToken> token = service_.TokenizeCard(card);
    if (!token.ok()) return ToGrpc(token.status());
    resp->set_token(token->token);
    resp->set_marque_carte(std::string(CardBrandName(token->card.brand)));
    resp->set_derniers_chiffres(token->card.last4);
    return grpc::Status::OK;
  }

  grpc::Status GetPayment(grpc::ServerContext*, const v1::GetPaymentRequest* req, v1::Paiement* resp) override {
    return Reply(service_.Get(req->id()), resp);
  }

  grpc::Status GetPaymentForOrder(grpc::ServerContext*, const v1::GetPaymentForOrderRequest* req,
                                  v1::Paiement* resp) override {
    return Reply(service_.GetForOrder(req->commande_id()), resp);
  }

  grpc::Status BatchGetPaymentsForOrders(grpc::ServerContext*, const v1::BatchGetPaymentsForOrdersRequest* req,
                                         v1::BatchGetPaymentsForOrdersResponse* resp) override {
    if (req->commande_ids_size() > kMaxBatch) {
      return ToGrpc(absl::InvalidArgumentError("commande_ids: at most 100 ids per call"));
    }
    for (const auto& id : req->commande_ids()) {
      absl::StatusOr<Payment> payment = service_.GetForOrder(id);
      if (payment.ok()) {
        ToProto(*payment, resp->add_paiements());
      } else if (!absl::IsNotFound(payment.status())) {
        return ToGrpc(payment.status());
      }
    }
    return grpc::Status::OK;
  }

  grpc::Status ListPayments(grpc::ServerContext*, const v1::ListPaymentsRequest* req,
                            v1::ListPaymentsResponse* resp) override {
    PaymentQuery query;
    switch (req->statut()) {
      case v1::STATUT_PAIEMENT_UNSPECIFIED:
        break;
      case v1::STATUT_PAIEMENT_ACCEPTE:
        query.status = PaymentStatus::kAccepted;
        break;
      case v1::STATUT_PAIEMENT_REFUSE:
        query.status = PaymentStatus::kRefused;
        break;
      case v1::STATUT_PAIEMENT_REMBOURSE:
        query.status = PaymentStatus::kRefunded;
        break;
      default:
        return ToGrpc(absl::InvalidArgumentError("statut: unknown value"));
    }
    query.limit = req->page().page_size();
    query.cursor = req->page().page_token();
    absl::StatusOr<PaymentPage> page = service_.List(query);
    if (!page.ok()) return ToGrpc(page.status());
    for (const Payment& p : page->items) ToProto(p, resp->add_paiements());
    resp->set_next_page_token(page->next_cursor);
    resp->set_total(page->total);
    return grpc::Status::OK;
  }

 private:
  PaymentService& service_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePaymentGrpcService(PaymentService& service) {
  return std::make_unique<PaymentGrpcService>(service);
}

}  // namespace parfumerie::payment

#include "catalog/orders/order_proto.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"

namespace parfumerie::catalog {

v1::StatutCommande ToProto(OrderStatus s) {
  // The proto enum is the domain enum shifted by one (0 is UNSPECIFIED).
  return static_cast<v1::StatutCommande>(static_cast<int>(s) + 1);
}

absl::StatusOr<OrderStatus> OrderStatusFromProto(int value, const char* field) {
  if (value < v1::STATUT_COMMANDE_EN_ATTENTE || value > v1::STATUT_COMMANDE_ANNULEE) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown statut ", value));
  }
  return static_cast<OrderStatus>(value - 1);
}

void ToProto(Timestamp t, google::protobuf::Timestamp* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

void ToProto(const Adresse& in, v1::Adresse* out) {
  out->set_nom_complet(in.nom_complet);
  out->set_ligne1(in.ligne1);
  out->set_ligne2(in.ligne2);
  out->set_code_postal(in.code_postal);
  out->set_ville(in.ville);
  out->set_pays(in.pays);
  out->set_telephone(in.telephone);
}

Adresse FromProto(const v1::Adresse& in) {
  return Adresse{in.nom_complet(), in.ligne1(), in.ligne2(), in.code_postal(),
                 in.ville(),       in.pays(),   in.telephone()};
}

void ToProto(const OrderLine& in, v1::LigneCommande* out) {
  out->set_parfum_id(in.parfum_id);
  out->set_quantite(in.quantite);
  out->set_nom(in.nom);
  out->set_prix_unitaire_cents(in.prix_unitaire_cents);
  out->set_total_cents(in.TotalCents());
}

void ToProto(const Commande& in, v1::Commande* out) {
  out->set_id(in.id);
  out->set_parfum_id(in.ParfumId());
  out->set_quantite(in.Quantite());
  out->set_statut(ToProto(in.statut));
  ToProto(in.date_commande, out->mutable_date_commande());
  for (const OrderLine& l : in.lignes) ToProto(l, out->add_lignes());
  out->set_total_cents(in.total_cents);
  out->set_client_id(in.client_id);
  ToProto(in.adresse_livraison, out->mutable_adresse_livraison());
  for (const StatusChange& c : in.historique) {
    v1::ChangementStatut* h = out->add_historique();
    h->set_statut(ToProto(c.statut));
    ToProto(c.at, h->mutable_at());
    h->set_raison(c.raison);
  }
  out->set_paiement_id(in.paiement_id);
  out->set_livraison_id(in.livraison_id);
  out->set_raison_annulation(in.raison_annulation);
  out->set_version(in.version);
  out->set_remboursement_demande(in.remboursement_demande);
  out->set_rembourse(in.rembourse);
  out->set_incident_livraison(in.incident_livraison);
  ToProto(in.date_limite_paiement, out->mutable_date_limite_paiement());
}

PlaceOrderInput FromProto(const v1::PlaceOrderRequest& in) {
  PlaceOrderInput out;
  out.idempotency_key = in.idempotency_key();
  out.client_id = in.client_id();
  for (const v1::LigneDemandee& l : in.lignes()) out.lignes.push_back({l.parfum_id(), l.quantite()});
  out.adresse_livraison = FromProto(in.adresse_livraison());
  out.payment_method_token = in.payment_method_token();
  return out;
}

}  // namespace parfumerie::catalog

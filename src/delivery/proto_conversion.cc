#include "delivery/proto_conversion.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>

namespace parfumerie::delivery {
namespace {

void ToProto(Timestamp t, google::protobuf::Timestamp* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

}  // namespace

v1::StatutLivraison ToProto(Statut s) {
  switch (s) {
    case Statut::kEnPreparation:
      return v1::STATUT_LIVRAISON_EN_PREPARATION;
    case Statut::kExpediee:
      return v1::STATUT_LIVRAISON_EXPEDIEE;
    case Statut::kEnTransit:
      return v1::STATUT_LIVRAISON_EN_TRANSIT;
    case Statut::kLivree:
      return v1::STATUT_LIVRAISON_LIVREE;
    case Statut::kEchec:
      return v1::STATUT_LIVRAISON_ECHEC;
  }
  return v1::STATUT_LIVRAISON_UNSPECIFIED;
}

std::optional<Statut> FromProto(v1::StatutLivraison s) {
  switch (s) {
    case v1::STATUT_LIVRAISON_EN_PREPARATION:
      return Statut::kEnPreparation;
    case v1::STATUT_LIVRAISON_EXPEDIEE:
      return Statut::kExpediee;
    case v1::STATUT_LIVRAISON_EN_TRANSIT:
      return Statut::kEnTransit;
    case v1::STATUT_LIVRAISON_LIVREE:
      return Statut::kLivree;
    case v1::STATUT_LIVRAISON_ECHEC:
      return Statut::kEchec;
    default:
      return std::nullopt;
  }
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

void ToProto(const EvenementSuivi& in, v1::EvenementSuivi* out) {
  out->set_statut(ToProto(in.statut));
  ToProto(in.at, out->mutable_at());
  out->set_lieu(in.lieu);
  out->set_commentaire(in.commentaire);
}

void ToProto(const Livraison& in, v1::Livraison* out) {
  out->set_id(in.id);
  out->set_commande_id(in.commande_id);
  out->set_statut(ToProto(in.statut));
  out->set_transporteur(in.transporteur);
  out->set_numero_suivi(in.numero_suivi);
  ToProto(in.adresse, out->mutable_adresse());
  for (const EvenementSuivi& e : in.suivi) ToProto(e, out->add_suivi());
  ToProto(in.cree_le, out->mutable_cree_le());
  ToProto(in.maj_le, out->mutable_maj_le());
  out->set_version(in.version);
}

}  // namespace parfumerie::delivery

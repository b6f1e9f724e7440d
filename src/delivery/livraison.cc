#include "delivery/livraison.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "delivery/carriers.h"

namespace parfumerie::delivery {
namespace {

constexpr std::string_view kWarehouse = "Entrepôt Parfumerie, Orléans";

std::string DefaultLieu(const Livraison& l, Statut to) {
  switch (to) {
    case Statut::kEnPreparation:
      return std::string(kWarehouse);
    case Statut::kExpediee:
      return absl::StrCat("Agence ", l.transporteur, ", Orléans");
    case Statut::kEnTransit:
      return absl::StrCat("Plateforme ", l.transporteur, ", Paris");
    case Statut::kLivree:
      return l.adresse.ville.empty() ? std::string("Adresse de livraison")
                                     : absl::StrCat(l.adresse.code_postal.empty() ? "" : l.adresse.code_postal + " ",
                                                    l.adresse.ville);
    case Statut::kEchec:
      return l.suivi.empty() ? std::string(kWarehouse) : l.suivi.back().lieu;
  }
  return {};
}

std::string DefaultCommentaire(const Livraison& l, Statut to) {
  switch (to) {
    case Statut::kEnPreparation:
      return "Commande payée : colis en préparation";
    case Statut::kExpediee:
      return absl::StrCat("Colis remis à ", l.transporteur, " (suivi ", l.numero_suivi, ")");
    case Statut::kEnTransit:
      return "Colis en cours d'acheminement";
    case Statut::kLivree:
      return "Colis livré";
    case Statut::kEchec:
      return "Livraison interrompue";
  }
  return {};
}

}  // namespace

std::string_view StatutName(Statut s) {
  switch (s) {
    case Statut::kEnPreparation:
      return "EN_PREPARATION";
    case Statut::kExpediee:
      return "EXPEDIEE";
    case Statut::kEnTransit:
      return "EN_TRANSIT";
    case Statut::kLivree:
      return "LIVREE";
    case Statut::kEchec:
      return "ECHEC";
  }
  return "UNKNOWN";
}

std::optional<Statut> ParseStatut(std::string_view name) {
  for (Statut s : {Statut::kEnPreparation, Statut::kExpediee, Statut::kEnTransit, Statut::kLivree,
                   Statut::kEchec}) {
    if (StatutName(s) == name) return s;
  }
  return std::nullopt;
}

bool IsFinal(Statut s) { return s == Statut::kLivree || s == Statut::kEchec; }

std::optional<Statut> NextStatut(Statut s) {
  switch (s) {
    case Statut::kEnPreparation:
      return Statut::kExpediee;
    case Statut::kExpediee:
      return Statut::kEnTransit;
    case Statut::kEnTransit:
      return Statut::kLivree;
    case Statut::kLivree:
    case Statut::kEchec:
      return std::nullopt;
  }
  return std::nullopt;
}

absl::Status CheckTransition(Statut from, Statut to) {
  const std::string current(StatutName(from));
  if (IsFinal(from)) {
    return absl::FailedPreconditionError(
        absl::StrCat("statut: the delivery is ", current, ", a final state; it can no longer change"));
  }
  if (to == Statut::kEchec || NextStatut(from) == to) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("statut: the delivery is ", current, "; it can go to ",
                                                    std::string(StatutName(*NextStatut(from))),
                                                    " or ECHEC, not ", std::string(StatutName(to))));
}

Livraison NewLivraison(std::string id, std::string commande_id, Adresse adresse, Timestamp now) {
  Livraison l;
  l.transporteur = std::string(CarrierFor(commande_id));
  l.numero_suivi = TrackingNumber(l.transporteur, id);
  l.id = std::move(id);
  l.commande_id = std::move(commande_id);
  l.adresse = std::move(adresse);
  l.statut = Statut::kEnPreparation;
  l.cree_le = l.maj_le = now;
  l.version = 1;
  l.suivi.push_back(MakeStep(l, Statut::kEnPreparation, now, "", ""));
  return l;
}

EvenementSuivi MakeStep(const Livraison& l, Statut to, Timestamp at, std::string lieu,
                        std::string commentaire) {
  EvenementSuivi e;
  e.statut = to;
  e.at = at;
  e.lieu = lieu.empty() ? DefaultLieu(l, to) : std::move(lieu);
  e.commentaire = commentaire.empty() ? DefaultCommentaire(l, to) : std::move(commentaire);
  return e;
}

absl::StatusOr<Livraison> ApplyStep(const Livraison& l, EvenementSuivi step) {
  if (absl::Status s = CheckTransition(l.statut, step.statut); !s.ok()) return s;
  Livraison next = l;
  next.statut = step.statut;
  next.maj_le = step.at;
  next.version = l.version + 1;
  next.suivi.push_back(std::move(step));
  return next;
}

}  // namespace parfumerie::delivery

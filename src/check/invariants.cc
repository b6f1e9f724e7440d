#include "check/invariants.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace parfumerie::check {
namespace {

bool IsPaidState(v1::StatutCommande s) {
  return s == v1::STATUT_COMMANDE_PAYEE || s == v1::STATUT_COMMANDE_EXPEDIEE ||
         s == v1::STATUT_COMMANDE_LIVREE;
}

}  // namespace

std::vector<Violation> CheckInvariants(const Snapshot& snap) {
  std::vector<Violation> out;
  auto add = [&out](const char* rule, std::string detail) {
    out.push_back({rule, std::move(detail)});
  };

  // Units held by orders that still count (not ANNULEE), per perfume.
  std::map<std::string, int64_t> held;
  std::map<std::string, const v1::Commande*> orders;
  for (const auto& c : snap.commandes) {
    orders[c.id()] = &c;
    if (c.statut() == v1::STATUT_COMMANDE_ANNULEE) continue;
    for (const auto& l : c.lignes()) held[l.parfum_id()] += l.quantite();
  }
  for (const auto& p : snap.parfums) {
    if (p.stock() < 0) add("stock-non-negative", absl::StrCat(p.id(), ": stock ", p.stock()));
    const int64_t expected = p.stock() + held[p.id()];
    if (p.stock_entrees() != expected) {
      add("stock-conservation",
          absl::StrCat(p.id(), ": received ", p.stock_entrees(), " but stock ", p.stock(),
                       " + held by orders ", held[p.id()], " = ", expected));
    }
  }

  std::map<std::string, int> payments_per_order;
  std::map<std::string, int> accepted_per_order;
  for (const auto& pay : snap.paiements) {
    ++payments_per_order[pay.commande_id()];
    if (pay.statut() == v1::STATUT_PAIEMENT_ACCEPTE) ++accepted_per_order[pay.commande_id()];
    if (!orders.count(pay.commande_id())) {
      add("known-references",
          absl::StrCat("payment ", pay.id(), " refers to unknown order ", pay.commande_id()));
    }
  }
  for (const auto& [order_id, n] : payments_per_order) {
    if (n > 1) add("one-payment-per-order", absl::StrCat(order_id, ": ", n, " payments"));
  }

  std::map<std::string, int> deliveries_per_order;
  for (const auto& liv : snap.livraisons) {
    ++deliveries_per_order[liv.commande_id()];
    auto it = orders.find(liv.commande_id());
    if (it == orders.end()) {
      add("known-references",
          absl::StrCat("delivery ", liv.id(), " refers to unknown order ", liv.commande_id()));
      continue;
    }
    // A delivery exists only for an order that was paid; it may have been
    // stopped (ECHEC) if the order was cancelled before shipping.
    const bool paid = IsPaidState(it->second->statut());
    const bool stopped = liv.statut() == v1::STATUT_LIVRAISON_ECHEC;
    if (!paid && !stopped) {
      add("one-delivery-per-order",
          absl::StrCat("delivery ", liv.id(), " is ", v1::StatutLivraison_Name(liv.statut()),
                       " for order ", liv.commande_id(), " which is ",
                       v1::StatutCommande_Name(it->second->statut())));
    }
  }
  for (const auto& [order_id, n] : deliveries_per_order) {
    if (n > 1) add("one-delivery-per-order", absl::StrCat(order_id, ": ", n, " deliveries"));
  }

  for (const auto& c : snap.commandes) {
    const int accepted = accepted_per_order[c.id()];
    if (IsPaidState(c.statut()) != (accepted == 1) || accepted > 1) {
      add("paid-iff-one-payment",
          absl::StrCat(c.id(), " is ", v1::StatutCommande_Name(c.statut()), " with ", accepted,
                       " accepted unrefunded payment(s)"));
    }
    const bool shipped = c.statut() == v1::STATUT_COMMANDE_EXPEDIEE ||
                         c.statut() == v1::STATUT_COMMANDE_LIVREE;
    if (shipped && deliveries_per_order[c.id()] == 0) {
      add("shipped-has-delivery", absl::StrCat(c.id(), " is ",
                                               v1::StatutCommande_Name(c.statut()),
                                               " but has no delivery"));
    }
  }
  return out;
}

}  // namespace parfumerie::check

// The saga's invariants (docs/architecture.md), checked on a snapshot of the
// whole shop as its public APIs show it. Pure code: the snapshot is fetched
// separately (snapshot.h), so the rules are unit-tested without a network.
//
// Run it on a quiescent shop (no order in flight): an order between two saga
// steps is legitimately "paid but not yet marked PAYEE" for a moment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parfumerie/v1/catalog.pb.h"
#include "parfumerie/v1/delivery.pb.h"
#include "parfumerie/v1/payment.pb.h"

namespace parfumerie::check {

struct Snapshot {
  std::vector<v1::Parfum> parfums;  // archived ones included when available
  std::vector<v1::Commande> commandes;
  std::vector<v1::Paiement> paiements;
  std::vector<v1::Livraison> livraisons;
};

struct Violation {
  std::string rule;    // e.g. "stock-conservation"
  std::string detail;  // names the entity and the numbers
};

// Every violation found; empty when the shop is consistent. Rules:
//  stock-non-negative      every perfume's stock >= 0
//  stock-conservation      stock_entrees = stock + Σ quantities of its orders not ANNULEE
//  paid-iff-one-payment    PAYEE/EXPEDIEE/LIVREE iff exactly one ACCEPTE payment
//  one-payment-per-order   at most one payment per order
//  one-delivery-per-order  at most one delivery per order, only for paid orders
//  shipped-has-delivery    EXPEDIEE/LIVREE orders have their delivery
//  known-references        payments and deliveries refer to existing orders
std::vector<Violation> CheckInvariants(const Snapshot& snapshot);

}  // namespace parfumerie::check

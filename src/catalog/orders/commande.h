// The order (Commande) as the catalogue service keeps it.
//
// The seed's fields are id, parfumId, quantite, statut and dateCommande; an
// order here has several lines, so parfumId is the first line's perfume and
// quantite the total number of bottles (ParfumId(), Quantite()). Lines keep a
// snapshot of the perfume's nom and unit price at order time: later changes to
// the catalogue never alter an order. Money is integer cents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/parfum.h"

namespace parfumerie::catalog {

// Life cycle, see order_state.h for the legal transitions.
enum class OrderStatus { kEnAttente, kPayee, kExpediee, kLivree, kAnnulee };

// Stable wire names ("EN_ATTENTE", "PAYEE", ...) used by storage and the APIs.
std::string_view OrderStatusName(OrderStatus s);
std::optional<OrderStatus> ParseOrderStatus(std::string_view name);

// A delivery address (France or elsewhere); pays is ISO 3166-1 alpha-2.
struct Adresse {
  std::string nom_complet;
  std::string ligne1;
  std::string ligne2;
  std::string code_postal;
  std::string ville;
  std::string pays;
  std::string telephone;
  friend bool operator==(const Adresse&, const Adresse&) = default;
};

struct OrderLine {
  std::string parfum_id;
  std::string nom;  // snapshot at order time
  int32_t quantite = 0;
  int64_t prix_unitaire_cents = 0;  // snapshot at order time
  int64_t TotalCents() const { return prix_unitaire_cents * quantite; }
  friend bool operator==(const OrderLine&, const OrderLine&) = default;
};

struct StatusChange {
  OrderStatus statut = OrderStatus::kEnAttente;
  Timestamp at;
  std::string raison;  // why, for ANNULEE; free text otherwise
  friend bool operator==(const StatusChange&, const StatusChange&) = default;
};

struct Commande {
  std::string id;
  std::string client_id;
  OrderStatus statut = OrderStatus::kEnAttente;
  Timestamp date_commande;
  std::vector<OrderLine> lignes;
  int64_t total_cents = 0;
  Adresse adresse_livraison;
  // Every status the order went through, oldest first; starts with EN_ATTENTE.
  std::vector<StatusChange> historique;
  std::string paiement_id;   // the accepted (or late) payment, once known
  std::string livraison_id;  // the delivery, once created
  std::string raison_annulation;
  // An accepted payment must be (or was) given back: cancelled after payment,
  // or paid after the order had been cancelled.
  bool remboursement_demande = false;
  bool rembourse = false;  // payment reported the refund done
  // A delivery problem that needs an operator (delivery failed, or shipped
  // after the order was cancelled); empty when none.
  std::string incident_livraison;
  // No payment result by then: the order is cancelled (ExpireOverdue).
  Timestamp date_limite_paiement;
  std::string idempotency_key;  // empty when the client gave none
  // Incremented by every change.
  int64_t version = 1;

  // The seed's single-perfume view.
  std::string ParfumId() const { return lignes.empty() ? std::string() : lignes.front().parfum_id; }
  int32_t Quantite() const;

  friend bool operator==(const Commande&, const Commande&) = default;
};

// One line as the client asks for it.
struct RequestedLine {
  std::string parfum_id;
  int32_t quantite = 0;
  friend bool operator==(const RequestedLine&, const RequestedLine&) = default;
};

// What a client submits to place an order.
struct PlaceOrderInput {
  // Same key + same content: the first order is returned, nothing is reserved
  // again. Same key + other content: INVALID_ARGUMENT. Empty: no replay.
  std::string idempotency_key;
  std::string client_id;
  std::vector<RequestedLine> lignes;
  Adresse adresse_livraison;
  std::string payment_method_token;  // opaque token from the payment service
};

struct OrderQuery {
  std::string client_id;              // empty: every client (operators)
  std::optional<OrderStatus> statut;  // unset: any
  int32_t limit = kDefaultPageSize;   // 1..kMaxPageSize
  std::string cursor;                 // from a previous page, same filters
};

struct OrderPage {
  std::vector<Commande> items;  // newest first
  std::string next_cursor;      // empty on the last page
  int64_t total = 0;            // orders matching the filters
};

}  // namespace parfumerie::catalog

// The delivery domain: a shipment (Livraison) of one paid order and the state
// machine it follows.
//
//   EN_PREPARATION ──▶ EXPEDIEE ──▶ EN_TRANSIT ──▶ LIVREE
//         │               │              │
//         └───────────────┴──────────────┴──────▶ ECHEC
//
// LIVREE and ECHEC are final. Every step is recorded in `suivi` with its time,
// place and comment, so the tracking page shows the whole history.
//
// Pure values and functions; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace parfumerie::delivery {

using Timestamp = std::chrono::system_clock::time_point;

enum class Statut { kEnPreparation, kExpediee, kEnTransit, kLivree, kEchec };

// Stable wire names ("EN_PREPARATION", ...) used by storage and messages.
std::string_view StatutName(Statut s);
std::optional<Statut> ParseStatut(std::string_view name);

bool IsFinal(Statut s);
// The next step on the way to LIVREE; nullopt when `s` is final.
std::optional<Statut> NextStatut(Statut s);

// OK when a delivery in `from` may move to `to`: the next step, or ECHEC from
// any non-final step. Otherwise FAILED_PRECONDITION naming the current state
// and what it allows.
absl::Status CheckTransition(Statut from, Statut to);

struct Adresse {
  std::string nom_complet;
  std::string ligne1;
  std::string ligne2;
  std::string code_postal;
  std::string ville;
  std::string pays;  // ISO 3166-1 alpha-2
  std::string telephone;
  friend bool operator==(const Adresse&, const Adresse&) = default;
};

// One tracking event: the delivery entered `statut` at `at`.
struct EvenementSuivi {
  Statut statut = Statut::kEnPreparation;
  Timestamp at;
  std::string lieu;
  std::string commentaire;
  friend bool operator==(const EvenementSuivi&, const EvenementSuivi&) = default;
};

struct Livraison {
  std::string id;
  std::string commande_id;  // unique: one delivery per paid order
  Statut statut = Statut::kEnPreparation;
  std::string transporteur;
  std::string numero_suivi;
  Adresse adresse;
  std::vector<EvenementSuivi> suivi;  // oldest first; the last one is `statut`
  Timestamp cree_le;
  Timestamp maj_le;
  // 1 at creation, +1 per step; a conditional change names the version it read.
  int64_t version = 1;
  friend bool operator==(const Livraison&, const Livraison&) = default;
};

// A new delivery of order `commande_id`, EN_PREPARATION at `now`, with the
// carrier chosen for the order and a tracking number derived from `id`.
Livraison NewLivraison(std::string id, std::string commande_id, Adresse adresse, Timestamp now);

// The tracking event of moving `l` to `to` at `at`; an empty `lieu` or
// `commentaire` gets the step's default (warehouse, carrier hub, the
// recipient's town...).
EvenementSuivi MakeStep(const Livraison& l, Statut to, Timestamp at, std::string lieu,
                        std::string commentaire);

// `l` after `step`: statut, suivi, maj_le and version updated. The transition
// must be legal (CheckTransition), else FAILED_PRECONDITION and no change.
absl::StatusOr<Livraison> ApplyStep(const Livraison& l, EvenementSuivi step);

}  // namespace parfumerie::delivery

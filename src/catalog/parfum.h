// The catalogue's domain: a perfume (Parfum) as the shop sells it.
//
// Domain words are French where the API shows them (nom, prix, stock, marque,
// famille, notes, contenance, genre); C++ identifiers stay English elsewhere.
// Money is integer cents: `prix_cents` is the only price inside the system.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parfumerie::catalog {

using Timestamp = std::chrono::system_clock::time_point;

// Olfactory family (famille olfactive), the classification perfumers use.
enum class Famille {
  kFloral,
  kOriental,   // "Ambré"
  kBoise,      // "Boisé"
  kFougere,    // "Fougère"
  kChypre,     // "Chypré"
  kHesperide,  // "Hespéridé" (citrus)
  kGourmand,
  kAromatique,
  kCuir,
  kAquatique,
};

enum class Genre { kFeminin, kMasculin, kMixte };

// Stable wire names ("FLORAL", "BOISE", ...) used by REST, gRPC enums and storage.
std::string_view FamilleName(Famille f);
std::optional<Famille> ParseFamille(std::string_view name);  // case-insensitive
std::string_view GenreName(Genre g);                            // "FEMININ", ...
std::optional<Genre> ParseGenre(std::string_view name);

// The olfactory pyramid: top, heart and base notes.
struct Notes {
  std::vector<std::string> tete;
  std::vector<std::string> coeur;
  std::vector<std::string> fond;
  friend bool operator==(const Notes&, const Notes&) = default;
};

struct Parfum {
  std::string id;
  std::string nom;
  std::string description;
  std::string marque;
  Famille famille = Famille::kFloral;
  Notes notes;
  int32_t contenance_ml = 0;
  Genre genre = Genre::kMixte;
  int64_t prix_cents = 0;
  std::string image;  // URL of the bottle picture, served by the catalogue
  int32_t stock = 0;
  // Every unit ever received: the initial stock plus every AdjustStock delta.
  // Orders move stock, not this, so stock_entrees = stock + units held by
  // orders not ANNULEE (the conservation invariant). Set by the store.
  int64_t stock_entrees = 0;
  // Incremented by every change; a conditional write names the version it read.
  int64_t version = 1;
  Timestamp created_at;
  Timestamp updated_at;
  friend bool operator==(const Parfum&, const Parfum&) = default;
};

// What a caller supplies to create a perfume (the server assigns id, version,
// timestamps, and the image when none is given).
struct ParfumDraft {
  std::string nom;
  std::string description;
  std::string marque;
  Famille famille = Famille::kFloral;
  Notes notes;
  int32_t contenance_ml = 0;
  Genre genre = Genre::kMixte;
  int64_t prix_cents = 0;
  std::string image;  // empty: the generated bottle picture
  int32_t stock = 0;
};

// A partial update: only the fields that are set change. Stock is not here on
// purpose: it moves only by AdjustStock deltas (or order reservations), so a
// stale full-object write can never overwrite a concurrent sale.
struct ParfumPatch {
  std::optional<std::string> nom;
  std::optional<std::string> description;
  std::optional<std::string> marque;
  std::optional<Famille> famille;
  std::optional<Notes> notes;
  std::optional<int32_t> contenance_ml;
  std::optional<Genre> genre;
  std::optional<int64_t> prix_cents;
  std::optional<std::string> image;
  bool empty() const {
    return !nom && !description && !marque && !famille && !notes && !contenance_ml && !genre &&
           !prix_cents && !image;
  }
};

enum class SortKey { kNom, kPrix, kCreatedAt, kStock };
std::string_view SortKeyName(SortKey k);  // "nom", "prix", "createdAt", "stock"
std::optional<SortKey> ParseSortKey(std::string_view name);

inline constexpr int32_t kDefaultPageSize = 20;
inline constexpr int32_t kMaxPageSize = 100;

struct ListQuery {
  // Accent- and case-insensitive search over nom, marque, description and notes:
  // "boisé" finds "Boise" and "BOISÉ".
  std::string recherche;
  std::vector<std::string> marques;  // any of (exact, accent/case-insensitive)
  std::optional<Famille> famille;
  std::optional<Genre> genre;
  std::optional<int64_t> prix_min_cents;
  std::optional<int64_t> prix_max_cents;
  bool en_stock = false;  // only perfumes with stock > 0
  SortKey sort = SortKey::kNom;
  bool descending = false;
  int32_t limit = kDefaultPageSize;  // 1..kMaxPageSize
  // Opaque cursor from a previous page's `next_cursor`; bound to the same
  // query (a cursor used with other filters or sort is rejected).
  std::string cursor;
};

struct ParfumPage {
  std::vector<Parfum> items;
  std::string next_cursor;  // empty on the last page
  int64_t total = 0;        // number of perfumes matching the filters
};

}  // namespace parfumerie::catalog

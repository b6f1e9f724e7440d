#include "catalog/grpc/proto_mapping.h"

#include <google/protobuf/util/time_util.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"

namespace parfumerie::catalog {
namespace {

// Proto enums are offset by one from ours: 0 is UNSPECIFIED.
constexpr int kFamilleCount = static_cast<int>(Famille::kAquatique) + 1;
constexpr int kGenreCount = static_cast<int>(Genre::kMixte) + 1;

v1::Famille ToProto(Famille f) { return static_cast<v1::Famille>(static_cast<int>(f) + 1); }
v1::Genre ToProto(Genre g) { return static_cast<v1::Genre>(static_cast<int>(g) + 1); }

absl::StatusOr<Famille> FamilleFromProto(int value, const char* field) {
  if (value < 1 || value > kFamilleCount) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown famille ", value));
  }
  return static_cast<Famille>(value - 1);
}

absl::StatusOr<Genre> GenreFromProto(int value, const char* field) {
  if (value < 1 || value > kGenreCount) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": unknown genre ", value));
  }
  return static_cast<Genre>(value - 1);
}

void ToProto(Timestamp t, google::protobuf::Timestamp* out) {
  *out = google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
      std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
}

Notes NotesFromProto(const v1::Notes& in) {
  return Notes{{in.tete().begin(), in.tete().end()},
               {in.coeur().begin(), in.coeur().end()},
               {in.fond().begin(), in.fond().end()}};
}

}  // namespace

void ToProto(const Parfum& in, v1::Parfum* out) {
  out->set_id(in.id);
  out->set_nom(in.nom);
  out->set_description(in.description);
  out->set_marque(in.marque);
  out->set_famille(ToProto(in.famille));
  auto* notes = out->mutable_notes();
  for (const auto& n : in.notes.tete) notes->add_tete(n);
  for (const auto& n : in.notes.coeur) notes->add_coeur(n);
  for (const auto& n : in.notes.fond) notes->add_fond(n);
  out->set_contenance_ml(in.contenance_ml);
  out->set_genre(ToProto(in.genre));
  out->set_prix_cents(in.prix_cents);
  out->set_image(in.image);
  out->set_stock(in.stock);
  out->set_stock_entrees(in.stock_entrees);
  out->set_version(in.version);
  ToProto(in.created_at, out->mutable_created_at());
  ToProto(in.updated_at, out->mutable_updated_at());
}

absl::StatusOr<ParfumDraft> FromProto(const v1::CreateParfumRequest& in) {
  ParfumDraft d;
  d.nom = in.nom();
  d.description = in.description();
  d.marque = in.marque();
  auto famille = FamilleFromProto(in.famille(), "famille");
  if (!famille.ok()) return famille.status();
  d.famille = *famille;
  auto genre = GenreFromProto(in.genre(), "genre");
  if (!genre.ok()) return genre.status();
  d.genre = *genre;
  d.notes = NotesFromProto(in.notes());
  d.contenance_ml = in.contenance_ml();
  d.prix_cents = in.prix_cents();
  d.image = in.image();
  d.stock = in.stock();
  return d;
}

absl::StatusOr<ParfumPatch> FromProto(const v1::UpdateParfumRequest& in) {
  ParfumPatch p;
  if (in.has_nom()) p.nom = in.nom();
  if (in.has_description()) p.description = in.description();
  if (in.has_marque()) p.marque = in.marque();
  if (in.has_famille()) {
    auto famille = FamilleFromProto(in.famille(), "famille");
    if (!famille.ok()) return famille.status();
    p.famille = *famille;
  }
  if (in.has_genre()) {
    auto genre = GenreFromProto(in.genre(), "genre");
    if (!genre.ok()) return genre.status();
    p.genre = *genre;
  }
  if (in.has_notes()) p.notes = NotesFromProto(in.notes());
  if (in.has_contenance_ml()) p.contenance_ml = in.contenance_ml();
  if (in.has_prix_cents()) p.prix_cents = in.prix_cents();
  if (in.has_image()) p.image = in.image();
  return p;
}

absl::StatusOr<ListQuery> FromProto(const v1::ListParfumsRequest& in) {
  ListQuery q;
  q.recherche = in.recherche();
  q.marques.assign(in.marques().begin(), in.marques().end());
  if (in.famille() != v1::FAMILLE_UNSPECIFIED) {
    auto famille = FamilleFromProto(in.famille(), "famille");
    if (!famille.ok()) return famille.status();
    q.famille = *famille;
  }
  if (in.genre() != v1::GENRE_UNSPECIFIED) {
    auto genre = GenreFromProto(in.genre(), "genre");
    if (!genre.ok()) return genre.status();
    q.genre = *genre;
  }
  if (in.has_prix_min_cents()) q.prix_min_cents = in.prix_min_cents();
  if (in.has_prix_max_cents()) q.prix_max_cents = in.prix_max_cents();
  q.en_stock = in.en_stock();
  switch (in.tri()) {
    case v1::TRI_PARFUMS_UNSPECIFIED:
    case v1::TRI_PARFUMS_NOM: q.sort = SortKey::kNom; break;
    case v1::TRI_PARFUMS_PRIX: q.sort = SortKey::kPrix; break;
    case v1::TRI_PARFUMS_CREATED_AT: q.sort = SortKey::kCreatedAt; break;
    case v1::TRI_PARFUMS_STOCK: q.sort = SortKey::kStock; break;
    default: return absl::InvalidArgumentError(absl::StrCat("tri: unknown value ", in.tri()));
  }
  q.descending = in.descending();
  // 0 means "server default"; the service validates the upper bound.
  q.limit = in.page().page_size() == 0 ? kDefaultPageSize : in.page().page_size();
  q.cursor = in.page().page_token();
  return q;
}

}  // namespace parfumerie::catalog

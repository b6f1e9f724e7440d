#include "catalog/mongo/documents.h"

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/store_support.h"
#include "catalog/text.h"
#include "mongo/outbox.h"

namespace parfumerie::catalog::mongo_internal {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;

constexpr char kWhatParfum[] = "parfums";
constexpr char kWhatOrder[] = "commandes";

void AppendStrings(bson_t* parent, std::string_view key, const std::vector<std::string>& values) {
  bson_t array;
  bson_append_array_begin(parent, key.data(), static_cast<int>(key.size()), &array);
  for (size_t i = 0; i < values.size(); ++i) AppendString(&array, std::to_string(i), values[i]);
  bson_append_array_end(parent, &array);
}

absl::Status ReadStrings(const bson_t& doc, const char* key, std::string_view what, std::vector<std::string>& out) {
  bson_t array;
  if (absl::Status s = mongo::GetArray(doc, key, what, &array); !s.ok()) return s;
  bson_iter_t it;
  bson_iter_init(&it, &array);
  while (bson_iter_next(&it)) {
    if (!BSON_ITER_HOLDS_UTF8(&it)) return absl::DataLossError(absl::StrCat(std::string(what), ": ", key, " holds a non-string"));
    uint32_t len = 0;
    const char* s = bson_iter_utf8(&it, &len);
    out.emplace_back(s, len);
  }
  return absl::OkStatus();
}

// Calls `each` with every subdocument of the array `key`.
template <typename F>
absl::Status ForEachDocument(const bson_t& doc, const char* key, std::string_view what, F each) {
  bson_t array;
  if (absl::Status s = mongo::GetArray(doc, key, what, &array); !s.ok()) return s;
  bson_iter_t it;
  bson_iter_init(&it, &array);
  while (bson_iter_next(&it)) {
    if (!BSON_ITER_HOLDS_DOCUMENT(&it)) {
      return absl::DataLossError(absl::StrCat(std::string(what), ": ", key, " holds a non-document"));
    }
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    bson_iter_document(&it, &len, &data);
    bson_t item;
    bson_init_static(&item, data, len);
    if (absl::Status s = each(item); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status FirstError(std::initializer_list<absl::Status> statuses) {
  for (const absl::Status& s : statuses) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<OrderStatus> StatutOf(const bson_t& doc, std::string_view what) {
  absl::StatusOr<std::string> name = mongo::GetString(doc, "statut", what);
  if (!name.ok()) return name.status();
  std::optional<OrderStatus> s = ParseOrderStatus(*name);
  if (!s) return absl::DataLossError(absl::StrCat(std::string(what), ": unknown statut '", *name, "'"));
  return *s;
}

}  // namespace

int64_t WallClockMs() { return ToUnixMillis(std::chrono::system_clock::now()); }

Bson ById(std::string_view id) {
  Bson filter;
  AppendString(filter.get(), "_id", id);
  return filter;
}

void AppendBool(bson_t* doc, std::string_view key, bool value) {
  bson_append_bool(doc, key.data(), static_cast<int>(key.size()), value);
}

void AppendOp(bson_t* doc, std::string_view key, std::string_view op, std::string_view value) {
  bson_t child;
  bson_append_document_begin(doc, key.data(), static_cast<int>(key.size()), &child);
  AppendString(&child, op, value);
  bson_append_document_end(doc, &child);
}

void AppendOp(bson_t* doc, std::string_view key, std::string_view op, int64_t value) {
  bson_t child;
  bson_append_document_begin(doc, key.data(), static_cast<int>(key.size()), &child);
  AppendInt64(&child, op, value);
  bson_append_document_end(doc, &child);
}

absl::StatusOr<bool> GetBool(const bson_t& doc, const char* key, std::string_view what) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, key) || !BSON_ITER_HOLDS_BOOL(&it)) {
    return absl::DataLossError(absl::StrCat(std::string(what), ": field ", key, " is missing or not a bool"));
  }
  return bson_iter_bool(&it);
}

bool ArrayHolds(const bson_t& doc, const char* key, std::string_view value) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, key) || !BSON_ITER_HOLDS_ARRAY(&it)) return false;
  bson_iter_t child;
  bson_iter_recurse(&it, &child);
  while (bson_iter_next(&child)) {
    uint32_t len = 0;
    if (BSON_ITER_HOLDS_UTF8(&child)) {
      const char* s = bson_iter_utf8(&child, &len);
      if (std::string_view(s, len) == value) return true;
    }
  }
  return false;
}

void AppendEditableFields(bson_t* set, const Parfum& p) {
  AppendString(set, "nom", p.nom);
  AppendString(set, "nom_fold", FoldForSearch(p.nom));
  AppendString(set, "description", p.description);
  AppendString(set, "marque", p.marque);
  AppendString(set, "marque_fold", FoldForSearch(p.marque));
  AppendString(set, "famille", FamilleName(p.famille));
  bson_t notes;
  BSON_APPEND_DOCUMENT_BEGIN(set, "notes", &notes);
  AppendStrings(&notes, "tete", p.notes.tete);
  AppendStrings(&notes, "coeur", p.notes.coeur);
  AppendStrings(&notes, "fond", p.notes.fond);
  bson_append_document_end(set, &notes);
  AppendInt64(set, "contenance_ml", p.contenance_ml);
  AppendString(set, "genre", GenreName(p.genre));
  AppendInt64(set, "prix_cents", p.prix_cents);
  AppendString(set, "image", p.image);
  AppendString(set, "search_text", SearchText(p));
}

Bson ParfumDocument(const Parfum& p) {
  Bson doc;
  AppendString(doc.get(), "_id", p.id);
  AppendEditableFields(doc.get(), p);
  AppendInt64(doc.get(), "stock", p.stock);
  AppendInt64(doc.get(), "stock_entrees", p.stock_entrees);
  AppendInt64(doc.get(), "version", p.version);
  AppendInt64(doc.get(), "created_at_ms", ToUnixMillis(p.created_at));
  AppendInt64(doc.get(), "updated_at_ms", ToUnixMillis(p.updated_at));
  AppendBool(doc.get(), "archive", false);
  AppendInt64(doc.get(), "archived_at_ms", 0);
  AppendStrings(doc.get(), kReservations, {});
  AppendStrings(doc.get(), kLiberations, {});
  return doc;
}

absl::StatusOr<Parfum> ReadParfum(const bson_t& doc) {
  Parfum p;
  absl::StatusOr<std::string> id = mongo::GetString(doc, "_id", kWhatParfum);
  absl::StatusOr<std::string> nom = mongo::GetString(doc, "nom", kWhatParfum);
  absl::StatusOr<std::string> description = mongo::GetString(doc, "description", kWhatParfum);
  absl::StatusOr<std::string> marque = mongo::GetString(doc, "marque", kWhatParfum);
  absl::StatusOr<std::string> famille = mongo::GetString(doc, "famille", kWhatParfum);
  absl::StatusOr<std::string> genre = mongo::GetString(doc, "genre", kWhatParfum);
  absl::StatusOr<std::string> image = mongo::GetString(doc, "image", kWhatParfum);
  absl::StatusOr<int64_t> contenance = mongo::GetInt64(doc, "contenance_ml", kWhatParfum);
  absl::StatusOr<int64_t> prix = mongo::GetInt64(doc, "prix_cents", kWhatParfum);
  absl::StatusOr<int64_t> stock = mongo::GetInt64(doc, "stock", kWhatParfum);
  absl::StatusOr<int64_t> entrees = mongo::GetInt64(doc, "stock_entrees", kWhatParfum);
  absl::StatusOr<int64_t> version = mongo::GetInt64(doc, "version", kWhatParfum);
  absl::StatusOr<int64_t> created = mongo::GetInt64(doc, "created_at_ms", kWhatParfum);
  absl::StatusOr<int64_t> updated = mongo::GetInt64(doc, "updated_at_ms", kWhatParfum);
  bson_t notes;
  const absl::Status notes_found = mongo::GetDocument(doc, "notes", kWhatParfum, &notes);
  if (absl::Status s = FirstError({id.status(), nom.status(), description.status(), marque.status(),
                                   famille.status(), genre.status(), image.status(), contenance.status(),
                                   prix.status(), stock.status(), entrees.status(), version.status(),
                                   created.status(), updated.status(), notes_found});
      !s.ok()) {
    return s;
  }
  if (absl::Status s = FirstError({ReadStrings(notes, "tete", "parfums notes", p.notes.tete),
                                   ReadStrings(notes, "coeur", "parfums notes", p.notes.coeur),
                                   ReadStrings(notes, "fond", "parfums notes", p.notes.fond)});
      !s.ok()) {
    return s;
  }
  std::optional<Famille> f = ParseFamille(*famille);
  std::optional<Genre> g = ParseGenre(*genre);
  if (!f || !g) return absl::DataLossError(absl::StrCat("parfums: unknown famille or genre in ", *id));
  p.id = *std::move(id);
  p.nom = *std::move(nom);
  p.description = *std::move(description);
  p.marque = *std::move(marque);
  p.famille = *f;
  p.genre = *g;
  p.image = *std::move(image);
  p.contenance_ml = static_cast<int32_t>(*contenance);
  p.prix_cents = *prix;
  p.stock = static_cast<int32_t>(*stock);
  p.stock_entrees = *entrees;
  p.version = *version;
  p.created_at = FromUnixMillis(*created);
  p.updated_at = FromUnixMillis(*updated);
  return p;
}

Bson ParfumProjection() {
  return Bson(BCON_NEW("projection", "{", kReservations, BCON_INT32(0), kLiberations, BCON_INT32(0), "}"));
}

std::string OrderCle(std::string_view idempotency_key, std::string_view order_id) {
  return idempotency_key.empty() ? absl::StrCat("id:", std::string(order_id)) : absl::StrCat("k:", std::string(idempotency_key));
}

void AppendHistoryEntry(bson_t* parent, std::string_view key, const StatusChange& h) {
  bson_t entry;
  bson_append_document_begin(parent, key.data(), static_cast<int>(key.size()), &entry);
  AppendString(&entry, "statut", OrderStatusName(h.statut));
  AppendInt64(&entry, "at_ms", ToUnixMillis(h.at));
  AppendString(&entry, "raison", h.raison);
  bson_append_document_end(parent, &entry);
}

Bson OrderDocument(const Commande& c, std::string_view fingerprint, int64_t now_ms) {
  Bson doc;
  bson_t* d = doc.get();
  AppendString(d, "_id", c.id);
  AppendString(d, "client_id", c.client_id);
  AppendString(d, "statut", OrderStatusName(c.statut));
  AppendInt64(d, "placed_at_ms", ToUnixMillis(c.date_commande));
  AppendInt64(d, "payment_deadline_ms", ToUnixMillis(c.date_limite_paiement));
  AppendInt64(d, "total_cents", c.total_cents);
  const Adresse& a = c.adresse_livraison;
  bson_t adresse;
  BSON_APPEND_DOCUMENT_BEGIN(d, "adresse", &adresse);
  AppendString(&adresse, "nom_complet", a.nom_complet);
  AppendString(&adresse, "ligne1", a.ligne1);
  AppendString(&adresse, "ligne2", a.ligne2);
  AppendString(&adresse, "code_postal", a.code_postal);
  AppendString(&adresse, "ville", a.ville);
  AppendString(&adresse, "pays", a.pays);
  AppendString(&adresse, "telephone", a.telephone);
  bson_append_document_end(d, &adresse);
  bson_t lignes;
  BSON_APPEND_ARRAY_BEGIN(d, "lignes", &lignes);
  for (size_t i = 0; i < c.lignes.size(); ++i) {
    const OrderLine& l = c.lignes[i];
    bson_t line;
    const std::string key = std::to_string(i);
    bson_append_document_begin(&lignes, key.c_str(), static_cast<int>(key.size()), &line);
    AppendString(&line, "parfum_id", l.parfum_id);
    AppendString(&line, "nom", l.nom);
    AppendInt64(&line, "quantite", l.quantite);
    AppendInt64(&line, "prix_unitaire_cents", l.prix_unitaire_cents);
    bson_append_document_end(&lignes, &line);
  }
  bson_append_array_end(d, &lignes);
  bson_t historique;
  BSON_APPEND_ARRAY_BEGIN(d, "historique", &historique);
  for (size_t i = 0; i < c.historique.size(); ++i) AppendHistoryEntry(&historique, std::to_string(i), c.historique[i]);
  bson_append_array_end(d, &historique);
  AppendString(d, "paiement_id", c.paiement_id);
  AppendString(d, "livraison_id", c.livraison_id);
  AppendString(d, "raison_annulation", c.raison_annulation);
  AppendBool(d, "remboursement_demande", c.remboursement_demande);
  AppendBool(d, "rembourse", c.rembourse);
  AppendString(d, "incident_livraison", c.incident_livraison);
  AppendString(d, "idempotency_key", c.idempotency_key);
  AppendString(d, "fingerprint", fingerprint);
  AppendString(d, "cle", OrderCle(c.idempotency_key, c.id));
  AppendInt64(d, "version", c.version);
  AppendInt64(d, "updated_at_ms", now_ms);
  AppendBool(d, "placee", false);
  AppendString(d, "etape", kEtapeReservation);
  AppendInt64(d, "etape_ms", WallClockMs());
  AppendStrings(d, mongo::kOutboxField, {});
  AppendStrings(d, mongo::kAppliedField, {});
  return doc;
}

absl::StatusOr<Commande> ReadOrder(const bson_t& doc) {
  Commande c;
  absl::StatusOr<std::string> id = mongo::GetString(doc, "_id", kWhatOrder);
  absl::StatusOr<std::string> client = mongo::GetString(doc, "client_id", kWhatOrder);
  absl::StatusOr<OrderStatus> statut = StatutOf(doc, kWhatOrder);
  absl::StatusOr<int64_t> placed = mongo::GetInt64(doc, "placed_at_ms", kWhatOrder);
  absl::StatusOr<int64_t> deadline = mongo::GetInt64(doc, "payment_deadline_ms", kWhatOrder);
  absl::StatusOr<int64_t> total = mongo::GetInt64(doc, "total_cents", kWhatOrder);
  absl::StatusOr<std::string> paiement = mongo::GetString(doc, "paiement_id", kWhatOrder);
  absl::StatusOr<std::string> livraison = mongo::GetString(doc, "livraison_id", kWhatOrder);
  absl::StatusOr<std::string> raison = mongo::GetString(doc, "raison_annulation", kWhatOrder);
  absl::StatusOr<bool> demande = GetBool(doc, "remboursement_demande", kWhatOrder);
  absl::StatusOr<bool> rembourse = GetBool(doc, "rembourse", kWhatOrder);
  absl::StatusOr<std::string> incident = mongo::GetString(doc, "incident_livraison", kWhatOrder);
  absl::StatusOr<std::string> key = mongo::GetString(doc, "idempotency_key", kWhatOrder);
  absl::StatusOr<int64_t> version = mongo::GetInt64(doc, "version", kWhatOrder);
  bson_t adresse;
  const absl::Status adresse_found = mongo::GetDocument(doc, "adresse", kWhatOrder, &adresse);
  if (absl::Status s = FirstError({id.status(), client.status(), statut.status(), placed.status(),
                                   deadline.status(), total.status(), paiement.status(), livraison.status(),
                                   raison.status(), demande.status(), rembourse.status(), incident.status(),
                                   key.status(), version.status(), adresse_found});
      !s.ok()) {
    return s;
  }
  c.id = *std::move(id);
  c.client_id = *std::move(client);
  c.statut = *statut;
  c.date_commande = FromUnixMillis(*placed);
  c.date_limite_paiement = FromUnixMillis(*deadline);
  c.total_cents = *total;
  c.paiement_id = *std::move(paiement);
  c.livraison_id = *std::move(livraison);
  c.raison_annulation = *std::move(raison);
  c.remboursement_demande = *demande;
  c.rembourse = *rembourse;
  c.incident_livraison = *std::move(incident);
  c.idempotency_key = *std::move(key);
  c.version = *version;
  std::string* fields[] = {&c.adresse_livraison.nom_complet, &c.adresse_livraison.ligne1,
                           &c.adresse_livraison.ligne2,      &c.adresse_livraison.code_postal,
                           &c.adresse_livraison.ville,       &c.adresse_livraison.pays,
                           &c.adresse_livraison.telephone};
  const char* names[] = {"nom_complet", "ligne1", "ligne2", "code_postal", "ville", "pays", "telephone"};
  for (size_t i = 0; i < std::size(fields); ++i) {
    absl::StatusOr<std::string> v = mongo::GetString(adresse, names[i], "commandes adresse");
    if (!v.ok()) return v.status();
    *fields[i] = *std::move(v);
  }
  absl::Status s = ForEachDocument(doc, "lignes", kWhatOrder, [&](const bson_t& line) -> absl::Status {
    absl::StatusOr<std::string> parfum = mongo::GetString(line, "parfum_id", "commandes lignes");
    absl::StatusOr<std::string> nom = mongo::GetString(line, "nom", "commandes lignes");
    absl::StatusOr<int64_t> quantite = mongo::GetInt64(line, "quantite", "commandes lignes");
    absl::StatusOr<int64_t> prix = mongo::GetInt64(line, "prix_unitaire_cents", "commandes lignes");
    if (absl::Status e = FirstError({parfum.status(), nom.status(), quantite.status(), prix.status()}); !e.ok()) {
      return e;
    }
    c.lignes.push_back(OrderLine{*std::move(parfum), *std::move(nom), static_cast<int32_t>(*quantite), *prix});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  s = ForEachDocument(doc, "historique", kWhatOrder, [&](const bson_t& h) -> absl::Status {
    absl::StatusOr<OrderStatus> st = StatutOf(h, "commandes historique");
    absl::StatusOr<int64_t> at = mongo::GetInt64(h, "at_ms", "commandes historique");
    absl::StatusOr<std::string> why = mongo::GetString(h, "raison", "commandes historique");
    if (absl::Status e = FirstError({st.status(), at.status(), why.status()}); !e.ok()) return e;
    c.historique.push_back(StatusChange{*st, FromUnixMillis(*at), *std::move(why)});
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return c;
}

Bson OrderProjection() {
  return Bson(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                       "}"));
}

}  // namespace parfumerie::catalog::mongo_internal

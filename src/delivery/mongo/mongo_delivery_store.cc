#include "delivery/mongo/mongo_delivery_store.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mongo/database.h"
#include "mongo/outbox.h"

namespace parfumerie::delivery {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;
using mongo::DocRef;

constexpr char kLivraisons[] = "livraisons";
// Orders cancelled while they had no delivery (RecordCancellation), by _id.
constexpr char kAnnulations[] = "livraisons_annulations";
constexpr char kWhat[] = "livraisons";

int64_t ToMs(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
Timestamp FromMs(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }
int64_t NowMs() { return ToMs(std::chrono::system_clock::now()); }

Bson ById(std::string_view id) {
  Bson filter;
  AppendString(filter.get(), "_id", id);
  return filter;
}

// ---- documents ------------------------------------------------------------

void AppendStep(bson_t* parent, std::string_view key, const EvenementSuivi& e) {
  bson_t step;
  bson_append_document_begin(parent, key.data(), static_cast<int>(key.size()), &step);
  AppendString(&step, "statut", StatutName(e.statut));
  AppendInt64(&step, "at_ms", ToMs(e.at));
  AppendString(&step, "lieu", e.lieu);
  AppendString(&step, "commentaire", e.commentaire);
  bson_append_document_end(parent, &step);
}

// The new delivery's document, its event queued and `inbox_key` recorded.
Bson NewDocument(const Livraison& l, int64_t seq, const bus::Message& event,
                 const std::optional<std::string>& inbox_key, int64_t now_ms) {
  Bson doc;
  AppendString(doc.get(), "_id", l.id);
  AppendString(doc.get(), "commande_id", l.commande_id);
  AppendString(doc.get(), "statut", StatutName(l.statut));
  AppendString(doc.get(), "transporteur", l.transporteur);
  AppendString(doc.get(), "numero_suivi", l.numero_suivi);
  bson_t a;
  BSON_APPEND_DOCUMENT_BEGIN(doc.get(), "adresse", &a);
  AppendString(&a, "nom_complet", l.adresse.nom_complet);
  AppendString(&a, "ligne1", l.adresse.ligne1);
  AppendString(&a, "ligne2", l.adresse.ligne2);
  AppendString(&a, "code_postal", l.adresse.code_postal);
  AppendString(&a, "ville", l.adresse.ville);
  AppendString(&a, "pays", l.adresse.pays);
  AppendString(&a, "telephone", l.adresse.telephone);
  bson_append_document_end(doc.get(), &a);
  bson_t suivi;
  BSON_APPEND_ARRAY_BEGIN(doc.get(), "suivi", &suivi);
  for (size_t i = 0; i < l.suivi.size(); ++i) AppendStep(&suivi, std::to_string(i), l.suivi[i]);
  bson_append_array_end(doc.get(), &suivi);
  AppendInt64(doc.get(), "cree_le_ms", ToMs(l.cree_le));
  AppendInt64(doc.get(), "maj_le_ms", ToMs(l.maj_le));
  AppendInt64(doc.get(), "version", l.version);
  bson_t applied;
  BSON_APPEND_ARRAY_BEGIN(doc.get(), mongo::kAppliedField, &applied);
  if (inbox_key) AppendString(&applied, "0", *inbox_key);
  bson_append_array_end(doc.get(), &applied);
  bson_t outbox;
  BSON_APPEND_ARRAY_BEGIN(doc.get(), mongo::kOutboxField, &outbox);
  mongo::AppendOutboxEntry(&outbox, "0", seq, event, now_ms);
  bson_append_array_end(doc.get(), &outbox);
  return doc;
}

absl::StatusOr<Statut> StatutOf(const bson_t& doc, std::string_view what) {
  absl::StatusOr<std::string> name = mongo::GetString(doc, "statut", what);
  if (!name.ok()) return name.status();
  std::optional<Statut> s = ParseStatut(*name);
  if (!s) return absl::DataLossError(absl::StrCat(std::string(what), ": unknown statut '", *name, "'"));
  return *s;
}

absl::Status ReadSuivi(const bson_t& doc, std::vector<EvenementSuivi>& out) {
  bson_t suivi;
  if (absl::Status s = mongo::GetArray(doc, "suivi", kWhat, &suivi); !s.ok()) return s;
  bson_iter_t it;
  bson_iter_init(&it, &suivi);
  while (bson_iter_next(&it)) {
    if (!BSON_ITER_HOLDS_DOCUMENT(&it)) return absl::DataLossError("livraisons: a suivi step is not a document");
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    bson_iter_document(&it, &len, &data);
    bson_t step;
    bson_init_static(&step, data, len);
    absl::StatusOr<Statut> statut = StatutOf(step, "livraisons suivi");
    absl::StatusOr<int64_t> at = mongo::GetInt64(step, "at_ms", "livraisons suivi");
    absl::StatusOr<std::string> lieu = mongo::GetString(step, "lieu", "livraisons suivi");
    absl::StatusOr<std::string> commentaire = mongo::GetString(step, "commentaire", "livraisons suivi");
    for (const absl::Status& s : {statut.status(), at.status(), lieu.status(), commentaire.status()}) {
      if (!s.ok()) return s;
    }
    out.push_back(EvenementSuivi{*statut, FromMs(*at), *std::move(lieu), *std::move(commentaire)});
  }
  return absl::OkStatus();
}

absl::StatusOr<Livraison> ReadLivraison(const bson_t& doc) {
  Livraison l;
  bson_t a;
  absl::StatusOr<std::string> id = mongo::GetString(doc, "_id", kWhat);
  absl::StatusOr<std::string> commande_id = mongo::GetString(doc, "commande_id", kWhat);
  absl::StatusOr<Statut> statut = StatutOf(doc, kWhat);
  absl::StatusOr<std::string> transporteur = mongo::GetString(doc, "transporteur", kWhat);
  absl::StatusOr<std::string> numero_suivi = mongo::GetString(doc, "numero_suivi", kWhat);
  absl::StatusOr<int64_t> cree = mongo::GetInt64(doc, "cree_le_ms", kWhat);
  absl::StatusOr<int64_t> maj = mongo::GetInt64(doc, "maj_le_ms", kWhat);
  absl::StatusOr<int64_t> version = mongo::GetInt64(doc, "version", kWhat);
  const absl::Status adresse = mongo::GetDocument(doc, "adresse", kWhat, &a);
  for (const absl::Status& s : {id.status(), commande_id.status(), statut.status(), transporteur.status(),
                                numero_suivi.status(), cree.status(), maj.status(), version.status(), adresse}) {
    if (!s.ok()) return s;
  }
  l.id = *std::move(id);
  l.commande_id = *std::move(commande_id);
  l.statut = *statut;
  l.transporteur = *std::move(transporteur);
  l.numero_suivi = *std::move(numero_suivi);
  l.cree_le = FromMs(*cree);
  l.maj_le = FromMs(*maj);
  l.version = *version;
  std::string* fields[] = {&l.adresse.nom_complet, &l.adresse.ligne1, &l.adresse.ligne2, &l.adresse.code_postal,
                           &l.adresse.ville,       &l.adresse.pays,   &l.adresse.telephone};
  const char* names[] = {"nom_complet", "ligne1", "ligne2", "code_postal", "ville", "pays", "telephone"};
  for (size_t i = 0; i < std::size(fields); ++i) {
    absl::StatusOr<std::string> v = mongo::GetString(a, names[i], "livraisons adresse");
    if (!v.ok()) return v.status();
    *fields[i] = *std::move(v);
  }
  if (absl::Status s = ReadSuivi(doc, l.suivi); !s.ok()) return s;
  return l;
}

// Reads never carry the outbox and inbox back: they are the store's business.
Bson WithoutBookkeeping() {
  return Bson(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                       "}"));
}

// ---- the store ------------------------------------------------------------

class MongoDeliveryStore final : public DeliveryStore {
 public:
  explicit MongoDeliveryStore(std::shared_ptr<mongo::Database> db) : db_(std::move(db)) {}

  absl::StatusOr<bool> Create(const Livraison& l, const bus::Message& event,
                              const std::optional<InboxMark>& inbox) override;
  absl::StatusOr<bool> Update(const Livraison& updated, int64_t expected_version, const bus::Message& event,
                              const std::optional<InboxMark>& inbox) override;
  absl::StatusOr<Livraison> Get(std::string_view id) override {
    return GetBy(*ById(id), absl::StrCat("id: no delivery ", std::string(id)));
  }
  absl::StatusOr<Livraison> GetForOrder(std::string_view commande_id) override {
    Bson filter;
    AppendString(filter.get(), "commande_id", commande_id);
    return GetBy(*filter, absl::StrCat("commande_id: no delivery for order ", std::string(commande_id)));
  }
  absl::StatusOr<StoredPage> List(const ListFilter& filter) override;
  absl::Status RecordCancellation(std::string_view commande_id, std::string_view raison) override {
    Bson doc;
    AppendString(doc.get(), "_id", commande_id);
    AppendString(doc.get(), "raison", raison);
    AppendInt64(doc.get(), "at_ms", NowMs());
    auto lock = db_->SerializeWrites();
    absl::Status s = db_->collection(kAnnulations).InsertOne(*doc);
    return absl::IsAlreadyExists(s) ? absl::OkStatus() : s;
  }

  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override {
    mongo::Collection livraisons = db_->collection(kLivraisons);
    return mongo::PendingOutbox(livraisons, limit);
  }
  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    auto lock = db_->SerializeWrites();
    mongo::Collection livraisons = db_->collection(kLivraisons);
    return mongo::MarkPublished(livraisons, seqs);
  }
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override {
    mongo::Collection livraisons = db_->collection(kLivraisons);
    return mongo::PendingOutboxStats(livraisons);
  }

 private:
  absl::StatusOr<Livraison> GetBy(const bson_t& filter, const std::string& not_found) {
    Bson opts = WithoutBookkeeping();
    absl::StatusOr<std::optional<Bson>> doc = db_->collection(kLivraisons).FindOne(filter, opts.get());
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) return absl::NotFoundError(not_found);
    return ReadLivraison(***doc);
  }

  // Whether the message behind `inbox_key` was applied (to any delivery).
  absl::StatusOr<bool> Applied(const std::optional<std::string>& inbox_key) {
    if (!inbox_key) return false;
    mongo::Collection livraisons = db_->collection(kLivraisons);
    return mongo::AppliedAnywhere(livraisons, *inbox_key);
  }

  std::shared_ptr<mongo::Database> db_;
};

std::optional<std::string> KeyOf(const std::optional<InboxMark>& inbox) {
  if (!inbox) return std::nullopt;
  return mongo::InboxKey(inbox->consumer, inbox->message_id);
}

absl::StatusOr<bool> MongoDeliveryStore::Create(const Livraison& l, const bus::Message& event,
                                                const std::optional<InboxMark>& inbox) {
  const std::optional<std::string> key = KeyOf(inbox);
  auto lock = db_->SerializeWrites();
  absl::StatusOr<bool> applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return false;
  // An order's events are handled one at a time (one partition, one member),
  // so nothing records its cancellation between this read and the insert.
  absl::StatusOr<std::optional<Bson>> cancelled = db_->collection(kAnnulations).FindOne(*ById(l.commande_id));
  if (!cancelled.ok()) return cancelled.status();
  if (cancelled->has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat("commande_id: order ", l.commande_id, " was cancelled before its delivery"));
  }
  absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(*db_);
  if (!seq.ok()) return seq.status();
  // One insert: the delivery, its event and the inbox mark, all or nothing.
  const Bson doc = NewDocument(l, *seq, event, key, NowMs());
  absl::Status s = db_->collection(kLivraisons).InsertOne(*doc);
  if (s.ok()) return true;
  if (!absl::IsAlreadyExists(s)) return s;
  // A racing redelivery of the same message won: not a conflict, a no-op.
  applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return false;
  absl::StatusOr<Livraison> existing = GetForOrder(l.commande_id);
  if (existing.ok()) {
    return absl::AlreadyExistsError(absl::StrCat("commande_id: order ", l.commande_id, " already has a delivery"));
  }
  return absl::AlreadyExistsError(absl::StrCat("id: delivery ", l.id, " already exists"));
}

absl::StatusOr<bool> MongoDeliveryStore::Update(const Livraison& u, int64_t expected_version,
                                                const bus::Message& event, const std::optional<InboxMark>& inbox) {
  // The port's precondition; a caller breaking it has a bug, not a conflict.
  if (u.version != expected_version + 1 || u.suivi.empty()) {
    return absl::InternalError("delivery store: Update needs version = expected_version + 1 and a new step");
  }
  const std::optional<std::string> key = KeyOf(inbox);
  auto lock = db_->SerializeWrites();
  absl::StatusOr<bool> applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return false;
  absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(*db_);
  if (!seq.ok()) return seq.status();

  // The guard: this version, and the message not applied to this document.
  Bson filter = ById(u.id);
  AppendInt64(filter.get(), "version", expected_version);
  if (key) {
    bson_t ne;
    BSON_APPEND_DOCUMENT_BEGIN(filter.get(), mongo::kAppliedField, &ne);
    AppendString(&ne, "$ne", *key);
    bson_append_document_end(filter.get(), &ne);
  }
  // The change: state, new step, event and inbox mark in one update.
  Bson update;
  bson_t set, push;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendString(&set, "statut", StatutName(u.statut));
  AppendInt64(&set, "maj_le_ms", ToMs(u.maj_le));
  AppendInt64(&set, "version", u.version);
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
  AppendStep(&push, "suivi", u.suivi.back());
  mongo::AppendOutboxEntry(&push, mongo::kOutboxField, *seq, event, NowMs());
  if (key) AppendString(&push, mongo::kAppliedField, *key);
  bson_append_document_end(update.get(), &push);

  absl::StatusOr<mongo::UpdateResult> r = db_->collection(kLivraisons).UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  if (r->matched > 0) return true;
  // Nothing matched: a redelivery that raced us, an unknown id, or a stale version.
  applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return false;
  absl::StatusOr<Livraison> current = Get(u.id);
  if (!current.ok()) return current.status();
  return absl::AbortedError(absl::StrCat("version: expected ", expected_version, " but the delivery is at version ",
                                         current->version, "; read it again and retry"));
}

absl::StatusOr<StoredPage> MongoDeliveryStore::List(const ListFilter& f) {
  Bson base;
  if (f.statut) AppendString(base.get(), "statut", StatutName(*f.statut));
  Bson page_filter = Bson::Copy(*base);
  if (f.after) {
    // Strictly after (cree_le, id) in newest-first order.
    const int64_t ms = ToMs(f.after->cree_le);
    bson_t ors, older, same, lt_ms, lt_id;
    BSON_APPEND_ARRAY_BEGIN(page_filter.get(), "$or", &ors);
    BSON_APPEND_DOCUMENT_BEGIN(&ors, "0", &older);
    BSON_APPEND_DOCUMENT_BEGIN(&older, "cree_le_ms", &lt_ms);
    AppendInt64(&lt_ms, "$lt", ms);
    bson_append_document_end(&older, &lt_ms);
    bson_append_document_end(&ors, &older);
    BSON_APPEND_DOCUMENT_BEGIN(&ors, "1", &same);
    AppendInt64(&same, "cree_le_ms", ms);
    BSON_APPEND_DOCUMENT_BEGIN(&same, "_id", &lt_id);
    AppendString(&lt_id, "$lt", f.after->id);
    bson_append_document_end(&same, &lt_id);
    bson_append_document_end(&ors, &same);
    bson_append_array_end(page_filter.get(), &ors);
  }
  // One more than asked tells whether a next page exists.
  Bson opts(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                     "}", "sort", "{", "cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                     BCON_INT64(int64_t{f.limit} + 1)));
  StoredPage page;
  mongo::Collection livraisons = db_->collection(kLivraisons);
  absl::Status s = livraisons.Find(*page_filter, opts.get(), [&](DocRef ref) -> absl::Status {
    if (static_cast<int>(page.items.size()) == f.limit) {
      page.more = true;
      return absl::OkStatus();
    }
    absl::StatusOr<Livraison> l = ReadLivraison(ref.doc);
    if (!l.ok()) return l.status();
    page.items.push_back(*std::move(l));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  // Not the page's snapshot (no multi-statement reads here): a write between
  // the two may make the total differ by the deliveries it added.
  absl::StatusOr<int64_t> total = livraisons.Count(*base);
  if (!total.ok()) return total.status();
  page.total = *total;
  return page;
}

}  // namespace

absl::StatusOr<std::unique_ptr<DeliveryStore>> OpenMongoDeliveryStore(const std::string& uri,
                                                                      const std::string& database) {
  absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri, database);
  if (!db.ok()) return db.status();
  std::vector<mongo::IndexSpec> indexes = mongo::OutboxIndexes();
  // At most one delivery per order, even when two writers race.
  indexes.push_back(mongo::IndexSpec{"commande_id_unique", Bson(BCON_NEW("commande_id", BCON_INT32(1))), true});
  indexes.push_back(
      mongo::IndexSpec{"newest_first", Bson(BCON_NEW("cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1))), false});
  indexes.push_back(mongo::IndexSpec{
      "by_statut", Bson(BCON_NEW("statut", BCON_INT32(1), "cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1))),
      false});
  if (absl::Status s = (*db)->CreateIndexes(kLivraisons, indexes); !s.ok()) return s;
  return std::make_unique<MongoDeliveryStore>(*std::move(db));
}

}  // namespace parfumerie::delivery

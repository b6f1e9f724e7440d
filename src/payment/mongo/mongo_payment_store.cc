#include "payment/mongo/mongo_payment_store.h"

#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mongo/database.h"
#include "mongo/outbox.h"
#include "payment/list_cursor.h"

namespace parfumerie::payment {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;
using mongo::DocRef;

constexpr char kPaiements[] = "paiements";
constexpr char kAnnulations[] = "annulations";
constexpr char kCartes[] = "cartes";

Bson ById(std::string_view id) {
  Bson filter;
  AppendString(filter.get(), "_id", id);
  return filter;
}

Bson ByOrder(std::string_view order_id) {
  Bson filter;
  AppendString(filter.get(), "commande_id", order_id);
  return filter;
}

// {field: {$ne: value}}: the guard that a message was not applied here.
void AppendNotApplied(bson_t* filter, const std::string& key) {
  bson_t ne;
  BSON_APPEND_DOCUMENT_BEGIN(filter, mongo::kAppliedField, &ne);
  AppendString(&ne, "$ne", key);
  bson_append_document_end(filter, &ne);
}

// Reads never carry the outbox and inbox back: they are the store's business.
Bson WithoutBookkeeping() {
  return Bson(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                       "}"));
}

// ---- documents ------------------------------------------------------------

Bson PaymentDocument(const Payment& p, int64_t seq, const bus::Message& event, const std::string& inbox_key,
                     int64_t now_ms) {
  Bson doc;
  AppendString(doc.get(), "_id", p.id);
  AppendString(doc.get(), "commande_id", p.order_id);
  AppendInt64(doc.get(), "montant_cents", p.amount_cents);
  AppendString(doc.get(), "statut", PaymentStatusName(p.status));
  AppendString(doc.get(), "token", p.token);
  AppendString(doc.get(), "marque", p.card_brand);
  AppendString(doc.get(), "derniers_chiffres", p.card_last4);
  AppendString(doc.get(), "charge_id", p.charge_id);
  AppendString(doc.get(), "code_refus", p.decline_code);
  AppendString(doc.get(), "message_refus", p.decline_message);
  AppendInt64(doc.get(), "cree_le_ms", ToUnixMillis(p.created_at));
  if (p.refunded_at) AppendInt64(doc.get(), "rembourse_le_ms", ToUnixMillis(*p.refunded_at));
  bson_t applied, outbox;
  BSON_APPEND_ARRAY_BEGIN(doc.get(), mongo::kAppliedField, &applied);
  AppendString(&applied, "0", inbox_key);
  bson_append_array_end(doc.get(), &applied);
  BSON_APPEND_ARRAY_BEGIN(doc.get(), mongo::kOutboxField, &outbox);
  mongo::AppendOutboxEntry(&outbox, "0", seq, event, now_ms);
  bson_append_array_end(doc.get(), &outbox);
  return doc;
}

absl::StatusOr<Payment> ReadPayment(const bson_t& doc) {
  constexpr char kWhat[] = "paiements";
  Payment p;
  std::string* text[] = {&p.id,        &p.order_id,  &p.token,        &p.card_brand,
                         &p.card_last4, &p.charge_id, &p.decline_code, &p.decline_message};
  const char* text_fields[] = {"_id",       "commande_id", "token",      "marque",
                               "derniers_chiffres", "charge_id", "code_refus", "message_refus"};
  for (size_t i = 0; i < std::size(text); ++i) {
    absl::StatusOr<std::string> v = mongo::GetString(doc, text_fields[i], kWhat);
    if (!v.ok()) return v.status();
    *text[i] = *std::move(v);
  }
  absl::StatusOr<int64_t> amount = mongo::GetInt64(doc, "montant_cents", kWhat);
  absl::StatusOr<int64_t> created = mongo::GetInt64(doc, "cree_le_ms", kWhat);
  absl::StatusOr<std::string> statut = mongo::GetString(doc, "statut", kWhat);
  for (const absl::Status& s : {amount.status(), created.status(), statut.status()}) {
    if (!s.ok()) return s;
  }
  std::optional<PaymentStatus> status = ParsePaymentStatus(*statut);
  if (!status) return absl::DataLossError(absl::StrCat("paiements: unknown statut '", *statut, "' in ", p.id));
  p.amount_cents = *amount;
  p.status = *status;
  p.created_at = FromUnixMillis(*created);
  bson_iter_t it;
  if (bson_iter_init_find(&it, &doc, "rembourse_le_ms")) {
    absl::StatusOr<int64_t> refunded = mongo::GetInt64(doc, "rembourse_le_ms", kWhat);
    if (!refunded.ok()) return refunded.status();
    p.refunded_at = FromUnixMillis(*refunded);
  }
  return p;
}

absl::StatusOr<Cancellation> ReadCancellation(const bson_t& doc) {
  constexpr char kWhat[] = "annulations";
  absl::StatusOr<std::string> order = mongo::GetString(doc, "_id", kWhat);
  absl::StatusOr<std::string> reason = mongo::GetString(doc, "raison", kWhat);
  absl::StatusOr<int64_t> at = mongo::GetInt64(doc, "annulee_le_ms", kWhat);
  for (const absl::Status& s : {order.status(), reason.status(), at.status()}) {
    if (!s.ok()) return s;
  }
  return Cancellation{*std::move(order), *std::move(reason), FromUnixMillis(*at)};
}

absl::StatusOr<CardToken> ReadCardToken(const bson_t& doc) {
  constexpr char kWhat[] = "cartes";
  absl::StatusOr<std::string> token = mongo::GetString(doc, "_id", kWhat);
  absl::StatusOr<std::string> brand_name = mongo::GetString(doc, "marque", kWhat);
  absl::StatusOr<std::string> last4 = mongo::GetString(doc, "derniers_chiffres", kWhat);
  absl::StatusOr<int64_t> month = mongo::GetInt64(doc, "mois_expiration", kWhat);
  absl::StatusOr<int64_t> year = mongo::GetInt64(doc, "annee_expiration", kWhat);
  absl::StatusOr<int64_t> created = mongo::GetInt64(doc, "cree_le_ms", kWhat);
  for (const absl::Status& s :
       {token.status(), brand_name.status(), last4.status(), month.status(), year.status(), created.status()}) {
    if (!s.ok()) return s;
  }
  std::optional<CardBrand> brand = ParseCardBrand(*brand_name);
  if (!brand) return absl::DataLossError(absl::StrCat("cartes: unknown marque '", *brand_name, "'"));
  return CardToken{*std::move(token),
                   CardSummary{*brand, *std::move(last4), static_cast<int>(*month), static_cast<int>(*year)},
                   FromUnixMillis(*created)};
}

// The page filter: `base`, strictly after `after` in newest-first order.
void AppendAfter(bson_t* filter, const ListPosition& after) {
  bson_t ors, older, same, lt_ms, lt_id;
  BSON_APPEND_ARRAY_BEGIN(filter, "$or", &ors);
  BSON_APPEND_DOCUMENT_BEGIN(&ors, "0", &older);
  BSON_APPEND_DOCUMENT_BEGIN(&older, "cree_le_ms", &lt_ms);
  AppendInt64(&lt_ms, "$lt", after.created_ms);
  bson_append_document_end(&older, &lt_ms);
  bson_append_document_end(&ors, &older);
  BSON_APPEND_DOCUMENT_BEGIN(&ors, "1", &same);
  AppendInt64(&same, "cree_le_ms", after.created_ms);
  BSON_APPEND_DOCUMENT_BEGIN(&same, "_id", &lt_id);
  AppendString(&lt_id, "$lt", after.id);
  bson_append_document_end(&same, &lt_id);
  bson_append_document_end(&ors, &same);
  bson_append_array_end(filter, &ors);
}

// ---- the store ------------------------------------------------------------

class MongoPaymentStore final : public PaymentStore {
 public:
  explicit MongoPaymentStore(std::shared_ptr<mongo::Database> db) : db_(std::move(db)) {}

  absl::Status InsertCardToken(const CardToken& token) override;
  absl::StatusOr<CardToken> GetCardToken(std::string_view token) override;
  absl::StatusOr<Payment> Get(std::string_view id) override {
    return FindPayment(*ById(id), absl::StrCat("id: no payment ", std::string(id)));
  }
  absl::StatusOr<Payment> GetForOrder(std::string_view order_id) override {
    return FindPayment(*ByOrder(order_id),
                       absl::StrCat("commande_id: no payment for order ", std::string(order_id)));
  }
  absl::StatusOr<OrderPaymentState> GetOrderState(std::string_view order_id) override;
  absl::StatusOr<PaymentPage> List(const PaymentQuery& query) override;
  absl::StatusOr<WriteResult> RecordPayment(const Payment& payment, const bus::Message& event,
                                            const InboxRecord& inbox) override;
  absl::StatusOr<WriteResult> RecordRefund(std::string_view payment_id, Timestamp refunded_at,
                                           const bus::Message& event, const InboxRecord& inbox) override;
  absl::StatusOr<WriteResult> RecordCancellation(const Cancellation& cancellation,
                                                 const InboxRecord& inbox) override;
  absl::StatusOr<int64_t> OutboxBacklog() override {
    absl::StatusOr<std::vector<bus::OutboxEntry>> all = PendingOutbox(std::numeric_limits<size_t>::max());
    if (!all.ok()) return all.status();
    return static_cast<int64_t>(all->size());
  }
  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override {
    mongo::Collection paiements = db_->collection(kPaiements);
    return mongo::PendingOutbox(paiements, limit);
  }
  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    mongo::WriteLock lock = db_->SerializeWrites();
    if (!lock.ok()) return lock.status();
    mongo::Collection paiements = db_->collection(kPaiements);
    return mongo::MarkPublished(paiements, seqs);
  }
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override {
    mongo::Collection paiements = db_->collection(kPaiements);
    return mongo::PendingOutboxStats(paiements);
  }

 private:
  absl::StatusOr<std::optional<Payment>> FindPayment(const bson_t& filter) {
    Bson opts = WithoutBookkeeping();
    absl::StatusOr<std::optional<Bson>> doc = db_->collection(kPaiements).FindOne(filter, opts.get());
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) return std::optional<Payment>();
    absl::StatusOr<Payment> p = ReadPayment(***doc);
    if (!p.ok()) return p.status();
    return std::optional<Payment>(*std::move(p));
  }
  absl::StatusOr<Payment> FindPayment(const bson_t& filter, const std::string& not_found) {
    absl::StatusOr<std::optional<Payment>> p = FindPayment(filter);
    if (!p.ok()) return p.status();
    if (!p->has_value()) return absl::NotFoundError(not_found);
    return **std::move(p);
  }
  absl::StatusOr<std::optional<Cancellation>> FindCancellation(std::string_view order_id) {
    Bson opts = WithoutBookkeeping();
    absl::StatusOr<std::optional<Bson>> doc = db_->collection(kAnnulations).FindOne(*ById(order_id), opts.get());
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) return std::optional<Cancellation>();
    absl::StatusOr<Cancellation> c = ReadCancellation(***doc);
    if (!c.ok()) return c.status();
    return std::optional<Cancellation>(*std::move(c));
  }

  // Whether the message behind `key` was applied: its mark is in a payment
  // or in a cancellation. Under the write lock.
  absl::StatusOr<bool> Applied(const std::string& key) {
    for (const char* name : {kPaiements, kAnnulations}) {
      mongo::Collection collection = db_->collection(name);
      absl::StatusOr<bool> applied = mongo::AppliedAnywhere(collection, key);
      if (!applied.ok() || *applied) return applied;
    }
    return false;
  }

  std::shared_ptr<mongo::Database> db_;
};

absl::Status MongoPaymentStore::InsertCardToken(const CardToken& t) {
  Bson doc;
  AppendString(doc.get(), "_id", t.token);
  AppendString(doc.get(), "marque", CardBrandName(t.card.brand));
  AppendString(doc.get(), "derniers_chiffres", t.card.last4);
  AppendInt64(doc.get(), "mois_expiration", t.card.exp_month);
  AppendInt64(doc.get(), "annee_expiration", t.card.exp_year);
  AppendInt64(doc.get(), "cree_le_ms", ToUnixMillis(t.created_at));
  // A lone insert: atomic on every server, no lock needed.
  absl::Status s = db_->collection(kCartes).InsertOne(*doc);
  if (absl::IsAlreadyExists(s)) return absl::AlreadyExistsError("token: already stored");
  return s;
}

absl::StatusOr<CardToken> MongoPaymentStore::GetCardToken(std::string_view token) {
  absl::StatusOr<std::optional<Bson>> doc = db_->collection(kCartes).FindOne(*ById(token));
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return absl::NotFoundError("token: no such payment method");
  return ReadCardToken(***doc);
}

absl::StatusOr<OrderPaymentState> MongoPaymentStore::GetOrderState(std::string_view order_id) {
  // Two reads, not one snapshot: a write between them may show a
  // cancellation together with the payment recorded right after it, which
  // is a state the store can also reach (a refunded charge after a cancel).
  OrderPaymentState state;
  absl::StatusOr<std::optional<Payment>> p = FindPayment(*ByOrder(order_id));
  if (!p.ok()) return p.status();
  state.payment = *std::move(p);
  absl::StatusOr<std::optional<Cancellation>> c = FindCancellation(order_id);
  if (!c.ok()) return c.status();
  state.cancellation = *std::move(c);
  return state;
}

absl::StatusOr<PaymentPage> MongoPaymentStore::List(const PaymentQuery& query) {
  if (query.limit < 1 || query.limit > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("limit: must be 1 to ", kMaxPageSize));
  }
  Bson base;
  if (query.status) AppendString(base.get(), "statut", PaymentStatusName(*query.status));
  Bson page_filter = Bson::Copy(*base);
  if (!query.cursor.empty()) {
    absl::StatusOr<ListPosition> after = DecodeCursor(query);
    if (!after.ok()) return after.status();
    AppendAfter(page_filter.get(), *after);
  }
  // One more than asked tells whether a next page exists.
  Bson opts(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                     "}", "sort", "{", "cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                     BCON_INT64(int64_t{query.limit} + 1)));
  PaymentPage page;
  bool more = false;
  mongo::Collection paiements = db_->collection(kPaiements);
  absl::Status s = paiements.Find(*page_filter, opts.get(), [&](DocRef ref) -> absl::Status {
    if (static_cast<int32_t>(page.items.size()) == query.limit) {
      more = true;
      return absl::OkStatus();
    }
    absl::StatusOr<Payment> p = ReadPayment(ref.doc);
    if (!p.ok()) return p.status();
    page.items.push_back(*std::move(p));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  // Not the page's snapshot: a payment recorded between the two reads may be
  // counted although the page missed it.
  absl::StatusOr<int64_t> total = paiements.Count(*base);
  if (!total.ok()) return total.status();
  page.total = *total;
  if (more) {
    const Payment& last = page.items.back();
    page.next_cursor = EncodeCursor(query, ListPosition{ToUnixMillis(last.created_at), last.id});
  }
  return page;
}

absl::StatusOr<WriteResult> MongoPaymentStore::RecordPayment(const Payment& p, const bus::Message& event,
                                                             const InboxRecord& inbox) {
  const std::string key = mongo::InboxKey(inbox.consumer, inbox.message_id);
  mongo::WriteLock lock = db_->SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<bool> applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return WriteResult::kDuplicate;
  // Across documents, so atomic with the insert only under the write lock
  // (FerretDB) or because one order's messages are consumed one at a time
  // (MongoDB); docs/mongo.md.
  absl::StatusOr<std::optional<Cancellation>> cancelled = FindCancellation(p.order_id);
  if (!cancelled.ok()) return cancelled.status();
  if (cancelled->has_value() && p.status != PaymentStatus::kRefunded) {
    return absl::FailedPreconditionError(absl::StrCat("commande_id: order ", p.order_id, " was cancelled"));
  }
  absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(*db_);
  if (!seq.ok()) return seq.status();
  // One insert: the payment, its event and the inbox mark, all or nothing;
  // commande_id_unique refuses a second payment of the order.
  const Bson doc = PaymentDocument(p, *seq, event, key, ToUnixMillis(inbox.at));
  absl::Status s = db_->collection(kPaiements).InsertOne(*doc);
  if (s.ok()) return WriteResult::kApplied;
  if (!absl::IsAlreadyExists(s)) return s;
  applied = Applied(key);  // a redelivery that raced us (no lock on MongoDB)
  if (!applied.ok()) return applied.status();
  if (*applied) return WriteResult::kDuplicate;
  absl::StatusOr<std::optional<Payment>> existing = FindPayment(*ByOrder(p.order_id));
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("commande_id: order ", p.order_id, " already has a payment"));
  }
  return absl::AlreadyExistsError(absl::StrCat("id: payment ", p.id, " already exists"));
}

absl::StatusOr<WriteResult> MongoPaymentStore::RecordRefund(std::string_view payment_id, Timestamp refunded_at,
                                                            const bus::Message& event, const InboxRecord& inbox) {
  const std::string key = mongo::InboxKey(inbox.consumer, inbox.message_id);
  mongo::WriteLock lock = db_->SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<bool> applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return WriteResult::kDuplicate;
  absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(*db_);
  if (!seq.ok()) return seq.status();

  // The state machine in the guard: only ACCEPTE moves, once per message.
  Bson filter = ById(payment_id);
  AppendString(filter.get(), "statut", PaymentStatusName(PaymentStatus::kAccepted));
  AppendNotApplied(filter.get(), key);
  Bson update;
  bson_t set, push;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendString(&set, "statut", PaymentStatusName(PaymentStatus::kRefunded));
  AppendInt64(&set, "rembourse_le_ms", ToUnixMillis(refunded_at));
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
  mongo::AppendOutboxEntry(&push, mongo::kOutboxField, *seq, event, ToUnixMillis(inbox.at));
  AppendString(&push, mongo::kAppliedField, key);
  bson_append_document_end(update.get(), &push);

  absl::StatusOr<mongo::UpdateResult> r = db_->collection(kPaiements).UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  if (r->matched > 0) return WriteResult::kApplied;
  applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return WriteResult::kDuplicate;
  absl::StatusOr<Payment> current = Get(payment_id);
  if (!current.ok()) return current.status();
  return absl::FailedPreconditionError(absl::StrCat("statut: a ", std::string(PaymentStatusName(current->status)),
                                                    " payment cannot be refunded"));
}

absl::StatusOr<WriteResult> MongoPaymentStore::RecordCancellation(const Cancellation& c, const InboxRecord& inbox) {
  const std::string key = mongo::InboxKey(inbox.consumer, inbox.message_id);
  mongo::WriteLock lock = db_->SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<bool> applied = Applied(key);
  if (!applied.ok()) return applied.status();
  if (*applied) return WriteResult::kDuplicate;
  absl::StatusOr<std::optional<Payment>> paid = FindPayment(*ByOrder(c.order_id));
  if (!paid.ok()) return paid.status();
  if (paid->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("commande_id: order ", c.order_id, " has a payment"));
  }
  Bson doc = ById(c.order_id);
  AppendString(doc.get(), "raison", c.reason);
  AppendInt64(doc.get(), "annulee_le_ms", ToUnixMillis(c.at));
  bson_t marks;
  BSON_APPEND_ARRAY_BEGIN(doc.get(), mongo::kAppliedField, &marks);
  AppendString(&marks, "0", key);
  bson_append_array_end(doc.get(), &marks);
  mongo::Collection annulations = db_->collection(kAnnulations);
  absl::Status s = annulations.InsertOne(*doc);
  if (s.ok()) return WriteResult::kApplied;
  if (!absl::IsAlreadyExists(s)) return s;
  // Cancelled before: the first reason stays, this message's mark is added.
  Bson filter = ById(c.order_id);
  AppendNotApplied(filter.get(), key);
  Bson update;
  bson_t push;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
  AppendString(&push, mongo::kAppliedField, key);
  bson_append_document_end(update.get(), &push);
  absl::StatusOr<mongo::UpdateResult> r = annulations.UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  return r->matched > 0 ? WriteResult::kApplied : WriteResult::kDuplicate;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PaymentStore>> OpenMongoPaymentStore(const std::string& uri,
                                                                    const std::string& database) {
  absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri, database);
  if (!db.ok()) return db.status();
  std::vector<mongo::IndexSpec> indexes = mongo::OutboxIndexes();
  // One payment per order, whichever replica races to record it.
  indexes.push_back(mongo::IndexSpec{"commande_id_unique", Bson(BCON_NEW("commande_id", BCON_INT32(1))), true});
  indexes.push_back(
      mongo::IndexSpec{"newest_first", Bson(BCON_NEW("cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1))), false});
  indexes.push_back(mongo::IndexSpec{
      "by_statut", Bson(BCON_NEW("statut", BCON_INT32(1), "cree_le_ms", BCON_INT32(-1), "_id", BCON_INT32(-1))),
      false});
  if (absl::Status s = (*db)->CreateIndexes(kPaiements, indexes); !s.ok()) return s;
  if (absl::Status s = (*db)->CreateIndexes(kAnnulations, mongo::OutboxIndexes()); !s.ok()) return s;
  return std::make_unique<MongoPaymentStore>(*std::move(db));
}

}  // namespace parfumerie::payment

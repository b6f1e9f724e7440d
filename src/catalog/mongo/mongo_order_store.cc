// The order store on the catalogue's MongoDB database. One order is one
// document; placing and cancelling also change perfume documents, in the
// steps of stock_moves.h, all under db->SerializeWrites().
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/mongo/documents.h"
#include "catalog/mongo/store.h"
#include "catalog/mongo/stock_moves.h"
#include "catalog/orders/order_cursor.h"
#include "catalog/store_support.h"
#include "common/log.h"
#include "mongo/outbox.h"

namespace parfumerie::catalog::mongo_internal {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;
using mongo::DocRef;

// Racing inserts with one idempotency key: the loser looks again.
constexpr int kPlaceAttempts = 3;

class MongoOrderStore final : public OrderStore {
 public:
  explicit MongoOrderStore(std::shared_ptr<Shared> shared) : s_(std::move(shared)) {}

  absl::StatusOr<PlaceOrderResult> PlaceOrder(const NewOrder& order, const PlacedEvents& events) override;
  absl::StatusOr<Commande> GetOrder(std::string_view id) override;
  absl::StatusOr<OrderPage> ListOrders(const OrderQuery& query) override;
  absl::StatusOr<UpdateResult> UpdateOrder(std::string_view id, const std::optional<InboxMark>& inbox,
                                           Timestamp now, const Decide& decide) override;
  absl::StatusOr<std::vector<std::string>> OverdueOrderIds(Timestamp now, size_t limit) override;

 private:
  // The snapshot of every line (nom, prix) from the live perfumes, checking
  // stock before anything is written.
  // Also counts in `stock_outs` the lines that will take their perfume's
  // stock to 0 (exact under the write lock; approximate when another
  // process writes the same perfumes).
  absl::StatusOr<std::vector<OrderLine>> Snapshot(const std::vector<RequestedLine>& lines, int& stock_outs);
  // Steps 2-4 of a placement whose order document exists in "reservation".
  absl::StatusOr<Commande> Complete(const Commande& c, const PlacedEvents& events, int64_t now_ms);

  mongo::Database& db() { return *s_->db; }
  std::shared_ptr<Shared> s_;
};

absl::StatusOr<std::vector<OrderLine>> MongoOrderStore::Snapshot(const std::vector<RequestedLine>& lines,
                                                                 int& stock_outs) {
  std::vector<OrderLine> out;
  mongo::Collection parfums = db().collection(kParfums);
  Bson opts = ParfumProjection();
  for (size_t i = 0; i < lines.size(); ++i) {
    const RequestedLine& l = lines[i];
    Bson filter = ById(l.parfum_id);
    AppendBool(filter.get(), "archive", false);
    absl::StatusOr<std::optional<Bson>> doc = parfums.FindOne(*filter, opts.get());
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) {
      return absl::NotFoundError(absl::StrCat("lignes[", i, "].parfum_id: no perfume ", l.parfum_id, " on sale"));
    }
    absl::StatusOr<Parfum> p = ReadParfum(***doc);
    if (!p.ok()) return p.status();
    if (p->stock < l.quantite) {
      return absl::FailedPreconditionError(absl::StrCat("lignes[", i, "].quantite: only ", p->stock, " left of ",
                                                        p->nom, " (", l.parfum_id, "), ", l.quantite, " requested"));
    }
    if (p->stock == l.quantite) ++stock_outs;
    out.push_back(OrderLine{l.parfum_id, p->nom, l.quantite, p->prix_cents});
  }
  return out;
}

absl::StatusOr<Commande> MongoOrderStore::Complete(const Commande& c, const PlacedEvents& events, int64_t now_ms) {
  for (size_t i = 0; i < c.lignes.size(); ++i) {
    if (absl::Status st = ReserveLine(*s_, c.id, i, c.lignes[i], now_ms); !st.ok()) {
      // Only a write outside this lock (another process on MongoDB) makes a
      // checked line fail: undo what this placement reserved.
      if (absl::Status undo = AbandonPlacement(*s_, c, now_ms); !undo.ok()) {
        log::Get("catalog")->warn("order {}: rollback left to recovery: {}", c.id, undo.ToString());
      }
      return st;
    }
    if (absl::Status st = s_->Checkpoint(absl::StrCat("place:reserved:", i)); !st.ok()) return st;
  }
  absl::StatusOr<bool> committed = CommitPlacement(*s_, c, events(c), now_ms);
  if (!committed.ok()) return committed.status();
  if (!*committed) {
    // Recovery (of another process) abandoned it meanwhile: our late
    // reservations go back too.
    if (absl::Status undo = AbandonPlacement(*s_, c, now_ms); !undo.ok()) return undo;
    return absl::AbortedError(absl::StrCat("order ", c.id, " was rolled back while being placed; try again"));
  }
  if (absl::Status st = s_->Checkpoint("place:committed"); !st.ok()) return st;
  DropMarks(*s_, kReservations, c);
  return c;
}

absl::StatusOr<PlaceOrderResult> MongoOrderStore::PlaceOrder(const NewOrder& in, const PlacedEvents& events) {
  const int64_t now_ms = ToUnixMillis(in.placed_at);
  auto lock = db().SerializeWrites();
  if (!lock.ok()) return lock.status();
  for (int attempt = 0; attempt < kPlaceAttempts; ++attempt) {
    if (!in.idempotency_key.empty()) {
      Bson by_key;
      AppendString(by_key.get(), "cle", OrderCle(in.idempotency_key, ""));
      absl::StatusOr<std::optional<Bson>> doc = db().collection(kCommandes).FindOne(*by_key);
      if (!doc.ok()) return doc.status();
      if (doc->has_value()) {
        absl::StatusOr<std::string> fingerprint = mongo::GetString(***doc, "fingerprint", "commandes");
        absl::StatusOr<bool> placee = GetBool(***doc, "placee", "commandes");
        absl::StatusOr<Commande> existing = ReadOrder(***doc);
        if (!fingerprint.ok()) return fingerprint.status();
        if (!placee.ok()) return placee.status();
        if (!existing.ok()) return existing.status();
        if (*fingerprint != in.fingerprint) {
          return absl::InvalidArgumentError(
              "idempotency_key: already used for an order with other content; use a new key for a new order");
        }
        if (*placee) return PlaceOrderResult{*std::move(existing), true};
        // The first attempt stopped half-way: finish it (its reservations
        // are marked, so none is made twice).
        absl::StatusOr<Commande> done = Complete(*existing, events, now_ms);
        if (!done.ok()) return done.status();
        return PlaceOrderResult{*std::move(done), false};
      }
    }
    int stock_outs = 0;
    absl::StatusOr<std::vector<OrderLine>> lines = Snapshot(in.lignes, stock_outs);
    if (!lines.ok()) return lines.status();
    Commande c;
    c.id = in.id;
    c.client_id = in.client_id;
    c.statut = OrderStatus::kEnAttente;
    c.date_commande = in.placed_at;
    c.date_limite_paiement = in.payment_deadline;
    c.adresse_livraison = in.adresse_livraison;
    c.idempotency_key = in.idempotency_key;
    c.historique.push_back({OrderStatus::kEnAttente, in.placed_at, ""});
    c.lignes = *std::move(lines);
    for (const OrderLine& l : c.lignes) c.total_cents += l.TotalCents();
    if (c.total_cents > in.max_total_cents) {
      return absl::InvalidArgumentError(absl::StrCat("total: ", c.total_cents, " cents is above the maximum of ",
                                                     in.max_total_cents, " per order"));
    }
    absl::Status inserted = db().collection(kCommandes).InsertOne(*OrderDocument(c, in.fingerprint, now_ms));
    if (absl::IsAlreadyExists(inserted) && !in.idempotency_key.empty()) continue;  // a racing writer's key
    if (!inserted.ok()) return inserted;
    if (absl::Status st = s_->Checkpoint("place:inserted"); !st.ok()) return st;
    absl::StatusOr<Commande> done = Complete(c, events, now_ms);
    if (!done.ok()) return done.status();
    return PlaceOrderResult{*std::move(done), false, stock_outs};
  }
  return absl::AbortedError("idempotency_key: concurrent placements with this key; try again");
}

absl::StatusOr<Commande> MongoOrderStore::GetOrder(std::string_view id) {
  Bson filter = ById(id);
  AppendBool(filter.get(), "placee", true);
  Bson opts = OrderProjection();
  absl::StatusOr<std::optional<Bson>> doc = db().collection(kCommandes).FindOne(*filter, opts.get());
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return absl::NotFoundError(absl::StrCat("id: no order ", std::string(id)));
  return ReadOrder(***doc);
}

absl::StatusOr<OrderPage> MongoOrderStore::ListOrders(const OrderQuery& query) {
  std::optional<OrderCursor> after;
  if (!query.cursor.empty()) {
    absl::StatusOr<OrderCursor> c = DecodeOrderCursor(query);
    if (!c.ok()) return c.status();
    after = *std::move(c);
  }
  Bson base;
  AppendBool(base.get(), "placee", true);
  if (!query.client_id.empty()) AppendString(base.get(), "client_id", query.client_id);
  if (query.statut) AppendString(base.get(), "statut", OrderStatusName(*query.statut));
  Bson page_filter = Bson::Copy(*base);
  if (after) AppendStrictlyAfter(page_filter.get(), "placed_at_ms", after->placed_at_ms, after->id, -1);
  Bson opts(BCON_NEW("projection", "{", mongo::kOutboxField, BCON_INT32(0), mongo::kAppliedField, BCON_INT32(0),
                     "}", "sort", "{", "placed_at_ms", BCON_INT32(-1), "_id", BCON_INT32(-1), "}", "limit",
                     BCON_INT64(int64_t{query.limit} + 1)));
  OrderPage page;
  bool more = false;
  mongo::Collection commandes = db().collection(kCommandes);
  absl::Status st = commandes.Find(*page_filter, opts.get(), [&](DocRef ref) -> absl::Status {
    if (static_cast<int32_t>(page.items.size()) == query.limit) {
      more = true;
      return absl::OkStatus();
    }
    absl::StatusOr<Commande> c = ReadOrder(ref.doc);
    if (!c.ok()) return c.status();
    page.items.push_back(*std::move(c));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  // Not the page's snapshot: a write in between may change the total.
  absl::StatusOr<int64_t> total = commandes.Count(*base);
  if (!total.ok()) return total.status();
  page.total = *total;
  if (more) {
    const Commande& last = page.items.back();
    page.next_cursor = EncodeOrderCursor(query, OrderCursor{ToUnixMillis(last.date_commande), last.id});
  }
  return page;
}

// {$set: changed fields, $push: {historique: new entries, outbox: events, applied: mark}}
Bson OrderUpdate(const Commande& o, size_t first_new_history, const std::vector<int64_t>& seqs,
                 const std::vector<bus::Message>& events, const std::optional<std::string>& mark, bool release,
                 int64_t now_ms) {
  Bson update;
  bson_t set, push, history, history_each, outbox, outbox_each;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendString(&set, "statut", OrderStatusName(o.statut));
  AppendString(&set, "paiement_id", o.paiement_id);
  AppendString(&set, "livraison_id", o.livraison_id);
  AppendString(&set, "raison_annulation", o.raison_annulation);
  AppendBool(&set, "remboursement_demande", o.remboursement_demande);
  AppendBool(&set, "rembourse", o.rembourse);
  AppendString(&set, "incident_livraison", o.incident_livraison);
  AppendInt64(&set, "version", o.version + 1);
  AppendInt64(&set, "updated_at_ms", now_ms);
  if (release) {
    AppendString(&set, "etape", kEtapeLiberation);
    AppendInt64(&set, "etape_ms", WallClockMs());
  }
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
  BSON_APPEND_DOCUMENT_BEGIN(&push, "historique", &history);
  BSON_APPEND_ARRAY_BEGIN(&history, "$each", &history_each);
  for (size_t i = first_new_history; i < o.historique.size(); ++i) {
    AppendHistoryEntry(&history_each, std::to_string(i - first_new_history), o.historique[i]);
  }
  bson_append_array_end(&history, &history_each);
  bson_append_document_end(&push, &history);
  BSON_APPEND_DOCUMENT_BEGIN(&push, mongo::kOutboxField, &outbox);
  BSON_APPEND_ARRAY_BEGIN(&outbox, "$each", &outbox_each);
  for (size_t i = 0; i < events.size(); ++i) {
    mongo::AppendOutboxEntry(&outbox_each, std::to_string(i), seqs[i], events[i], now_ms);
  }
  bson_append_array_end(&outbox, &outbox_each);
  bson_append_document_end(&push, &outbox);
  if (mark) AppendString(&push, mongo::kAppliedField, *mark);
  bson_append_document_end(update.get(), &push);
  return update;
}

absl::StatusOr<UpdateResult> MongoOrderStore::UpdateOrder(std::string_view id, const std::optional<InboxMark>& inbox,
                                                          Timestamp now, const Decide& decide) {
  const int64_t now_ms = ToUnixMillis(now);
  std::optional<std::string> mark;
  if (inbox) mark = mongo::InboxKey(inbox->consumer, inbox->message_id);
  auto lock = db().SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<Commande> current = GetOrder(id);
  if (!current.ok()) return current.status();  // nothing marked: the message may be retried
  mongo::Collection commandes = db().collection(kCommandes);
  if (mark) {
    absl::StatusOr<bool> applied = mongo::AppliedAnywhere(commandes, *mark);
    if (!applied.ok()) return applied.status();
    if (*applied) return UpdateResult{*std::move(current), /*duplicate=*/true, /*changed=*/false};
  }
  absl::StatusOr<OrderChange> change = decide(*current);
  if (!change.ok()) return change.status();
  OrderDecision& d = change->decision;
  // The guard: the version read, and the message not applied yet.
  Bson filter = ById(current->id);
  AppendInt64(filter.get(), "version", current->version);
  if (mark) AppendOp(filter.get(), mongo::kAppliedField, "$ne", *mark);
  Bson update;
  if (!d.changed) {
    if (!mark) return UpdateResult{*std::move(current), false, false};
    bson_t push;
    BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
    AppendString(&push, mongo::kAppliedField, *mark);
    bson_append_document_end(update.get(), &push);
  } else {
    std::vector<int64_t> seqs;
    for (size_t i = 0; i < change->events.size(); ++i) {
      absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(db());
      if (!seq.ok()) return seq.status();
      seqs.push_back(*seq);
    }
    d.order.version = current->version;
    update = OrderUpdate(d.order, current->historique.size(), seqs, change->events, mark, d.release_stock, now_ms);
  }
  absl::StatusOr<mongo::UpdateResult> r = commandes.UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  if (r->matched == 0) {
    if (mark) {
      absl::StatusOr<bool> applied = mongo::AppliedAnywhere(commandes, *mark);
      if (!applied.ok()) return applied.status();
      if (*applied) return UpdateResult{*std::move(current), true, false};
    }
    return absl::AbortedError(absl::StrCat("version: order ", current->id, " changed meanwhile; try again"));
  }
  if (!d.changed) return UpdateResult{*std::move(current), false, false};
  d.order.version = current->version + 1;
  if (d.release_stock) {
    if (absl::Status st = s_->Checkpoint("release:marked"); !st.ok()) return st;
    // The order is committed; should this fail, recovery finishes the release.
    if (absl::Status st = FinishRelease(*s_, d.order, now_ms); !st.ok()) {
      log::Get("catalog")->warn("order {}: stock release left to recovery: {}", d.order.id, st.ToString());
    }
  }
  return UpdateResult{std::move(d.order), false, true};
}

absl::StatusOr<std::vector<std::string>> MongoOrderStore::OverdueOrderIds(Timestamp now, size_t limit) {
  // The expirer calls this periodically: the natural beat for recovery.
  const int64_t now_ms = WallClockMs();
  if (now_ms - s_->last_recovery_ms.load() >= s_->options.recovery_interval.count()) {
    auto lock = db().SerializeWrites();
    absl::Status st = lock.ok() ? Recover(*s_, now_ms) : lock.status();
    if (!st.ok()) log::Get("catalog")->warn("recovery failed, will retry: {}", st.ToString());
  }
  if (limit == 0) return std::vector<std::string>{};
  Bson filter;
  AppendBool(filter.get(), "placee", true);
  AppendString(filter.get(), "statut", OrderStatusName(OrderStatus::kEnAttente));
  AppendOp(filter.get(), "payment_deadline_ms", "$lte", ToUnixMillis(now));
  Bson opts(BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}", "sort", "{", "payment_deadline_ms",
                     BCON_INT32(1), "_id", BCON_INT32(1), "}", "limit", BCON_INT64(static_cast<int64_t>(limit))));
  std::vector<std::string> ids;
  absl::Status st = db().collection(kCommandes).Find(*filter, opts.get(), [&](DocRef ref) -> absl::Status {
    absl::StatusOr<std::string> id = mongo::GetString(ref.doc, "_id", "commandes");
    if (!id.ok()) return id.status();
    ids.push_back(*std::move(id));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return ids;
}

}  // namespace

std::unique_ptr<OrderStore> NewOrderStore(std::shared_ptr<Shared> shared) {
  return std::make_unique<MongoOrderStore>(std::move(shared));
}

}  // namespace parfumerie::catalog::mongo_internal

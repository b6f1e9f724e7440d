#include "catalog/mongo/stock_moves.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/mongo/documents.h"
#include "common/log.h"
#include "mongo/outbox.h"

namespace parfumerie::catalog::mongo_internal {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;
using mongo::DocRef;

// {$inc: {stock: delta, version: 1}, $set: {updated_at_ms}, <mark_op>: {<field>: order_id}}
Bson StockUpdate(int64_t delta, int64_t now_ms, const char* mark_op, const char* field, std::string_view order_id) {
  Bson update;
  bson_t inc, set, mark;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$inc", &inc);
  AppendInt64(&inc, "stock", delta);
  AppendInt64(&inc, "version", 1);
  bson_append_document_end(update.get(), &inc);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendInt64(&set, "updated_at_ms", now_ms);
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), mark_op, &mark);
  AppendString(&mark, field, order_id);
  bson_append_document_end(update.get(), &mark);
  return update;
}

// Gives back the stock of `line` if the perfume still holds the order's
// reservation mark (removing the mark in the same update).
absl::Status RestoreLine(Shared& s, std::string_view order_id, const OrderLine& line, int64_t now_ms) {
  Bson filter = ById(line.parfum_id);
  AppendString(filter.get(), kReservations, order_id);
  Bson update = StockUpdate(line.quantite, now_ms, "$pull", kReservations, order_id);
  return s.db->collection(kParfums).UpdateOne(*filter, *update).status();
}

absl::StatusOr<std::optional<Commande>> FindOrder(Shared& s, std::string_view id, std::string* etape,
                                                  int64_t* etape_ms) {
  absl::StatusOr<std::optional<Bson>> doc = s.db->collection(kCommandes).FindOne(*ById(id));
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return std::optional<Commande>();
  absl::StatusOr<std::string> e = mongo::GetString(***doc, "etape", "commandes");
  absl::StatusOr<int64_t> ms = mongo::GetInt64(***doc, "etape_ms", "commandes");
  if (!e.ok()) return e.status();
  if (!ms.ok()) return ms.status();
  *etape = *std::move(e);
  *etape_ms = *ms;
  absl::StatusOr<Commande> c = ReadOrder(***doc);
  if (!c.ok()) return c.status();
  return std::optional<Commande>(*std::move(c));
}

// Orders in `etape` whose step began at or before `cutoff_ms`.
absl::StatusOr<std::vector<Commande>> OrdersInStep(Shared& s, const char* etape, int64_t cutoff_ms) {
  Bson filter;
  AppendString(filter.get(), "etape", etape);
  AppendOp(filter.get(), "etape_ms", "$lte", cutoff_ms);
  Bson opts = OrderProjection();
  std::vector<Commande> out;
  absl::Status st = s.db->collection(kCommandes).Find(*filter, opts.get(), [&](DocRef ref) -> absl::Status {
    absl::StatusOr<Commande> c = ReadOrder(ref.doc);
    if (!c.ok()) return c.status();
    out.push_back(*std::move(c));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

// (perfume id, order ids) of every perfume carrying marks in `field`.
absl::StatusOr<std::vector<std::pair<std::string, std::vector<std::string>>>> MarkedPerfumes(Shared& s,
                                                                                             const char* field) {
  Bson filter;
  bson_t exists;
  const std::string first = absl::StrCat(field, ".0");
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), first.c_str(), &exists);
  BSON_APPEND_BOOL(&exists, "$exists", true);
  bson_append_document_end(filter.get(), &exists);
  Bson opts(BCON_NEW("projection", "{", field, BCON_INT32(1), "}"));
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  absl::Status st = s.db->collection(kParfums).Find(*filter, opts.get(), [&](DocRef ref) -> absl::Status {
    absl::StatusOr<std::string> id = mongo::GetString(ref.doc, "_id", "parfums");
    if (!id.ok()) return id.status();
    bson_t marks;
    if (absl::Status e = mongo::GetArray(ref.doc, field, "parfums", &marks); !e.ok()) return e;
    std::vector<std::string> ids;
    bson_iter_t it;
    bson_iter_init(&it, &marks);
    while (bson_iter_next(&it)) {
      uint32_t len = 0;
      if (BSON_ITER_HOLDS_UTF8(&it)) ids.emplace_back(bson_iter_utf8(&it, &len));
    }
    out.emplace_back(*std::move(id), std::move(ids));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

absl::Status PullMark(Shared& s, const char* field, std::string_view parfum_id, std::string_view order_id) {
  Bson update;
  bson_t pull;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$pull", &pull);
  AppendString(&pull, field, order_id);
  bson_append_document_end(update.get(), &pull);
  return s.db->collection(kParfums).UpdateOne(*ById(parfum_id), *update).status();
}

// A reservation mark: committed orders only drop it; abandoned ones give
// the stock back; orders still being placed are left to their writer (or
// to step 1 of Recover once they are old enough).
absl::Status ResolveReservationMark(Shared& s, const std::string& parfum_id, const std::string& order_id,
                                    int64_t now_ms, int& fixed) {
  std::string etape;
  int64_t etape_ms = 0;
  absl::StatusOr<std::optional<Commande>> order = FindOrder(s, order_id, &etape, &etape_ms);
  if (!order.ok()) return order.status();
  if (!order->has_value()) {
    log::Get("catalog")->error("perfume {} holds a reservation of unknown order {}", parfum_id, order_id);
    return absl::OkStatus();
  }
  if (etape == kEtapeReservation) return absl::OkStatus();
  ++fixed;
  if (etape != kEtapeAbandonnee) return PullMark(s, kReservations, parfum_id, order_id);
  for (const OrderLine& l : (*order)->lignes) {
    if (l.parfum_id == parfum_id) return RestoreLine(s, order_id, l, now_ms);
  }
  return PullMark(s, kReservations, parfum_id, order_id);
}

}  // namespace

absl::Status Shared::Checkpoint(std::string_view step) const {
  if (options.continue_after && !options.continue_after(step)) {
    return absl::UnavailableError(absl::StrCat("catalogue store: stopped after step ", std::string(step)));
  }
  return absl::OkStatus();
}

absl::Status ReserveLine(Shared& s, std::string_view order_id, size_t index, const OrderLine& line, int64_t now_ms) {
  Bson filter = ById(line.parfum_id);
  AppendBool(filter.get(), "archive", false);
  AppendOp(filter.get(), "stock", "$gte", int64_t{line.quantite});
  AppendOp(filter.get(), kReservations, "$ne", order_id);
  Bson update = StockUpdate(-int64_t{line.quantite}, now_ms, "$push", kReservations, order_id);
  mongo::Collection parfums = s.db->collection(kParfums);
  absl::StatusOr<mongo::UpdateResult> r = parfums.UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  if (r->matched > 0) return absl::OkStatus();
  // Why not: reserved before (a retry), gone, or short.
  absl::StatusOr<std::optional<Bson>> doc = parfums.FindOne(*ById(line.parfum_id));
  if (!doc.ok()) return doc.status();
  if (doc->has_value() && ArrayHolds(***doc, kReservations, order_id)) return absl::OkStatus();
  absl::StatusOr<bool> archived = doc->has_value() ? GetBool(***doc, "archive", "parfums") : true;
  if (!archived.ok()) return archived.status();
  if (*archived) {
    return absl::NotFoundError(
        absl::StrCat("lignes[", index, "].parfum_id: no perfume ", line.parfum_id, " on sale"));
  }
  absl::StatusOr<int64_t> stock = mongo::GetInt64(***doc, "stock", "parfums");
  absl::StatusOr<std::string> nom = mongo::GetString(***doc, "nom", "parfums");
  if (!stock.ok()) return stock.status();
  if (!nom.ok()) return nom.status();
  return absl::FailedPreconditionError(absl::StrCat("lignes[", index, "].quantite: only ", *stock, " left of ", *nom,
                                                    " (", line.parfum_id, "), ", line.quantite, " requested"));
}

absl::StatusOr<bool> CommitPlacement(Shared& s, const Commande& c, const std::vector<bus::Message>& events,
                                     int64_t now_ms) {
  std::vector<int64_t> seqs;
  for (size_t i = 0; i < events.size(); ++i) {
    absl::StatusOr<int64_t> seq = mongo::NextOutboxSeq(*s.db);
    if (!seq.ok()) return seq.status();
    seqs.push_back(*seq);
  }
  Bson filter = ById(c.id);
  AppendString(filter.get(), "etape", kEtapeReservation);
  Bson update;
  bson_t set, push, outbox, each;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendBool(&set, "placee", true);
  AppendString(&set, "etape", "");
  AppendInt64(&set, "etape_ms", WallClockMs());
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
  BSON_APPEND_DOCUMENT_BEGIN(&push, mongo::kOutboxField, &outbox);
  BSON_APPEND_ARRAY_BEGIN(&outbox, "$each", &each);
  for (size_t i = 0; i < events.size(); ++i) {
    mongo::AppendOutboxEntry(&each, std::to_string(i), seqs[i], events[i], now_ms);
  }
  bson_append_array_end(&outbox, &each);
  bson_append_document_end(&push, &outbox);
  bson_append_document_end(update.get(), &push);
  absl::StatusOr<mongo::UpdateResult> r = s.db->collection(kCommandes).UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  return r->matched > 0;
}

void DropMarks(Shared& s, const char* field, const Commande& c) {
  for (const OrderLine& l : c.lignes) {
    if (absl::Status st = PullMark(s, field, l.parfum_id, c.id); !st.ok()) {
      log::Get("catalog")->warn("order {}: {} mark left on {} for recovery: {}", c.id, field, l.parfum_id,
                                st.ToString());
    }
  }
}

absl::Status AbandonPlacement(Shared& s, const Commande& c, int64_t now_ms) {
  Bson filter = ById(c.id);
  AppendString(filter.get(), "etape", kEtapeReservation);
  Bson update;
  bson_t set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendString(&set, "etape", kEtapeAbandonnee);
  AppendInt64(&set, "etape_ms", WallClockMs());
  // The key is free again: a retry places a new order.
  AppendString(&set, "cle", absl::StrCat("abandon:", c.id));
  bson_append_document_end(update.get(), &set);
  mongo::Collection commandes = s.db->collection(kCommandes);
  absl::StatusOr<mongo::UpdateResult> r = commandes.UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  if (r->matched == 0) {
    // Either abandoned already (go on restoring) or committed (nothing to undo).
    Bson abandoned = ById(c.id);
    AppendString(abandoned.get(), "etape", kEtapeAbandonnee);
    absl::StatusOr<int64_t> n = commandes.Count(*abandoned);
    if (!n.ok()) return n.status();
    if (*n == 0) return absl::OkStatus();
  }
  for (const OrderLine& l : c.lignes) {
    if (absl::Status st = RestoreLine(s, c.id, l, now_ms); !st.ok()) return st;
  }
  return absl::OkStatus();
}

absl::Status FinishRelease(Shared& s, const Commande& c, int64_t now_ms) {
  mongo::Collection parfums = s.db->collection(kParfums);
  for (size_t i = 0; i < c.lignes.size(); ++i) {
    const OrderLine& l = c.lignes[i];
    // Archived perfumes too: the bottles exist and the books must balance.
    Bson filter = ById(l.parfum_id);
    AppendOp(filter.get(), kLiberations, "$ne", c.id);
    Bson update = StockUpdate(l.quantite, now_ms, "$push", kLiberations, c.id);
    absl::StatusOr<mongo::UpdateResult> r = parfums.UpdateOne(*filter, *update);
    if (!r.ok()) return r.status();
    if (r->matched == 0) {
      absl::StatusOr<int64_t> n = parfums.Count(*ById(l.parfum_id));
      if (!n.ok()) return n.status();
      if (*n == 0) return absl::InternalError(absl::StrCat("perfume ", l.parfum_id, " of order ", c.id, " is gone"));
    }
    if (absl::Status st = s.Checkpoint(absl::StrCat("release:line:", i)); !st.ok()) return st;
  }
  Bson filter = ById(c.id);
  AppendString(filter.get(), "etape", kEtapeLiberation);
  Bson update;
  bson_t set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendString(&set, "etape", "");
  AppendInt64(&set, "etape_ms", WallClockMs());
  bson_append_document_end(update.get(), &set);
  if (absl::Status st = s.db->collection(kCommandes).UpdateOne(*filter, *update).status(); !st.ok()) return st;
  if (absl::Status st = s.Checkpoint("release:cleared"); !st.ok()) return st;
  DropMarks(s, kLiberations, c);
  return absl::OkStatus();
}

absl::Status Recover(Shared& s, int64_t now_ms) {
  const int64_t cutoff = now_ms - s.options.recovery_grace.count();
  int abandoned = 0, released = 0, fixed = 0;
  // 1. Placements that never committed: roll back.
  absl::StatusOr<std::vector<Commande>> placing = OrdersInStep(s, kEtapeReservation, cutoff);
  if (!placing.ok()) return placing.status();
  for (const Commande& c : *placing) {
    if (absl::Status st = AbandonPlacement(s, c, now_ms); !st.ok()) return st;
    ++abandoned;
  }
  // 2. Releases that never finished: finish (each perfume at most once).
  absl::StatusOr<std::vector<Commande>> releasing = OrdersInStep(s, kEtapeLiberation, cutoff);
  if (!releasing.ok()) return releasing.status();
  for (const Commande& c : *releasing) {
    if (absl::Status st = FinishRelease(s, c, now_ms); !st.ok()) return st;
    ++released;
  }
  // 3. Reservation marks left behind (a crash after committing or while
  // rolling back, or a late reservation of an abandoned order).
  auto reserved = MarkedPerfumes(s, kReservations);
  if (!reserved.ok()) return reserved.status();
  for (const auto& [parfum_id, orders] : *reserved) {
    for (const std::string& order_id : orders) {
      if (absl::Status st = ResolveReservationMark(s, parfum_id, order_id, now_ms, fixed); !st.ok()) return st;
    }
  }
  // 4. Release marks of orders out of their release step for long enough.
  auto liberated = MarkedPerfumes(s, kLiberations);
  if (!liberated.ok()) return liberated.status();
  for (const auto& [parfum_id, orders] : *liberated) {
    for (const std::string& order_id : orders) {
      std::string etape;
      int64_t etape_ms = 0;
      absl::StatusOr<std::optional<Commande>> order = FindOrder(s, order_id, &etape, &etape_ms);
      if (!order.ok()) return order.status();
      if (order->has_value() && (etape == kEtapeLiberation || etape_ms > cutoff)) continue;
      if (absl::Status st = PullMark(s, kLiberations, parfum_id, order_id); !st.ok()) return st;
      ++fixed;
    }
  }
  s.last_recovery_ms = now_ms;
  if (abandoned + released + fixed > 0) {
    log::Get("catalog")->warn("recovery: {} placements rolled back, {} releases finished, {} marks resolved",
                              abandoned, released, fixed);
  }
  return absl::OkStatus();
}

}  // namespace parfumerie::catalog::mongo_internal

// The order store on the catalogue's SQLite database: every write runs on the
// shared writer connection in one BEGIN IMMEDIATE transaction, so stock,
// orders, outbox and inbox change together (see docs/orders.md).
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/orders/order_cursor.h"
#include "catalog/sqlite/database.h"
#include "catalog/sqlite/order_rows.h"
#include "catalog/store_support.h"
#include "sqlite/outbox.h"

namespace parfumerie::catalog::sqlite_internal {
namespace {

using sqlite::BindValue;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

class SqliteOrderStore final : public OrderStore {
 public:
  explicit SqliteOrderStore(std::shared_ptr<Database> db) : db_(std::move(db)) {}

  absl::StatusOr<PlaceOrderResult> PlaceOrder(const NewOrder& order, const PlacedEvents& events) override;
  absl::StatusOr<Commande> GetOrder(std::string_view id) override;
  absl::StatusOr<OrderPage> ListOrders(const OrderQuery& query) override;
  absl::StatusOr<UpdateResult> UpdateOrder(std::string_view id, const std::optional<InboxMark>& inbox,
                                           Timestamp now, const Decide& decide) override;
  absl::StatusOr<std::vector<std::string>> OverdueOrderIds(Timestamp now, size_t limit) override;
  bus::TransactionScope ConsumerTransaction() override {
    return [db = db_](const std::function<absl::Status()>& body) {
      std::lock_guard lock(db->write_mu());
      return sqlite::RunInOneTransaction(db->writer(), body);
    };
  }

 private:
  // Within the transaction: the order already placed under `key`, if any.
  absl::StatusOr<std::optional<std::pair<std::string, std::string>>> FindByKey(const std::string& key);
  // Within the transaction: reserves `line` and returns it with its snapshot.
  // Also counts in `stock_outs` a reservation that took the stock to 0.
  absl::StatusOr<OrderLine> Reserve(size_t index, const RequestedLine& line, int64_t now_ms, int& stock_outs);
  absl::Status ReleaseStock(const Commande& order, int64_t now_ms);
  absl::Status AppendEvents(const std::vector<bus::Message>& events, int64_t now_ms);
  // PlaceOrder's work, on the writer (inside the group's transaction).
  absl::StatusOr<PlaceOrderResult> PlaceOrderInTransaction(const NewOrder& in, const PlacedEvents& events);

  std::shared_ptr<Database> db_;
};

absl::StatusOr<std::optional<std::pair<std::string, std::string>>> SqliteOrderStore::FindByKey(
    const std::string& key) {
  absl::StatusOr<Statement> stmt =
      db_->writer().Prepare("SELECT id, request_fingerprint FROM commandes WHERE idempotency_key = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, key);
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::nullopt;
  return std::pair{stmt->Text(0), stmt->Text(1)};
}

absl::StatusOr<OrderLine> SqliteOrderStore::Reserve(size_t index, const RequestedLine& line, int64_t now_ms,
                                                    int& stock_outs) {
  Connection& w = db_->writer();
  {
    // The check and the decrement are one statement: no other writer can
    // slip between them, so stock never goes below zero.
    absl::StatusOr<Statement> stmt = w.Prepare(
        "UPDATE parfums SET stock = stock - ?2, version = version + 1, updated_at_ms = ?3 "
        "WHERE id = ?1 AND archived_at_ms IS NULL AND stock >= ?2 RETURNING nom, prix_cents, stock");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, line.parfum_id);
    stmt->Bind(2, int64_t{line.quantite});
    stmt->Bind(3, now_ms);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (*row) {
      OrderLine reserved{line.parfum_id, stmt->Text(0), line.quantite, stmt->Int(1)};
      if (stmt->Int(2) == 0) ++stock_outs;
      if (absl::Status s = stmt->Finish(); !s.ok()) return s;
      return reserved;
    }
  }
  absl::StatusOr<Statement> why =
      w.Prepare("SELECT stock, nom FROM parfums WHERE id = ?1 AND archived_at_ms IS NULL");
  if (!why.ok()) return why.status();
  why->Bind(1, line.parfum_id);
  absl::StatusOr<bool> row = why->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return absl::NotFoundError(
        absl::StrCat("lignes[", index, "].parfum_id: no perfume ", line.parfum_id, " on sale"));
  }
  return absl::FailedPreconditionError(absl::StrCat("lignes[", index, "].quantite: only ", why->Int(0),
                                                    " left of ", why->Text(1), " (", line.parfum_id, "), ",
                                                    line.quantite, " requested"));
}

absl::Status SqliteOrderStore::ReleaseStock(const Commande& order, int64_t now_ms) {
  Connection& w = db_->writer();
  for (const OrderLine& l : order.lignes) {
    // Archived perfumes too: the bottles exist and the books must balance.
    absl::StatusOr<Statement> stmt = w.Prepare(
        "UPDATE parfums SET stock = stock + ?2, version = version + 1, updated_at_ms = ?3 WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, l.parfum_id);
    stmt->Bind(2, int64_t{l.quantite});
    stmt->Bind(3, now_ms);
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
    if (w.Changes() != 1) {
      return absl::InternalError(absl::StrCat("sqlite: perfume ", l.parfum_id, " of order ", order.id, " is gone"));
    }
  }
  return absl::OkStatus();
}

absl::Status SqliteOrderStore::AppendEvents(const std::vector<bus::Message>& events, int64_t now_ms) {
  for (const bus::Message& m : events) {
    if (absl::Status s = sqlite::AppendToOutbox(db_->writer(), m, now_ms); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<PlaceOrderResult> SqliteOrderStore::PlaceOrder(const NewOrder& in, const PlacedEvents& events) {
  // Concurrent placements share transactions and fsyncs; each is still all
  // or nothing (its own savepoint) and returns once durable.
  absl::StatusOr<PlaceOrderResult> result = absl::InternalError("order store: placement not run");
  absl::Status s = db_->group_commit().Run([&] {
    result = PlaceOrderInTransaction(in, events);
    return result.status();
  });
  if (!s.ok()) return s;
  return result;
}

absl::StatusOr<PlaceOrderResult> SqliteOrderStore::PlaceOrderInTransaction(const NewOrder& in,
                                                                           const PlacedEvents& events) {
  const int64_t now_ms = ToUnixMillis(in.placed_at);
  Connection& w = db_->writer();
  absl::StatusOr<Transaction> tx = Transaction::Begin(w, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  if (!in.idempotency_key.empty()) {
    auto existing = FindByKey(in.idempotency_key);
    if (!existing.ok()) return existing.status();
    if (*existing) {
      if ((*existing)->second != in.fingerprint) {
        return absl::InvalidArgumentError(
            "idempotency_key: already used for an order with other content; use a new key for a new order");
      }
      absl::StatusOr<Commande> order = LoadOrder(w, (*existing)->first);
      if (!order.ok()) return order.status();
      return PlaceOrderResult{*std::move(order), true};
    }
  }
  Commande c;
  c.id = in.id;
  c.client_id = in.client_id;
  c.statut = OrderStatus::kEnAttente;
  c.date_commande = in.placed_at;
  c.date_limite_paiement = in.payment_deadline;
  c.adresse_livraison = in.adresse_livraison;
  c.idempotency_key = in.idempotency_key;
  c.historique.push_back({OrderStatus::kEnAttente, in.placed_at, ""});
  int stock_outs = 0;
  for (size_t i = 0; i < in.lignes.size(); ++i) {
    absl::StatusOr<OrderLine> line = Reserve(i, in.lignes[i], now_ms, stock_outs);
    if (!line.ok()) return line.status();  // the transaction rolls back every reservation
    c.total_cents += line->TotalCents();
    c.lignes.push_back(*std::move(line));
  }
  if (c.total_cents > in.max_total_cents) {
    return absl::InvalidArgumentError(absl::StrCat("total: ", c.total_cents, " cents is above the maximum of ",
                                                   in.max_total_cents, " per order"));
  }
  if (absl::Status s = InsertOrder(w, c, in.fingerprint); !s.ok()) return s;
  if (absl::Status s = AppendEvents(events(c), now_ms); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return PlaceOrderResult{std::move(c), false, stock_outs};
}

absl::StatusOr<Commande> SqliteOrderStore::GetOrder(std::string_view id) {
  absl::StatusOr<Database::Reader> reader = db_->BorrowReader();
  if (!reader.ok()) return reader.status();
  // Row, lines and history from one snapshot.
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Commande> order = LoadOrder(**reader, id);
  if (!order.ok()) return order.status();
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return order;
}

absl::StatusOr<OrderPage> SqliteOrderStore::ListOrders(const OrderQuery& query) {
  std::optional<OrderCursor> after;
  if (!query.cursor.empty()) {
    absl::StatusOr<OrderCursor> c = DecodeOrderCursor(query);
    if (!c.ok()) return c.status();
    after = *std::move(c);
  }
  std::string where = "1";
  std::vector<BindValue> binds;
  if (!query.client_id.empty()) {
    binds.push_back(query.client_id);
    absl::StrAppend(&where, " AND client_id = ?", binds.size());
  }
  if (query.statut) {
    binds.push_back(std::string(OrderStatusName(*query.statut)));
    absl::StrAppend(&where, " AND statut = ?", binds.size());
  }
  const std::string count_sql = absl::StrCat("SELECT COUNT(*) FROM commandes WHERE ", where);
  std::vector<BindValue> count_binds = binds;
  if (after) {
    binds.push_back(after->placed_at_ms);
    const size_t ms = binds.size();
    binds.push_back(after->id);
    absl::StrAppend(&where, " AND (placed_at_ms < ?", ms, " OR (placed_at_ms = ?", ms, " AND id < ?", binds.size(),
                    "))");
  }
  binds.push_back(int64_t{query.limit} + 1);  // one more tells whether a next page exists
  const std::string page_sql = absl::StrCat("SELECT ", kOrderColumns, " FROM commandes WHERE ", where,
                                            " ORDER BY placed_at_ms DESC, id DESC LIMIT ?", binds.size());

  absl::StatusOr<Database::Reader> reader = db_->BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  OrderPage page;
  {
    absl::StatusOr<Statement> count = (*reader)->Prepare(count_sql);
    if (!count.ok()) return count.status();
    for (size_t i = 0; i < count_binds.size(); ++i) count->Bind(static_cast<int>(i + 1), count_binds[i]);
    absl::StatusOr<bool> row = count->Step();
    if (!row.ok()) return row.status();
    page.total = count->Int(0);
  }
  {
    absl::StatusOr<Statement> stmt = (*reader)->Prepare(page_sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < binds.size(); ++i) stmt->Bind(static_cast<int>(i + 1), binds[i]);
    for (;;) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<Commande> c = ReadOrderRow(*stmt);
      if (!c.ok()) return c.status();
      page.items.push_back(*std::move(c));
    }
  }
  if (static_cast<int32_t>(page.items.size()) > query.limit) {
    page.items.resize(query.limit);
    const Commande& last = page.items.back();
    page.next_cursor = EncodeOrderCursor(query, OrderCursor{ToUnixMillis(last.date_commande), last.id});
  }
  for (Commande& c : page.items) {
    if (absl::Status s = LoadOrderDetails(**reader, c); !s.ok()) return s;
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return page;
}

absl::StatusOr<UpdateResult> SqliteOrderStore::UpdateOrder(std::string_view id,
                                                           const std::optional<InboxMark>& inbox, Timestamp now,
                                                           const Decide& decide) {
  const int64_t now_ms = ToUnixMillis(now);
  std::lock_guard lock(db_->write_mu());
  Connection& w = db_->writer();
  absl::StatusOr<Transaction> tx = Transaction::Begin(w, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Commande> current = LoadOrder(w, id);
  if (!current.ok()) return current.status();  // nothing marked: the message may be retried
  if (inbox) {
    absl::StatusOr<bool> first = sqlite::MarkApplied(w, inbox->consumer, inbox->message_id, now_ms);
    if (!first.ok()) return first.status();
    if (!*first) return UpdateResult{*std::move(current), /*duplicate=*/true, /*changed=*/false};
  }
  absl::StatusOr<OrderChange> change = decide(*current);
  if (!change.ok()) return change.status();
  OrderDecision& d = change->decision;
  if (!d.changed) {
    if (absl::Status s = tx->Commit(); !s.ok()) return s;
    return UpdateResult{*std::move(current), false, false};
  }
  if (absl::Status s = UpdateOrderRow(w, d.order, current->version, current->historique.size(), now_ms); !s.ok()) {
    return s;
  }
  if (d.release_stock) {
    if (absl::Status s = ReleaseStock(d.order, now_ms); !s.ok()) return s;
  }
  if (absl::Status s = AppendEvents(change->events, now_ms); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  d.order.version = current->version + 1;
  return UpdateResult{std::move(d.order), false, true};
}

absl::StatusOr<std::vector<std::string>> SqliteOrderStore::OverdueOrderIds(Timestamp now, size_t limit) {
  absl::StatusOr<Database::Reader> reader = db_->BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Statement> stmt = (*reader)->Prepare(
      "SELECT id FROM commandes WHERE statut = 'EN_ATTENTE' AND payment_deadline_ms <= ?1 "
      "ORDER BY payment_deadline_ms LIMIT ?2");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, ToUnixMillis(now));
  stmt->Bind(2, static_cast<int64_t>(limit));
  std::vector<std::string> ids;
  for (;;) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(stmt->Text(0));
  }
  return ids;
}

}  // namespace

std::unique_ptr<OrderStore> NewOrderStore(std::shared_ptr<Database> db) {
  return std::make_unique<SqliteOrderStore>(std::move(db));
}

}  // namespace parfumerie::catalog::sqlite_internal

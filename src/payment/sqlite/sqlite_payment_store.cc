#include "payment/sqlite/sqlite_payment_store.h"

#include <mutex>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "payment/list_cursor.h"
#include "payment/sqlite/schema.h"
#include "sqlite/connection.h"
#include "sqlite/reader_pool.h"
#include "sqlite/outbox.h"

namespace parfumerie::payment {
namespace {

using sqlite::BindValue;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;
using sqlite_internal::kPaymentColumns;
using sqlite_internal::ReadPayment;

int64_t NowMs() { return ToUnixMillis(std::chrono::system_clock::now()); }

absl::StatusOr<bool> Exists(Connection& conn, const std::string& sql, const std::string& value) {
  absl::StatusOr<Statement> stmt = conn.Prepare(sql);
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, value);
  return stmt->Step();
}

class SqlitePaymentStore final : public PaymentStore {
 public:
  SqlitePaymentStore(std::string path, SqlitePaymentStoreOptions options, std::unique_ptr<Connection> writer)
      : options_(options),
        writer_(std::move(writer)),
        readers_(std::move(path), options.busy_timeout, options.max_idle_readers) {}

  absl::Status InsertCardToken(const CardToken& token) override;
  bus::TransactionScope ConsumerTransaction() override {
    return [this](const std::function<absl::Status()>& body) {
      std::lock_guard lock(write_mu_);
      return ::parfumerie::sqlite::RunInOneTransaction(*writer_, body);
    };
  }
  absl::StatusOr<CardToken> GetCardToken(std::string_view token) override;
  absl::StatusOr<Payment> Get(std::string_view id) override;
  absl::StatusOr<Payment> GetForOrder(std::string_view order_id) override;
  absl::StatusOr<OrderPaymentState> GetOrderState(std::string_view order_id) override;
  absl::StatusOr<PaymentPage> List(const PaymentQuery& query) override;
  absl::StatusOr<WriteResult> RecordPayment(const Payment& payment, const bus::Message& event,
                                            const InboxRecord& inbox) override;
  absl::StatusOr<WriteResult> RecordRefund(std::string_view payment_id, Timestamp refunded_at,
                                           const bus::Message& event, const InboxRecord& inbox) override;
  absl::StatusOr<WriteResult> RecordCancellation(const Cancellation& cancellation,
                                                 const InboxRecord& inbox) override;
  absl::StatusOr<int64_t> OutboxBacklog() override;
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override;
  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override;
  absl::Status MarkPublished(std::span<const int64_t> seqs) override;
  absl::StatusOr<int64_t> PrunePublished(int64_t before_ms) override {
    std::lock_guard lock(write_mu_);
    return ::parfumerie::sqlite::PrunePublishedOutbox(*writer_, before_ms);
  }

 private:
  // A reader connection borrowed from the pool for one call.
  using Reader = ::parfumerie::sqlite::ReaderPool::Reader;

  absl::StatusOr<Reader> BorrowReader() { return readers_.Borrow(); }
  absl::StatusOr<std::optional<Payment>> FindPayment(Connection& conn, const char* column, std::string_view value);
  // Within the writer's transaction: the inbox record; false if already there.
  absl::StatusOr<bool> MarkInbox(const InboxRecord& inbox);

  const SqlitePaymentStoreOptions options_;

  // One writer: SQLite serialises writers anyway; the mutex keeps in-process
  // writes fair instead of spinning on SQLITE_BUSY.
  // Recursive: a consumer's batch (ConsumerTransaction) holds it while the
  // store calls inside the batch take it again on the same thread.
  std::recursive_mutex write_mu_;
  std::unique_ptr<Connection> writer_;

  ::parfumerie::sqlite::ReaderPool readers_;
};


absl::StatusOr<std::optional<Payment>> SqlitePaymentStore::FindPayment(Connection& conn, const char* column,
                                                                       std::string_view value) {
  absl::StatusOr<Statement> stmt =
      conn.Prepare(absl::StrCat("SELECT ", kPaymentColumns, " FROM payments WHERE ", column, " = ?1"));
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string(value));
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Payment>();
  absl::StatusOr<Payment> p = ReadPayment(*stmt);
  if (!p.ok()) return p.status();
  return std::optional<Payment>(*std::move(p));
}

absl::StatusOr<bool> SqlitePaymentStore::MarkInbox(const InboxRecord& inbox) {
  return sqlite::MarkApplied(*writer_, inbox.consumer, inbox.message_id, ToUnixMillis(inbox.at));
}

absl::Status SqlitePaymentStore::InsertCardToken(const CardToken& t) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Statement> stmt = writer_->Prepare(
      "INSERT INTO card_tokens (token, marque, derniers_chiffres, mois_expiration, annee_expiration, cree_le_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.status();
  const BindValue values[] = {t.token,
                              std::string(CardBrandName(t.card.brand)),
                              t.card.last4,
                              int64_t{t.card.exp_month},
                              int64_t{t.card.exp_year},
                              ToUnixMillis(t.created_at)};
  for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
  absl::Status s = stmt->Finish();
  if (!s.ok() && sqlite3_extended_errcode(writer_->db()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return absl::AlreadyExistsError("token: already stored");
  }
  return s;
}

absl::StatusOr<CardToken> SqlitePaymentStore::GetCardToken(std::string_view token) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Statement> stmt = (*reader)->Prepare(
      "SELECT token, marque, derniers_chiffres, mois_expiration, annee_expiration, cree_le_ms "
      "FROM card_tokens WHERE token = ?1");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string(token));
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::NotFoundError("token: no such payment method");
  std::optional<CardBrand> brand = ParseCardBrand(stmt->Text(1));
  if (!brand) return absl::InternalError("card_tokens: unknown brand");
  CardToken t;
  t.token = stmt->Text(0);
  t.card = CardSummary{*brand, stmt->Text(2), static_cast<int>(stmt->Int(3)), static_cast<int>(stmt->Int(4))};
  t.created_at = FromUnixMillis(stmt->Int(5));
  return t;
}

absl::StatusOr<Payment> SqlitePaymentStore::Get(std::string_view id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<std::optional<Payment>> p = FindPayment(**reader, "id", id);
  if (!p.ok()) return p.status();
  if (!*p) return absl::NotFoundError(absl::StrCat("id: no payment ", std::string(id)));
  return **std::move(p);
}

absl::StatusOr<Payment> SqlitePaymentStore::GetForOrder(std::string_view order_id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<std::optional<Payment>> p = FindPayment(**reader, "commande_id", order_id);
  if (!p.ok()) return p.status();
  if (!*p) return absl::NotFoundError(absl::StrCat("commande_id: no payment for order ", std::string(order_id)));
  return **std::move(p);
}

absl::StatusOr<OrderPaymentState> SqlitePaymentStore::GetOrderState(std::string_view order_id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  // One snapshot: the payment and the cancellation are seen as of one moment.
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  OrderPaymentState state;
  absl::StatusOr<std::optional<Payment>> p = FindPayment(**reader, "commande_id", order_id);
  if (!p.ok()) return p.status();
  state.payment = *std::move(p);
  {
    absl::StatusOr<Statement> stmt =
        (*reader)->Prepare("SELECT raison, annulee_le_ms FROM annulations WHERE commande_id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(order_id));
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (*row) state.cancellation = Cancellation{std::string(order_id), stmt->Text(0), FromUnixMillis(stmt->Int(1))};
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return state;
}

absl::StatusOr<PaymentPage> SqlitePaymentStore::List(const PaymentQuery& query) {
  if (query.limit < 1 || query.limit > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("limit: must be 1 to ", kMaxPageSize));
  }
  std::optional<ListPosition> after;
  if (!query.cursor.empty()) {
    absl::StatusOr<ListPosition> pos = DecodeCursor(query);
    if (!pos.ok()) return pos.status();
    after = *std::move(pos);
  }
  const std::string filter = query.status ? "statut = ?1" : "(?1 IS NULL)";
  const BindValue status = query.status ? BindValue(std::string(PaymentStatusName(*query.status))) : BindValue(nullptr);

  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  PaymentPage page;
  {
    absl::StatusOr<Statement> count = (*reader)->Prepare(absl::StrCat("SELECT COUNT(*) FROM payments WHERE ", filter));
    if (!count.ok()) return count.status();
    count->Bind(1, status);
    absl::StatusOr<bool> row = count->Step();
    if (!row.ok()) return row.status();
    page.total = count->Int(0);
  }
  {
    absl::StatusOr<Statement> stmt = (*reader)->Prepare(absl::StrCat(
        "SELECT ", kPaymentColumns, " FROM payments WHERE ", filter,
        " AND (?2 IS NULL OR (cree_le_ms, id) < (?2, ?3)) ORDER BY cree_le_ms DESC, id DESC LIMIT ?4"));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, status);
    stmt->Bind(2, after ? BindValue(after->created_ms) : BindValue(nullptr));
    stmt->Bind(3, after ? BindValue(after->id) : BindValue(nullptr));
    stmt->Bind(4, int64_t{query.limit} + 1);  // one more tells whether a next page exists
    for (;;) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<Payment> p = ReadPayment(*stmt);
      if (!p.ok()) return p.status();
      page.items.push_back(*std::move(p));
    }
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  if (static_cast<int64_t>(page.items.size()) > query.limit) {
    page.items.resize(query.limit);
    const Payment& last = page.items.back();
    page.next_cursor = EncodeCursor(query, ListPosition{ToUnixMillis(last.created_at), last.id});
  }
  return page;
}

absl::StatusOr<WriteResult> SqlitePaymentStore::RecordPayment(const Payment& p, const bus::Message& event,
                                                              const InboxRecord& inbox) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<bool> fresh = MarkInbox(inbox);
  if (!fresh.ok()) return fresh.status();
  if (!*fresh) return WriteResult::kDuplicate;
  absl::StatusOr<bool> cancelled =
      Exists(*writer_, "SELECT 1 FROM annulations WHERE commande_id = ?1", p.order_id);
  if (!cancelled.ok()) return cancelled.status();
  if (*cancelled && p.status != PaymentStatus::kRefunded) {
    return absl::FailedPreconditionError(absl::StrCat("commande_id: order ", p.order_id, " was cancelled"));
  }
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(absl::StrCat(
        "INSERT INTO payments (", kPaymentColumns, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"));
    if (!stmt.ok()) return stmt.status();
    const BindValue values[] = {p.id,
                                p.order_id,
                                p.amount_cents,
                                std::string(PaymentStatusName(p.status)),
                                p.token,
                                p.card_brand,
                                p.card_last4,
                                p.charge_id,
                                p.decline_code,
                                p.decline_message,
                                ToUnixMillis(p.created_at),
                                p.refunded_at ? BindValue(ToUnixMillis(*p.refunded_at)) : BindValue(nullptr)};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    absl::Status s = stmt->Finish();
    if (!s.ok()) {
      const int code = sqlite3_extended_errcode(writer_->db());
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(absl::StrCat("commande_id: order ", p.order_id, " already has a payment"));
      }
      return s;
    }
  }
  if (absl::Status s = sqlite::AppendToOutbox(*writer_, event, ToUnixMillis(inbox.at)); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return WriteResult::kApplied;
}

absl::StatusOr<WriteResult> SqlitePaymentStore::RecordRefund(std::string_view payment_id, Timestamp refunded_at,
                                                             const bus::Message& event, const InboxRecord& inbox) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<bool> fresh = MarkInbox(inbox);
  if (!fresh.ok()) return fresh.status();
  if (!*fresh) return WriteResult::kDuplicate;
  {
    // The state machine in one conditional UPDATE: only ACCEPTE moves.
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        "UPDATE payments SET statut = 'REMBOURSE', rembourse_le_ms = ?2 WHERE id = ?1 AND statut = 'ACCEPTE'");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(payment_id));
    stmt->Bind(2, ToUnixMillis(refunded_at));
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  }
  if (writer_->Changes() == 0) {
    absl::StatusOr<std::optional<Payment>> p = FindPayment(*writer_, "id", payment_id);
    if (!p.ok()) return p.status();
    if (!*p) return absl::NotFoundError(absl::StrCat("id: no payment ", std::string(payment_id)));
    return absl::FailedPreconditionError(absl::StrCat("statut: a ", std::string(PaymentStatusName((*p)->status)),
                                                      " payment cannot be refunded"));
  }
  if (absl::Status s = sqlite::AppendToOutbox(*writer_, event, ToUnixMillis(inbox.at)); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return WriteResult::kApplied;
}

absl::StatusOr<WriteResult> SqlitePaymentStore::RecordCancellation(const Cancellation& c, const InboxRecord& inbox) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<bool> fresh = MarkInbox(inbox);
  if (!fresh.ok()) return fresh.status();
  if (!*fresh) return WriteResult::kDuplicate;
  absl::StatusOr<bool> paid = Exists(*writer_, "SELECT 1 FROM payments WHERE commande_id = ?1", c.order_id);
  if (!paid.ok()) return paid.status();
  if (*paid) return absl::AlreadyExistsError(absl::StrCat("commande_id: order ", c.order_id, " has a payment"));
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        "INSERT INTO annulations (commande_id, raison, annulee_le_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (commande_id) DO NOTHING");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, c.order_id);
    stmt->Bind(2, c.reason);
    stmt->Bind(3, ToUnixMillis(c.at));
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return WriteResult::kApplied;
}

absl::StatusOr<int64_t> SqlitePaymentStore::OutboxBacklog() {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return sqlite::OutboxBacklog(**reader);
}

absl::StatusOr<bus::OutboxStats> SqlitePaymentStore::PendingOutboxStats() {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return sqlite::PendingOutboxStats(**reader);
}

absl::StatusOr<std::vector<bus::OutboxEntry>> SqlitePaymentStore::PendingOutbox(size_t limit) {
  // On the writer: the helper owns its transaction, whatever kind it needs.
  std::lock_guard lock(write_mu_);
  return sqlite::PendingOutbox(*writer_, limit);
}

absl::Status SqlitePaymentStore::MarkPublished(std::span<const int64_t> seqs) {
  std::lock_guard lock(write_mu_);
  return sqlite::MarkPublished(*writer_, seqs, NowMs());
}

}  // namespace

absl::StatusOr<std::unique_ptr<PaymentStore>> OpenSqlitePaymentStore(const std::string& path,
                                                                     const SqlitePaymentStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> writer = Connection::Open(path, options.busy_timeout);
  if (!writer.ok()) return writer.status();
  if (absl::Status s = sqlite_internal::Migrate(**writer); !s.ok()) return s;
  return std::make_unique<SqlitePaymentStore>(path, options, *std::move(writer));
}

}  // namespace parfumerie::payment

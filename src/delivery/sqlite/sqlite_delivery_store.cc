#include "delivery/sqlite/sqlite_delivery_store.h"

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "delivery/sqlite/schema.h"
#include "sqlite/connection.h"
#include "sqlite/reader_pool.h"
#include "sqlite/outbox.h"

namespace parfumerie::delivery {
namespace {

using sqlite::BindValue;
using sqlite::Connection;
using sqlite::Statement;
using sqlite::Transaction;

constexpr const char* kColumns =
    "id, commande_id, statut, transporteur, numero_suivi, adr_nom_complet, adr_ligne1, adr_ligne2, "
    "adr_code_postal, adr_ville, adr_pays, adr_telephone, cree_le_ms, maj_le_ms, version";

int64_t ToMs(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
Timestamp FromMs(int64_t ms) { return Timestamp(std::chrono::milliseconds(ms)); }
int64_t NowMs() { return ToMs(std::chrono::system_clock::now()); }

absl::StatusOr<Statut> StatutOf(const std::string& name) {
  std::optional<Statut> s = ParseStatut(name);
  if (!s) return absl::DataLossError(absl::StrCat("delivery database: unknown statut '", name, "'"));
  return *s;
}

absl::StatusOr<Livraison> ReadRow(const Statement& row) {
  Livraison l;
  l.id = row.Text(0);
  l.commande_id = row.Text(1);
  absl::StatusOr<Statut> statut = StatutOf(row.Text(2));
  if (!statut.ok()) return statut.status();
  l.statut = *statut;
  l.transporteur = row.Text(3);
  l.numero_suivi = row.Text(4);
  l.adresse = Adresse{row.Text(5), row.Text(6), row.Text(7), row.Text(8), row.Text(9), row.Text(10), row.Text(11)};
  l.cree_le = FromMs(row.Int(12));
  l.maj_le = FromMs(row.Int(13));
  l.version = row.Int(14);
  return l;
}

absl::Status LoadSuivi(Connection& conn, Livraison& l) {
  absl::StatusOr<Statement> stmt = conn.Prepare(
      "SELECT statut, at_ms, lieu, commentaire FROM suivi WHERE livraison_id = ?1 ORDER BY seq");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, l.id);
  for (;;) {
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    absl::StatusOr<Statut> statut = StatutOf(stmt->Text(0));
    if (!statut.ok()) return statut.status();
    l.suivi.push_back(EvenementSuivi{*statut, FromMs(stmt->Int(1)), stmt->Text(2), stmt->Text(3)});
  }
  return absl::OkStatus();
}

// The one delivery `column` = `value` selects, with its suivi.
absl::StatusOr<Livraison> GetBy(Connection& conn, std::string_view column, std::string_view value,
                                std::string_view what) {
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Livraison> l;
  {
    absl::StatusOr<Statement> stmt = conn.Prepare(
        absl::StrCat("SELECT ", kColumns, " FROM livraisons WHERE ", std::string(column), " = ?1"));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(value));
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::NotFoundError(absl::StrCat(std::string(what), std::string(value)));
    l = ReadRow(*stmt);
  }
  if (l.ok()) {
    if (absl::Status s = LoadSuivi(conn, *l); !s.ok()) return s;
  }
  return l;
}

absl::Status InsertStep(Connection& conn, const std::string& livraison_id, int64_t seq, const EvenementSuivi& e) {
  absl::StatusOr<Statement> stmt = conn.Prepare(
      "INSERT INTO suivi (livraison_id, seq, statut, at_ms, lieu, commentaire) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.status();
  const BindValue values[] = {livraison_id, seq, std::string(StatutName(e.statut)), ToMs(e.at), e.lieu,
                              e.commentaire};
  for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
  return stmt->Finish();
}

class SqliteDeliveryStore final : public DeliveryStore {
 public:
  SqliteDeliveryStore(std::string path, SqliteDeliveryStoreOptions options, std::unique_ptr<Connection> writer)
      : options_(options),
        writer_(std::move(writer)),
        readers_(std::move(path), options.busy_timeout, options.max_idle_readers) {}

  absl::StatusOr<bool> Create(const Livraison& l, const bus::Message& event,
                              const std::optional<InboxMark>& inbox) override;
  absl::StatusOr<bool> Update(const Livraison& updated, int64_t expected_version, const bus::Message& event,
                              const std::optional<InboxMark>& inbox) override;
  absl::StatusOr<Livraison> Get(std::string_view id) override;
  absl::Status RecordCancellation(std::string_view commande_id, std::string_view raison) override;
  bus::TransactionScope ConsumerTransaction() override {
    return [this](const std::function<absl::Status()>& body) {
      std::lock_guard lock(write_mu_);
      return ::parfumerie::sqlite::RunInOneTransaction(*writer_, body);
    };
  }
  absl::StatusOr<Livraison> GetForOrder(std::string_view commande_id) override;
  absl::StatusOr<StoredPage> List(const ListFilter& filter) override;
  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override;
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override;
  absl::Status MarkPublished(std::span<const int64_t> seqs) override;
  absl::StatusOr<int64_t> PrunePublished(int64_t before_ms) override {
    std::lock_guard lock(write_mu_);
    return sqlite::PrunePublishedOutbox(*writer_, before_ms);
  }

 private:
  // A reader connection borrowed from the pool for one call.
  using Reader = ::parfumerie::sqlite::ReaderPool::Reader;

  absl::StatusOr<Reader> BorrowReader() { return readers_.Borrow(); }
  // Inside the writer's transaction: false when `inbox` was already applied.
  absl::StatusOr<bool> MarkInbox(const std::optional<InboxMark>& inbox, int64_t now_ms);

  const SqliteDeliveryStoreOptions options_;

  // One writer: SQLite serialises writers anyway; the mutex keeps in-process
  // writes fair instead of spinning on SQLITE_BUSY.
  // Recursive: a consumer's batch (ConsumerTransaction) holds it while the
  // store calls inside the batch take it again on the same thread.
  std::recursive_mutex write_mu_;
  std::unique_ptr<Connection> writer_;

  ::parfumerie::sqlite::ReaderPool readers_;
};


absl::StatusOr<bool> SqliteDeliveryStore::MarkInbox(const std::optional<InboxMark>& inbox, int64_t now_ms) {
  if (!inbox) return true;
  return sqlite::MarkApplied(*writer_, inbox->consumer, inbox->message_id, now_ms);
}

absl::StatusOr<bool> SqliteDeliveryStore::Create(const Livraison& l, const bus::Message& event,
                                                 const std::optional<InboxMark>& inbox) {
  const int64_t now_ms = NowMs();
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<bool> fresh = MarkInbox(inbox, now_ms);
  if (!fresh.ok() || !*fresh) return fresh;  // the rollback undoes nothing: nothing was written
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare("SELECT 1 FROM annulations WHERE commande_id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, l.commande_id);
    absl::StatusOr<bool> cancelled = stmt->Step();
    if (!cancelled.ok()) return cancelled.status();
    if (*cancelled) {
      return absl::FailedPreconditionError(
          absl::StrCat("commande_id: order ", l.commande_id, " was cancelled before its delivery"));
    }
  }
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(absl::StrCat(
        "INSERT INTO livraisons (", kColumns,
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"));
    if (!stmt.ok()) return stmt.status();
    const BindValue values[] = {l.id,
                                l.commande_id,
                                std::string(StatutName(l.statut)),
                                l.transporteur,
                                l.numero_suivi,
                                l.adresse.nom_complet,
                                l.adresse.ligne1,
                                l.adresse.ligne2,
                                l.adresse.code_postal,
                                l.adresse.ville,
                                l.adresse.pays,
                                l.adresse.telephone,
                                ToMs(l.cree_le),
                                ToMs(l.maj_le),
                                l.version};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    if (absl::Status s = stmt->Finish(); !s.ok()) {
      const int code = sqlite3_extended_errcode(writer_->db());
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(
            absl::StrCat("commande_id: order ", l.commande_id, " already has a delivery"));
      }
      return s;
    }
  }
  for (size_t i = 0; i < l.suivi.size(); ++i) {
    if (absl::Status s = InsertStep(*writer_, l.id, static_cast<int64_t>(i), l.suivi[i]); !s.ok()) return s;
  }
  if (absl::Status s = sqlite::AppendToOutbox(*writer_, event, now_ms); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return true;
}

absl::Status SqliteDeliveryStore::RecordCancellation(std::string_view commande_id, std::string_view raison) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<Statement> stmt = writer_->Prepare(
      "INSERT INTO annulations (commande_id, raison, at_ms) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING");
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string(commande_id));
  stmt->Bind(2, std::string(raison));
  stmt->Bind(3, NowMs());
  if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  return tx->Commit();
}

absl::StatusOr<bool> SqliteDeliveryStore::Update(const Livraison& u, int64_t expected_version,
                                                 const bus::Message& event, const std::optional<InboxMark>& inbox) {
  // The port's precondition; a caller breaking it has a bug, not a conflict.
  if (u.version != expected_version + 1 || u.suivi.empty()) {
    return absl::InternalError("delivery store: Update needs version = expected_version + 1 and a new step");
  }
  const int64_t now_ms = NowMs();
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<bool> fresh = MarkInbox(inbox, now_ms);
  if (!fresh.ok() || !*fresh) return fresh;
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        "UPDATE livraisons SET statut = ?2, maj_le_ms = ?3, version = ?4 WHERE id = ?1 AND version = ?5");
    if (!stmt.ok()) return stmt.status();
    const BindValue values[] = {u.id, std::string(StatutName(u.statut)), ToMs(u.maj_le), u.version,
                                expected_version};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  }
  if (writer_->Changes() == 0) {
    absl::StatusOr<Statement> stmt = writer_->Prepare("SELECT version FROM livraisons WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, u.id);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::NotFoundError(absl::StrCat("id: no delivery ", u.id));
    return absl::AbortedError(absl::StrCat("version: expected ", expected_version,
                                           " but the delivery is at version ", stmt->Int(0),
                                           "; read it again and retry"));
  }
  const auto seq = static_cast<int64_t>(u.suivi.size()) - 1;
  if (absl::Status s = InsertStep(*writer_, u.id, seq, u.suivi.back()); !s.ok()) return s;
  if (absl::Status s = sqlite::AppendToOutbox(*writer_, event, now_ms); !s.ok()) return s;
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return true;
}

absl::StatusOr<Livraison> SqliteDeliveryStore::Get(std::string_view id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return GetBy(**reader, "id", id, "id: no delivery ");
}

absl::StatusOr<Livraison> SqliteDeliveryStore::GetForOrder(std::string_view commande_id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return GetBy(**reader, "commande_id", commande_id, "commande_id: no delivery for order ");
}

absl::StatusOr<StoredPage> SqliteDeliveryStore::List(const ListFilter& filter) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  Connection& conn = **reader;
  // One read transaction: the page and the total describe the same snapshot.
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();

  std::vector<std::string> where;
  std::vector<BindValue> params;
  if (filter.statut) {
    params.emplace_back(std::string(StatutName(*filter.statut)));
    where.push_back(absl::StrCat("statut = ?", params.size()));
  }
  const std::string count_where = where.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(where, " AND "));
  const std::vector<BindValue> count_params = params;
  if (filter.after) {
    params.emplace_back(ToMs(filter.after->cree_le));
    params.emplace_back(filter.after->id);
    where.push_back(absl::StrCat("(cree_le_ms < ?", params.size() - 1, " OR (cree_le_ms = ?", params.size() - 1,
                                 " AND id < ?", params.size(), "))"));
  }
  params.emplace_back(int64_t{filter.limit} + 1);  // one more tells whether a next page exists
  const std::string sql =
      absl::StrCat("SELECT ", kColumns, " FROM livraisons",
                   where.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(where, " AND ")),
                   " ORDER BY cree_le_ms DESC, id DESC LIMIT ?", params.size());

  StoredPage page;
  {
    absl::StatusOr<Statement> stmt = conn.Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < params.size(); ++i) stmt->Bind(static_cast<int>(i) + 1, params[i]);
    for (;;) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (static_cast<int>(page.items.size()) == filter.limit) {
        page.more = true;
        break;
      }
      absl::StatusOr<Livraison> l = ReadRow(*stmt);
      if (!l.ok()) return l.status();
      page.items.push_back(*std::move(l));
    }
  }
  for (Livraison& l : page.items) {
    if (absl::Status s = LoadSuivi(conn, l); !s.ok()) return s;
  }
  {
    absl::StatusOr<Statement> stmt = conn.Prepare(absl::StrCat("SELECT COUNT(*) FROM livraisons", count_where));
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < count_params.size(); ++i) stmt->Bind(static_cast<int>(i) + 1, count_params[i]);
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    page.total = *row ? stmt->Int(0) : 0;
  }
  return page;
}

absl::StatusOr<std::vector<bus::OutboxEntry>> SqliteDeliveryStore::PendingOutbox(size_t limit) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return sqlite::PendingOutbox(**reader, limit);
}

absl::StatusOr<bus::OutboxStats> SqliteDeliveryStore::PendingOutboxStats() {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return sqlite::PendingOutboxStats(**reader);
}

absl::Status SqliteDeliveryStore::MarkPublished(std::span<const int64_t> seqs) {
  std::lock_guard lock(write_mu_);
  return sqlite::MarkPublished(*writer_, seqs, NowMs());
}

}  // namespace

absl::StatusOr<std::unique_ptr<DeliveryStore>> OpenSqliteDeliveryStore(const std::string& path,
                                                                       const SqliteDeliveryStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> writer = Connection::Open(path, options.busy_timeout);
  if (!writer.ok()) return writer.status();
  if (absl::Status s = sqlite_internal::Migrate(**writer); !s.ok()) return s;
  return std::make_unique<SqliteDeliveryStore>(path, options, *std::move(writer));
}

}  // namespace parfumerie::delivery

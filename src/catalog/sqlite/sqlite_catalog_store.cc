#include "catalog/sqlite/sqlite_catalog_store.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "boost/json.hpp"
#include "catalog/catalog_service.h"
#include "catalog/list_cursor.h"
#include "catalog/sqlite/connection.h"
#include "catalog/sqlite/schema.h"
#include "catalog/store_support.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

using sqlite_internal::BindValue;
using sqlite_internal::Connection;
using sqlite_internal::Statement;
using sqlite_internal::Transaction;

constexpr const char* kColumns =
    "id, nom, description, marque, famille, notes, contenance_ml, genre, prix_cents, image, stock, "
    "version, created_at_ms, updated_at_ms";

constexpr const char* kLive = "archived_at_ms IS NULL";

// --- Row mapping -------------------------------------------------------------

std::string NotesToJson(const Notes& notes) {
  auto array = [](const std::vector<std::string>& v) {
    boost::json::array a;
    for (const auto& s : v) a.emplace_back(boost::json::string_view(s.data(), s.size()));
    return a;
  };
  boost::json::object o;
  o["tete"] = array(notes.tete);
  o["coeur"] = array(notes.coeur);
  o["fond"] = array(notes.fond);
  return boost::json::serialize(o);
}

bool NotesFromJson(const std::string& text, Notes* notes) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) return false;
  for (auto [key, out] : {std::pair{"tete", &notes->tete}, std::pair{"coeur", &notes->coeur},
                          std::pair{"fond", &notes->fond}}) {
    const boost::json::value* level = v.as_object().if_contains(key);
    if (level == nullptr || !level->is_array()) return false;
    for (const auto& note : level->as_array()) {
      if (!note.is_string()) return false;
      out->emplace_back(note.as_string().c_str(), note.as_string().size());
    }
  }
  return true;
}

absl::StatusOr<Parfum> ReadParfum(const Statement& row) {
  Parfum p;
  p.id = row.Text(0);
  p.nom = row.Text(1);
  p.description = row.Text(2);
  p.marque = row.Text(3);
  std::optional<Famille> famille = ParseFamille(row.Text(4));
  std::optional<Genre> genre = ParseGenre(row.Text(7));
  if (!famille || !genre || !NotesFromJson(row.Text(5), &p.notes)) {
    return absl::InternalError(absl::StrCat("sqlite: corrupt row for parfum ", p.id));
  }
  p.famille = *famille;
  p.genre = *genre;
  p.contenance_ml = static_cast<int32_t>(row.Int(6));
  p.prix_cents = row.Int(8);
  p.image = row.Text(9);
  p.stock = static_cast<int32_t>(row.Int(10));
  p.version = row.Int(11);
  p.created_at = FromUnixMillis(row.Int(12));
  p.updated_at = FromUnixMillis(row.Int(13));
  return p;
}

// Reads the single row of a write ... RETURNING and completes the statement.
// nullopt: the WHERE clause matched nothing.
absl::StatusOr<std::optional<Parfum>> ReturnedParfum(Statement& stmt) {
  absl::StatusOr<bool> row = stmt.Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Parfum>();
  absl::StatusOr<Parfum> p = ReadParfum(stmt);
  if (!p.ok()) return p.status();
  if (absl::Status s = stmt.Finish(); !s.ok()) return s;
  return std::optional<Parfum>(*std::move(p));
}

absl::Status NotFound(std::string_view id) {
  return absl::NotFoundError(absl::StrCat("id: no perfume ", std::string(id)));
}

absl::Status VersionConflict(int64_t expected, int64_t current) {
  return absl::AbortedError(absl::StrCat("version: expected ", expected, " but the perfume is at version ",
                                         current, "; read it again and retry"));
}

std::string SortColumn(SortKey key) {
  switch (key) {
    case SortKey::kNom:
      return "nom_fold";
    case SortKey::kPrix:
      return "prix_cents";
    case SortKey::kCreatedAt:
      return "created_at_ms";
    case SortKey::kStock:
      return "stock";
  }
  return "nom_fold";
}

// --- The store ---------------------------------------------------------------

class SqliteCatalogStore final : public CatalogStore {
 public:
  SqliteCatalogStore(std::string path, SqliteCatalogStoreOptions options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}

  absl::Status Insert(const Parfum& p) override;
  absl::StatusOr<Parfum> Get(std::string_view id) override;
  absl::StatusOr<Parfum> Update(const Parfum& updated, int64_t expected_version) override;
  absl::StatusOr<Parfum> AdjustStock(std::string_view id, int32_t delta, std::optional<int64_t> expected_version,
                                     Timestamp now) override;
  absl::Status Archive(std::string_view id, std::optional<int64_t> expected_version, Timestamp now) override;
  absl::StatusOr<ParfumPage> List(const ListQuery& query) override;
  absl::StatusOr<int64_t> Count() override;

 private:
  // A reader connection borrowed from the pool for one call.
  class Reader {
   public:
    Reader(SqliteCatalogStore* store, std::unique_ptr<Connection> conn) : store_(store), conn_(std::move(conn)) {}
    Reader(Reader&&) = default;
    ~Reader() {
      if (conn_) store_->ReturnReader(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    SqliteCatalogStore* store_;
    std::unique_ptr<Connection> conn_;
  };

  absl::StatusOr<Reader> BorrowReader();
  void ReturnReader(std::unique_ptr<Connection> conn);

  // Version and stock of the live perfume `id`, NOT_FOUND if none: tells why
  // a conditional write matched nothing. Called inside the writer's
  // transaction, so the answer describes the state the write saw.
  absl::StatusOr<std::pair<int64_t, int64_t>> LiveVersionAndStock(std::string_view id);

  const std::string path_;
  const SqliteCatalogStoreOptions options_;

  // One writer: SQLite serialises writers anyway; holding the mutex instead of
  // spinning on SQLITE_BUSY keeps in-process writes fair and fast.
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;

  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

absl::StatusOr<SqliteCatalogStore::Reader> SqliteCatalogStore::BorrowReader() {
  {
    std::lock_guard lock(readers_mu_);
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return Reader(this, std::move(conn));
    }
  }
  absl::StatusOr<std::unique_ptr<Connection>> conn = Connection::Open(path_, options_.busy_timeout);
  if (!conn.ok()) return conn.status();
  // A reader never writes; query_only turns a bug that tries into an error.
  if (absl::Status s = (*conn)->Exec("PRAGMA query_only=ON"); !s.ok()) return s;
  return Reader(this, *std::move(conn));
}

void SqliteCatalogStore::ReturnReader(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(readers_mu_);
  if (static_cast<int>(idle_readers_.size()) < options_.max_idle_readers) {
    idle_readers_.push_back(std::move(conn));
  }
}

absl::StatusOr<std::pair<int64_t, int64_t>> SqliteCatalogStore::LiveVersionAndStock(std::string_view id) {
  absl::StatusOr<Statement> stmt =
      writer_->Prepare(absl::StrCat("SELECT version, stock FROM parfums WHERE id = ?1 AND ", kLive));
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string(id));
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return NotFound(id);
  return std::pair{stmt->Int(0), stmt->Int(1)};
}

absl::Status SqliteCatalogStore::Insert(const Parfum& p) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        "INSERT INTO parfums (id, nom, nom_fold, description, marque, marque_fold, famille, notes, "
        "contenance_ml, genre, prix_cents, image, stock, version, created_at_ms, updated_at_ms, "
        "archived_at_ms, search_text) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, NULL, ?17)");
    if (!stmt.ok()) return stmt.status();
    const BindValue values[] = {p.id,
                                p.nom,
                                FoldForSearch(p.nom),
                                p.description,
                                p.marque,
                                FoldForSearch(p.marque),
                                std::string(FamilleName(p.famille)),
                                NotesToJson(p.notes),
                                int64_t{p.contenance_ml},
                                std::string(GenreName(p.genre)),
                                p.prix_cents,
                                p.image,
                                int64_t{p.stock},
                                p.version,
                                ToUnixMillis(p.created_at),
                                ToUnixMillis(p.updated_at),
                                SearchText(p)};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    absl::Status s = stmt->Finish();
    if (!s.ok()) {
      if (sqlite3_extended_errcode(writer_->db()) == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(absl::StrCat("id: a perfume with id ", p.id, " already exists"));
      }
      if (sqlite3_extended_errcode(writer_->db()) == SQLITE_CONSTRAINT_CHECK) {
        return absl::InvalidArgumentError("stock: must not be negative");
      }
      return s;
    }
  }
  return tx->Commit();
}

absl::StatusOr<Parfum> SqliteCatalogStore::Get(std::string_view id) {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  absl::StatusOr<Statement> stmt =
      (*reader)->Prepare(absl::StrCat("SELECT ", kColumns, " FROM parfums WHERE id = ?1 AND ", kLive));
  if (!stmt.ok()) return stmt.status();
  stmt->Bind(1, std::string(id));
  absl::StatusOr<bool> row = stmt->Step();
  if (!row.ok()) return row.status();
  if (!*row) return NotFound(id);
  return ReadParfum(*stmt);
}

absl::StatusOr<Parfum> SqliteCatalogStore::Update(const Parfum& u, int64_t expected_version) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  std::optional<Parfum> result;
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(absl::StrCat(
        "UPDATE parfums SET nom = ?2, nom_fold = ?3, description = ?4, marque = ?5, marque_fold = ?6, "
        "famille = ?7, notes = ?8, contenance_ml = ?9, genre = ?10, prix_cents = ?11, image = ?12, "
        "search_text = ?13, updated_at_ms = ?14, version = version + 1 "
        "WHERE id = ?1 AND version = ?15 AND ",
        kLive, " RETURNING ", kColumns));
    if (!stmt.ok()) return stmt.status();
    // The search text is built from the new fields; stock is not one of them.
    const BindValue values[] = {u.id,
                                u.nom,
                                FoldForSearch(u.nom),
                                u.description,
                                u.marque,
                                FoldForSearch(u.marque),
                                std::string(FamilleName(u.famille)),
                                NotesToJson(u.notes),
                                int64_t{u.contenance_ml},
                                std::string(GenreName(u.genre)),
                                u.prix_cents,
                                u.image,
                                SearchText(u),
                                ToUnixMillis(u.updated_at),
                                expected_version};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    absl::StatusOr<std::optional<Parfum>> returned = ReturnedParfum(*stmt);
    if (!returned.ok()) return returned.status();
    result = *std::move(returned);
  }
  if (!result) {
    absl::StatusOr<std::pair<int64_t, int64_t>> live = LiveVersionAndStock(u.id);
    if (!live.ok()) return live.status();
    return VersionConflict(expected_version, live->first);
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return *std::move(result);
}

absl::StatusOr<Parfum> SqliteCatalogStore::AdjustStock(std::string_view id, int32_t delta,
                                                       std::optional<int64_t> expected_version, Timestamp now) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  std::optional<Parfum> result;
  {
    // One conditional UPDATE: the check and the change cannot be separated by
    // another writer, so stock never goes below zero.
    absl::StatusOr<Statement> stmt = writer_->Prepare(absl::StrCat(
        "UPDATE parfums SET stock = stock + ?2, version = version + 1, updated_at_ms = ?3 "
        "WHERE id = ?1 AND ",
        kLive, " AND stock + ?2 >= 0 AND stock + ?2 <= ?5 AND (?4 IS NULL OR version = ?4) RETURNING ",
        kColumns));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(id));
    stmt->Bind(2, int64_t{delta});
    stmt->Bind(3, ToUnixMillis(now));
    stmt->Bind(4, expected_version ? BindValue(*expected_version) : BindValue(nullptr));
    stmt->Bind(5, int64_t{kMaxStock});
    absl::StatusOr<std::optional<Parfum>> returned = ReturnedParfum(*stmt);
    if (!returned.ok()) return returned.status();
    result = *std::move(returned);
  }
  if (!result) {
    absl::StatusOr<std::pair<int64_t, int64_t>> live = LiveVersionAndStock(id);
    if (!live.ok()) return live.status();
    const auto [version, stock] = *live;
    if (expected_version && *expected_version != version) return VersionConflict(*expected_version, version);
    if (stock + delta < 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("stock: only ", stock, " in stock, cannot remove ", -int64_t{delta}));
    }
    return absl::FailedPreconditionError(
        absl::StrCat("stock: ", stock, " + ", delta, " would exceed the maximum of ", kMaxStock));
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  return *std::move(result);
}

absl::Status SqliteCatalogStore::Archive(std::string_view id, std::optional<int64_t> expected_version,
                                         Timestamp now) {
  std::lock_guard lock(write_mu_);
  absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  {
    absl::StatusOr<Statement> stmt = writer_->Prepare(absl::StrCat(
        "UPDATE parfums SET archived_at_ms = ?2, updated_at_ms = ?2, version = version + 1 "
        "WHERE id = ?1 AND ",
        kLive, " AND (?3 IS NULL OR version = ?3)"));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(id));
    stmt->Bind(2, ToUnixMillis(now));
    stmt->Bind(3, expected_version ? BindValue(*expected_version) : BindValue(nullptr));
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
  }
  if (writer_->Changes() == 0) {
    absl::StatusOr<std::pair<int64_t, int64_t>> live = LiveVersionAndStock(id);
    if (!live.ok()) return live.status();
    return VersionConflict(expected_version.value_or(0), live->first);
  }
  return tx->Commit();
}

absl::StatusOr<ParfumPage> SqliteCatalogStore::List(const ListQuery& query) {
  std::optional<CursorPosition> after;
  if (!query.cursor.empty()) {
    absl::StatusOr<CursorPosition> pos = DecodeCursor(query);
    if (!pos.ok()) return pos.status();
    after = *std::move(pos);
  }

  // The filters, shared by the count and the page.
  std::string where = kLive;
  std::vector<BindValue> binds;
  for (const std::string& term : SearchTerms(query.recherche)) {
    binds.emplace_back(absl::StrCat("%", EscapeLike(term), "%"));
    absl::StrAppend(&where, " AND search_text LIKE ?", binds.size(), " ESCAPE '\\'");
  }
  if (!query.marques.empty()) {
    std::vector<std::string> placeholders;
    for (const std::string& m : query.marques) {
      binds.emplace_back(FoldForSearch(TrimAsciiWhitespace(m)));
      placeholders.push_back(absl::StrCat("?", binds.size()));
    }
    absl::StrAppend(&where, " AND marque_fold IN (", absl::StrJoin(placeholders, ", "), ")");
  }
  if (query.famille) {
    binds.emplace_back(std::string(FamilleName(*query.famille)));
    absl::StrAppend(&where, " AND famille = ?", binds.size());
  }
  if (query.genre) {
    binds.emplace_back(std::string(GenreName(*query.genre)));
    absl::StrAppend(&where, " AND genre = ?", binds.size());
  }
  if (query.prix_min_cents) {
    binds.emplace_back(*query.prix_min_cents);
    absl::StrAppend(&where, " AND prix_cents >= ?", binds.size());
  }
  if (query.prix_max_cents) {
    binds.emplace_back(*query.prix_max_cents);
    absl::StrAppend(&where, " AND prix_cents <= ?", binds.size());
  }
  if (query.en_stock) absl::StrAppend(&where, " AND stock > 0");

  const std::string column = SortColumn(query.sort);
  const char* dir = query.descending ? "DESC" : "ASC";
  const char* beyond = query.descending ? "<" : ">";
  std::string page_where = where;
  std::vector<BindValue> page_binds = binds;
  if (after) {
    std::visit([&](const auto& v) { page_binds.emplace_back(v); }, after->sort_value);
    const size_t key = page_binds.size();
    page_binds.emplace_back(after->id);
    const size_t id = page_binds.size();
    absl::StrAppend(&page_where, " AND (", column, " ", beyond, " ?", key, " OR (", column, " = ?", key,
                    " AND id ", beyond, " ?", id, "))");
  }
  const int32_t limit = std::clamp(query.limit, 1, kMaxPageSize);
  page_binds.emplace_back(int64_t{limit} + 1);  // one more tells whether a next page exists
  const std::string page_sql = absl::StrCat("SELECT ", kColumns, " FROM parfums WHERE ", page_where, " ORDER BY ",
                                            column, " ", dir, ", id ", dir, " LIMIT ?", page_binds.size());

  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  // One read transaction: the total and the page come from the same snapshot.
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  ParfumPage page;
  {
    absl::StatusOr<Statement> count = (*reader)->Prepare(absl::StrCat("SELECT COUNT(*) FROM parfums WHERE ", where));
    if (!count.ok()) return count.status();
    for (size_t i = 0; i < binds.size(); ++i) count->Bind(static_cast<int>(i + 1), binds[i]);
    absl::StatusOr<bool> row = count->Step();
    if (!row.ok()) return row.status();
    page.total = count->Int(0);
  }
  {
    absl::StatusOr<Statement> stmt = (*reader)->Prepare(page_sql);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < page_binds.size(); ++i) stmt->Bind(static_cast<int>(i + 1), page_binds[i]);
    for (;;) {
      absl::StatusOr<bool> row = stmt->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      absl::StatusOr<Parfum> p = ReadParfum(*stmt);
      if (!p.ok()) return p.status();
      page.items.push_back(*std::move(p));
    }
  }
  if (absl::Status s = tx->Commit(); !s.ok()) return s;
  if (static_cast<int32_t>(page.items.size()) > limit) {
    page.items.resize(limit);
    const Parfum& last = page.items.back();
    page.next_cursor = EncodeCursor(query, CursorPosition{SortValueOf(last, query.sort), last.id});
  }
  return page;
}

absl::StatusOr<int64_t> SqliteCatalogStore::Count() {
  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  return (*reader)->QueryInt(absl::StrCat("SELECT COUNT(*) FROM parfums WHERE ", kLive));
}

}  // namespace

absl::StatusOr<std::unique_ptr<CatalogStore>> OpenSqliteCatalogStore(const std::string& path,
                                                                     const SqliteCatalogStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> writer = Connection::Open(path, options.busy_timeout);
  if (!writer.ok()) return writer.status();
  if (absl::Status s = sqlite_internal::Migrate(**writer); !s.ok()) return s;
  return std::make_unique<SqliteCatalogStore>(path, options, *std::move(writer));
}

}  // namespace parfumerie::catalog

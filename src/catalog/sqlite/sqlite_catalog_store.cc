#include "catalog/sqlite/sqlite_catalog_store.h"

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/catalog_service.h"
#include "catalog/list_cursor.h"
#include "sqlite/connection.h"
#include "catalog/sqlite/database.h"
#include "catalog/sqlite/list_sql.h"
#include "catalog/sqlite/parfum_row.h"
#include "catalog/sqlite/schema.h"
#include "catalog/store_support.h"
#include "catalog/text.h"

namespace parfumerie::catalog {
namespace {

using sqlite_internal::BindValue;
using sqlite_internal::Connection;
using sqlite_internal::Statement;
using sqlite_internal::Transaction;

using sqlite_internal::NotesToJson;
using sqlite_internal::ReadParfum;
using sqlite_internal::ReturnedParfum;

constexpr const char* kColumns = sqlite_internal::kParfumColumns;
constexpr const char* kLive = sqlite_internal::kLiveRows;

absl::Status NotFound(std::string_view id) {
  return absl::NotFoundError(absl::StrCat("id: no perfume ", std::string(id)));
}

absl::Status VersionConflict(int64_t expected, int64_t current) {
  return absl::AbortedError(absl::StrCat("version: expected ", expected, " but the perfume is at version ",
                                         current, "; read it again and retry"));
}

// --- The store ---------------------------------------------------------------

class SqliteCatalogStore final : public CatalogStore {
 public:
  explicit SqliteCatalogStore(std::shared_ptr<sqlite_internal::Database> db)
      : db_(std::move(db)), write_mu_(db_->write_mu()), writer_(&db_->writer()) {}

  absl::Status Insert(const Parfum& p) override;
  absl::StatusOr<Parfum> Get(std::string_view id) override;
  absl::StatusOr<Parfum> Update(const Parfum& updated, int64_t expected_version) override;
  absl::StatusOr<Parfum> AdjustStock(std::string_view id, int32_t delta, std::optional<int64_t> expected_version,
                                     Timestamp now) override;
  absl::Status Archive(std::string_view id, std::optional<int64_t> expected_version, Timestamp now) override;
  absl::StatusOr<ParfumPage> List(const ListQuery& query) override;
  absl::StatusOr<int64_t> Count() override;

 private:
  using Reader = sqlite_internal::Database::Reader;
  absl::StatusOr<Reader> BorrowReader() { return db_->BorrowReader(); }

  // Version and stock of the live perfume `id`, NOT_FOUND if none: tells why
  // a conditional write matched nothing. Called inside the writer's
  // transaction, so the answer describes the state the write saw.
  absl::StatusOr<std::pair<int64_t, int64_t>> LiveVersionAndStock(std::string_view id);

  // The database is shared with the order store and the outbox source (one
  // writer connection for all of them, see database.h).
  std::shared_ptr<sqlite_internal::Database> db_;
  std::recursive_mutex& write_mu_;
  Connection* writer_;
};

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
        "archived_at_ms, search_text, stock_entrees) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, NULL, ?17, "
        "?18)");
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
                                SearchText(p),
                                p.stock_entrees};
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
        "UPDATE parfums SET stock = stock + ?2, stock_entrees = stock_entrees + ?2, "
        "version = version + 1, updated_at_ms = ?3 "
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
  const sqlite_internal::ListSql sql = sqlite_internal::BuildListSql(query, after);

  absl::StatusOr<Reader> reader = BorrowReader();
  if (!reader.ok()) return reader.status();
  // One read transaction: the total and the page come from the same snapshot.
  absl::StatusOr<Transaction> tx = Transaction::Begin(**reader, Transaction::Kind::kDeferred);
  if (!tx.ok()) return tx.status();
  ParfumPage page;
  {
    absl::StatusOr<Statement> count = (*reader)->Prepare(sql.count);
    if (!count.ok()) return count.status();
    for (size_t i = 0; i < sql.count_binds.size(); ++i) count->Bind(static_cast<int>(i + 1), sql.count_binds[i]);
    absl::StatusOr<bool> row = count->Step();
    if (!row.ok()) return row.status();
    page.total = count->Int(0);
  }
  {
    absl::StatusOr<Statement> stmt = (*reader)->Prepare(sql.page);
    if (!stmt.ok()) return stmt.status();
    for (size_t i = 0; i < sql.page_binds.size(); ++i) stmt->Bind(static_cast<int>(i + 1), sql.page_binds[i]);
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
  if (static_cast<int32_t>(page.items.size()) > sql.limit) {
    page.items.resize(sql.limit);
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

namespace sqlite_internal {

std::unique_ptr<CatalogStore> NewCatalogStore(std::shared_ptr<Database> db) {
  return std::make_unique<SqliteCatalogStore>(std::move(db));
}

}  // namespace sqlite_internal

absl::StatusOr<std::unique_ptr<CatalogStore>> OpenSqliteCatalogStore(const std::string& path,
                                                                     const SqliteCatalogStoreOptions& options) {
  absl::StatusOr<std::shared_ptr<sqlite_internal::Database>> db = sqlite_internal::Database::Open(path, options);
  if (!db.ok()) return db.status();
  return sqlite_internal::NewCatalogStore(*std::move(db));
}

}  // namespace parfumerie::catalog

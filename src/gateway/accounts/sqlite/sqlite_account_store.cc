#include "gateway/accounts/sqlite/sqlite_account_store.h"

#include <iterator>
#include <mutex>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "sqlite/connection.h"
#include "sqlite/migrate.h"
#include "sqlite/reader_pool.h"

namespace parfumerie::gateway::accounts {
namespace {

using sqlite::BindValue;
using sqlite::Connection;
using sqlite::Statement;

// 1: accounts. The email's UNIQUE index is what makes two racing sign-ups
// with one address create one account, whatever the code above loses.
constexpr const char* kComptesSql = R"sql(
  CREATE TABLE comptes (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    nom TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('CLIENT', 'ADMIN')),
    password_hash TEXT NOT NULL,
    cree_le_ms INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX comptes_by_email ON comptes (email);
)sql";

constexpr const char* kColumns = "id, email, nom, role, password_hash, cree_le_ms";

int64_t ToUnixMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

absl::StatusOr<Compte> ReadCompte(const Statement& row) {
  Compte c;
  c.id = row.Text(0);
  c.email = row.Text(1);
  c.nom = row.Text(2);
  std::optional<Role> role = ParseRole(row.Text(3));
  if (!role) return absl::InternalError(absl::StrCat("comptes: unknown role in row ", c.id));
  c.role = *role;
  c.password_hash = row.Text(4);
  c.created_at = Timestamp(std::chrono::milliseconds(row.Int(5)));
  return c;
}

class SqliteAccountStore final : public AccountStore {
 public:
  SqliteAccountStore(std::string path, const SqliteAccountStoreOptions& options,
                     std::unique_ptr<Connection> writer)
      : writer_(std::move(writer)),
        readers_(std::move(path), options.busy_timeout, options.max_idle_readers) {}

  absl::Status Create(const Compte& c) override {
    std::lock_guard lock(write_mu_);
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        absl::StrCat("INSERT INTO comptes (", kColumns, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    if (!stmt.ok()) return stmt.status();
    const BindValue values[] = {c.id,
                                c.email,
                                c.nom,
                                std::string(RoleName(c.role)),
                                c.password_hash,
                                ToUnixMillis(c.created_at)};
    for (int i = 0; i < static_cast<int>(std::size(values)); ++i) stmt->Bind(i + 1, values[i]);
    absl::Status s = stmt->Finish();
    if (s.ok()) return s;
    switch (sqlite3_extended_errcode(writer_->db())) {
      case SQLITE_CONSTRAINT_UNIQUE:  // the only UNIQUE index is the email's
        return absl::AlreadyExistsError("email: an account already exists with this address");
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        return absl::AlreadyExistsError(absl::StrCat("id: account ", c.id, " already exists"));
      default:
        return s;
    }
  }

  absl::StatusOr<Compte> Get(std::string_view id) override {
    absl::StatusOr<std::optional<Compte>> c = Find("id", id);
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return **std::move(c);
  }

  absl::StatusOr<Compte> FindByEmail(std::string_view email) override {
    absl::StatusOr<std::optional<Compte>> c = Find("email", email);
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError("email: no account with this address");
    return **std::move(c);
  }

  absl::Status UpdatePasswordHash(std::string_view id, std::string_view expected_hash,
                                  std::string_view new_hash) override {
    std::lock_guard lock(write_mu_);
    absl::StatusOr<Statement> stmt = writer_->Prepare(
        "UPDATE comptes SET password_hash = ?3 WHERE id = ?1 AND password_hash = ?2");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(id));
    stmt->Bind(2, std::string(expected_hash));
    stmt->Bind(3, std::string(new_hash));
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
    if (writer_->Changes() > 0) return absl::OkStatus();
    // Under the write lock: nothing changed between the UPDATE and this.
    absl::StatusOr<std::optional<Compte>> c = FindOn(*writer_, "id", id);
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return absl::FailedPreconditionError("password_hash: changed since it was read");
  }

  absl::Status SetRole(std::string_view id, Role role) override {
    std::lock_guard lock(write_mu_);
    absl::StatusOr<Statement> stmt = writer_->Prepare("UPDATE comptes SET role = ?2 WHERE id = ?1");
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(id));
    stmt->Bind(2, std::string(RoleName(role)));
    if (absl::Status s = stmt->Finish(); !s.ok()) return s;
    if (writer_->Changes() == 0)
      return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<std::optional<Compte>> Find(const char* column, std::string_view value) {
    absl::StatusOr<sqlite::ReaderPool::Reader> reader = readers_.Borrow();
    if (!reader.ok()) return reader.status();
    return FindOn(**reader, column, value);
  }

  static absl::StatusOr<std::optional<Compte>> FindOn(Connection& conn, const char* column,
                                                      std::string_view value) {
    absl::StatusOr<Statement> stmt =
        conn.Prepare(absl::StrCat("SELECT ", kColumns, " FROM comptes WHERE ", column, " = ?1"));
    if (!stmt.ok()) return stmt.status();
    stmt->Bind(1, std::string(value));
    absl::StatusOr<bool> row = stmt->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<Compte>();
    absl::StatusOr<Compte> c = ReadCompte(*stmt);
    if (!c.ok()) return c.status();
    return std::optional<Compte>(*std::move(c));
  }

  // One writer: SQLite serialises writers anyway; the mutex keeps in-process
  // writes fair instead of spinning on SQLITE_BUSY.
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;
  sqlite::ReaderPool readers_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AccountStore>> OpenSqliteAccountStore(
    const std::string& path, const SqliteAccountStoreOptions& options) {
  absl::StatusOr<std::unique_ptr<Connection>> writer = Connection::Open(path, options.busy_timeout);
  if (!writer.ok()) return writer.status();
  // Migration N takes the schema from N-1 to N; never edit a released one.
  const char* const migrations[] = {kComptesSql};
  static_assert(std::size(migrations) == kSqliteAccountSchemaVersion);
  if (absl::Status s = sqlite::Migrate(**writer, "the gateway database", migrations); !s.ok())
    return s;
  return std::make_unique<SqliteAccountStore>(path, options, *std::move(writer));
}

}  // namespace parfumerie::gateway::accounts

#include "gateway/accounts/mongo/mongo_account_store.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mongo/database.h"

namespace parfumerie::gateway::accounts {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;

constexpr char kComptes[] = "comptes";
constexpr char kWhat[] = "comptes";

int64_t ToUnixMillis(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

Bson ById(std::string_view id) {
  Bson filter;
  AppendString(filter.get(), "_id", id);
  return filter;
}

absl::StatusOr<Compte> ReadCompte(const bson_t& doc) {
  absl::StatusOr<std::string> id = mongo::GetString(doc, "_id", kWhat);
  absl::StatusOr<std::string> email = mongo::GetString(doc, "email", kWhat);
  absl::StatusOr<std::string> nom = mongo::GetString(doc, "nom", kWhat);
  absl::StatusOr<std::string> role = mongo::GetString(doc, "role", kWhat);
  absl::StatusOr<std::string> hash = mongo::GetString(doc, "password_hash", kWhat);
  absl::StatusOr<int64_t> created = mongo::GetInt64(doc, "cree_le_ms", kWhat);
  for (const absl::Status& s :
       {id.status(), email.status(), nom.status(), role.status(), hash.status(), created.status()}) {
    if (!s.ok()) return s;
  }
  std::optional<Role> parsed = ParseRole(*role);
  if (!parsed) return absl::DataLossError(absl::StrCat("comptes: unknown role in document ", *id));
  return Compte{*std::move(id), *std::move(email), *std::move(nom), *parsed, *std::move(hash),
                Timestamp(std::chrono::milliseconds(*created))};
}

class MongoAccountStore final : public AccountStore {
 public:
  explicit MongoAccountStore(std::shared_ptr<mongo::Database> db) : db_(std::move(db)) {}

  absl::Status Create(const Compte& c) override {
    Bson doc;
    AppendString(doc.get(), "_id", c.id);
    AppendString(doc.get(), "email", c.email);
    AppendString(doc.get(), "nom", c.nom);
    AppendString(doc.get(), "role", RoleName(c.role));
    AppendString(doc.get(), "password_hash", c.password_hash);
    AppendInt64(doc.get(), "cree_le_ms", ToUnixMillis(c.created_at));
    mongo::Collection comptes = db_->collection(kComptes);
    absl::Status s = comptes.InsertOne(*doc);
    if (!absl::IsAlreadyExists(s)) return s;
    // Which index refused it: servers word the message differently (FerretDB
    // names no index), so ask. The email is checked first, as a sign-up cares.
    Bson by_email;
    AppendString(by_email.get(), "email", c.email);
    absl::StatusOr<std::optional<Bson>> owner = comptes.FindOne(*by_email);
    if (!owner.ok()) return owner.status();
    if (owner->has_value()) return absl::AlreadyExistsError("email: an account already exists with this address");
    return absl::AlreadyExistsError(absl::StrCat("id: account ", c.id, " already exists"));
  }

  absl::StatusOr<Compte> Get(std::string_view id) override {
    absl::StatusOr<std::optional<Compte>> c = Find(*ById(id));
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return **std::move(c);
  }

  absl::StatusOr<Compte> FindByEmail(std::string_view email) override {
    Bson filter;
    AppendString(filter.get(), "email", email);
    absl::StatusOr<std::optional<Compte>> c = Find(*filter);
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError("email: no account with this address");
    return **std::move(c);
  }

  absl::Status UpdatePasswordHash(std::string_view id, std::string_view expected_hash,
                                  std::string_view new_hash) override {
    // Compare-and-set in one command: the filter holds the expected hash
    // (serialised in-process where the server's updates are not atomic).
    auto lock = db_->SerializeWrites();
    Bson filter = ById(id);
    AppendString(filter.get(), "password_hash", expected_hash);
    Bson update;
    bson_t set;
    BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
    AppendString(&set, "password_hash", new_hash);
    bson_append_document_end(update.get(), &set);
    absl::StatusOr<mongo::UpdateResult> r = db_->collection(kComptes).UpdateOne(*filter, *update);
    if (!r.ok()) return r.status();
    if (r->matched > 0) return absl::OkStatus();
    absl::StatusOr<std::optional<Compte>> c = Find(*ById(id));
    if (!c.ok()) return c.status();
    if (!*c) return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return absl::FailedPreconditionError("password_hash: changed since it was read");
  }

  absl::Status SetRole(std::string_view id, Role role) override {
    auto lock = db_->SerializeWrites();
    Bson update;
    bson_t set;
    BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
    AppendString(&set, "role", RoleName(role));
    bson_append_document_end(update.get(), &set);
    absl::StatusOr<mongo::UpdateResult> r = db_->collection(kComptes).UpdateOne(*ById(id), *update);
    if (!r.ok()) return r.status();
    if (r->matched == 0) return absl::NotFoundError(absl::StrCat("id: no account ", std::string(id)));
    return absl::OkStatus();
  }

 private:
  absl::StatusOr<std::optional<Compte>> Find(const bson_t& filter) {
    absl::StatusOr<std::optional<Bson>> doc = db_->collection(kComptes).FindOne(filter);
    if (!doc.ok()) return doc.status();
    if (!doc->has_value()) return std::optional<Compte>();
    absl::StatusOr<Compte> c = ReadCompte(***doc);
    if (!c.ok()) return c.status();
    return std::optional<Compte>(*std::move(c));
  }

  std::shared_ptr<mongo::Database> db_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<AccountStore>> OpenMongoAccountStore(const std::string& uri,
                                                                     const std::string& database) {
  absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri, database);
  if (!db.ok()) return db.status();
  std::vector<mongo::IndexSpec> indexes;
  // The unique index is what makes two racing sign-ups with one address
  // create one account.
  indexes.push_back(mongo::IndexSpec{"email_unique", Bson(BCON_NEW("email", BCON_INT32(1))), true});
  if (absl::Status s = (*db)->CreateIndexes(kComptes, indexes); !s.ok()) return s;
  return std::make_unique<MongoAccountStore>(*std::move(db));
}

}  // namespace parfumerie::gateway::accounts

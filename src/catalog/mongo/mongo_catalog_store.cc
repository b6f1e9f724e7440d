// The perfume store on the catalogue's MongoDB database: one document per
// perfume; every conditional write is one guarded update, under
// db->SerializeWrites(), then a read of the result under the same lock.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/catalog_service.h"
#include "catalog/list_cursor.h"
#include "catalog/mongo/documents.h"
#include "catalog/mongo/store.h"
#include "catalog/store_support.h"
#include "catalog/text.h"

namespace parfumerie::catalog::mongo_internal {
namespace {

using mongo::AppendInt64;
using mongo::AppendString;
using mongo::Bson;
using mongo::DocRef;

absl::Status NotFound(std::string_view id) {
  return absl::NotFoundError(absl::StrCat("id: no perfume ", std::string(id)));
}

absl::Status VersionConflict(int64_t expected, int64_t current) {
  return absl::AbortedError(absl::StrCat("version: expected ", expected, " but the perfume is at version ", current,
                                         "; read it again and retry"));
}

const char* SortField(SortKey key) {
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

// A regular expression matching `text` literally.
std::string RegexLiteral(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The filter of a ListQuery (without the cursor), as BuildListSql has it.
Bson ListFilter(const ListQuery& q) {
  Bson filter;
  bson_t* f = filter.get();
  AppendBool(f, "archive", false);
  const std::vector<std::string> terms = SearchTerms(q.recherche);
  if (!terms.empty()) {
    bson_t all;
    BSON_APPEND_ARRAY_BEGIN(f, "$and", &all);
    for (size_t i = 0; i < terms.size(); ++i) {
      bson_t term;
      const std::string key = std::to_string(i);
      BSON_APPEND_DOCUMENT_BEGIN(&all, key.c_str(), &term);
      AppendOp(&term, "search_text", "$regex", RegexLiteral(terms[i]));
      bson_append_document_end(&all, &term);
    }
    bson_append_array_end(f, &all);
  }
  if (!q.marques.empty()) {
    bson_t in, values;
    BSON_APPEND_DOCUMENT_BEGIN(f, "marque_fold", &in);
    BSON_APPEND_ARRAY_BEGIN(&in, "$in", &values);
    for (size_t i = 0; i < q.marques.size(); ++i) {
      AppendString(&values, std::to_string(i), FoldForSearch(TrimAsciiWhitespace(q.marques[i])));
    }
    bson_append_array_end(&in, &values);
    bson_append_document_end(f, &in);
  }
  if (q.famille) AppendString(f, "famille", FamilleName(*q.famille));
  if (q.genre) AppendString(f, "genre", GenreName(*q.genre));
  if (q.prix_min_cents || q.prix_max_cents) {
    bson_t range;
    BSON_APPEND_DOCUMENT_BEGIN(f, "prix_cents", &range);
    if (q.prix_min_cents) AppendInt64(&range, "$gte", *q.prix_min_cents);
    if (q.prix_max_cents) AppendInt64(&range, "$lte", *q.prix_max_cents);
    bson_append_document_end(f, &range);
  }
  if (q.en_stock) AppendOp(f, "stock", "$gt", int64_t{0});
  return filter;
}

class MongoCatalogStore final : public CatalogStore {
 public:
  explicit MongoCatalogStore(std::shared_ptr<Shared> shared) : s_(std::move(shared)) {}

  absl::Status Insert(const Parfum& p) override;
  absl::StatusOr<Parfum> Get(std::string_view id) override;
  absl::StatusOr<Parfum> Update(const Parfum& updated, int64_t expected_version) override;
  absl::StatusOr<Parfum> AdjustStock(std::string_view id, int32_t delta, std::optional<int64_t> expected_version,
                                     Timestamp now) override;
  absl::Status Archive(std::string_view id, std::optional<int64_t> expected_version, Timestamp now) override;
  absl::StatusOr<ParfumPage> List(const ListQuery& query) override;
  absl::StatusOr<int64_t> Count() override;

 private:
  mongo::Database& db() { return *s_->db; }
  // {_id: id, archive: false[, version: expected]}
  static Bson LiveFilter(std::string_view id, std::optional<int64_t> expected_version) {
    Bson filter = ById(id);
    AppendBool(filter.get(), "archive", false);
    if (expected_version) AppendInt64(filter.get(), "version", *expected_version);
    return filter;
  }

  std::shared_ptr<Shared> s_;
};

absl::Status MongoCatalogStore::Insert(const Parfum& p) {
  if (p.stock < 0) return absl::InvalidArgumentError("stock: must not be negative");
  // Inserts need no lock: the _id index is enforced atomically.
  absl::Status s = db().collection(kParfums).InsertOne(*ParfumDocument(p));
  if (absl::IsAlreadyExists(s)) {
    return absl::AlreadyExistsError(absl::StrCat("id: a perfume with id ", p.id, " already exists"));
  }
  return s;
}

absl::StatusOr<Parfum> MongoCatalogStore::Get(std::string_view id) {
  Bson opts = ParfumProjection();
  absl::StatusOr<std::optional<Bson>> doc = db().collection(kParfums).FindOne(*LiveFilter(id, {}), opts.get());
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return NotFound(id);
  return ReadParfum(***doc);
}

absl::StatusOr<Parfum> MongoCatalogStore::Update(const Parfum& u, int64_t expected_version) {
  Bson update;
  bson_t set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendEditableFields(&set, u);
  AppendInt64(&set, "updated_at_ms", ToUnixMillis(u.updated_at));
  AppendInt64(&set, "version", expected_version + 1);
  bson_append_document_end(update.get(), &set);
  auto lock = db().SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<mongo::UpdateResult> r =
      db().collection(kParfums).UpdateOne(*LiveFilter(u.id, expected_version), *update);
  if (!r.ok()) return r.status();
  absl::StatusOr<Parfum> stored = Get(u.id);
  if (!stored.ok()) return stored.status();
  if (r->matched == 0) return VersionConflict(expected_version, stored->version);
  return stored;
}

absl::StatusOr<Parfum> MongoCatalogStore::AdjustStock(std::string_view id, int32_t delta,
                                                      std::optional<int64_t> expected_version, Timestamp now) {
  // The bounds are in the filter: check and change are one update.
  Bson filter = LiveFilter(id, expected_version);
  bson_t range;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "stock", &range);
  AppendInt64(&range, "$gte", -int64_t{delta});
  AppendInt64(&range, "$lte", int64_t{kMaxStock} - delta);
  bson_append_document_end(filter.get(), &range);
  Bson update;
  bson_t inc, set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$inc", &inc);
  AppendInt64(&inc, "stock", delta);
  AppendInt64(&inc, "stock_entrees", delta);
  AppendInt64(&inc, "version", 1);
  bson_append_document_end(update.get(), &inc);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendInt64(&set, "updated_at_ms", ToUnixMillis(now));
  bson_append_document_end(update.get(), &set);
  auto lock = db().SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<mongo::UpdateResult> r = db().collection(kParfums).UpdateOne(*filter, *update);
  if (!r.ok()) return r.status();
  absl::StatusOr<Parfum> stored = Get(id);
  if (!stored.ok()) return stored.status();
  if (r->matched > 0) return stored;
  if (expected_version && *expected_version != stored->version) {
    return VersionConflict(*expected_version, stored->version);
  }
  if (int64_t{stored->stock} + delta < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("stock: only ", stored->stock, " in stock, cannot remove ", -int64_t{delta}));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("stock: ", stored->stock, " + ", delta, " would exceed the maximum of ", kMaxStock));
}

absl::Status MongoCatalogStore::Archive(std::string_view id, std::optional<int64_t> expected_version,
                                        Timestamp now) {
  Bson update;
  bson_t set, inc;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  AppendBool(&set, "archive", true);
  AppendInt64(&set, "archived_at_ms", ToUnixMillis(now));
  AppendInt64(&set, "updated_at_ms", ToUnixMillis(now));
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$inc", &inc);
  AppendInt64(&inc, "version", 1);
  bson_append_document_end(update.get(), &inc);
  auto lock = db().SerializeWrites();
  if (!lock.ok()) return lock.status();
  absl::StatusOr<mongo::UpdateResult> r =
      db().collection(kParfums).UpdateOne(*LiveFilter(id, expected_version), *update);
  if (!r.ok()) return r.status();
  if (r->matched > 0) return absl::OkStatus();
  absl::StatusOr<Parfum> live = Get(id);
  if (!live.ok()) return live.status();
  return VersionConflict(expected_version.value_or(0), live->version);
}

absl::StatusOr<ParfumPage> MongoCatalogStore::List(const ListQuery& query) {
  std::optional<CursorPosition> after;
  if (!query.cursor.empty()) {
    absl::StatusOr<CursorPosition> pos = DecodeCursor(query);
    if (!pos.ok()) return pos.status();
    after = *std::move(pos);
  }
  const Bson base = ListFilter(query);
  const char* field = SortField(query.sort);
  const int dir = query.descending ? -1 : 1;
  Bson page_filter = Bson::Copy(*base);
  if (after) AppendStrictlyAfter(page_filter.get(), field, after->sort_value, after->id, dir);
  const int32_t limit = std::clamp(query.limit, 1, kMaxPageSize);
  Bson opts(BCON_NEW("projection", "{", kReservations, BCON_INT32(0), kLiberations, BCON_INT32(0), "}", "sort", "{",
                     field, BCON_INT32(dir), "_id", BCON_INT32(dir), "}", "limit", BCON_INT64(int64_t{limit} + 1)));
  ParfumPage page;
  bool more = false;
  mongo::Collection parfums = db().collection(kParfums);
  absl::Status s = parfums.Find(*page_filter, opts.get(), [&](DocRef ref) -> absl::Status {
    if (static_cast<int32_t>(page.items.size()) == limit) {
      more = true;
      return absl::OkStatus();
    }
    absl::StatusOr<Parfum> p = ReadParfum(ref.doc);
    if (!p.ok()) return p.status();
    page.items.push_back(*std::move(p));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  // Not the page's snapshot: a write in between may change the total.
  absl::StatusOr<int64_t> total = parfums.Count(*base);
  if (!total.ok()) return total.status();
  page.total = *total;
  if (more) {
    const Parfum& last = page.items.back();
    page.next_cursor = EncodeCursor(query, CursorPosition{SortValueOf(last, query.sort), last.id});
  }
  return page;
}

absl::StatusOr<int64_t> MongoCatalogStore::Count() {
  Bson filter;
  AppendBool(filter.get(), "archive", false);
  return db().collection(kParfums).Count(*filter);
}

}  // namespace

std::unique_ptr<CatalogStore> NewCatalogStore(std::shared_ptr<Shared> shared) {
  return std::make_unique<MongoCatalogStore>(std::move(shared));
}

}  // namespace parfumerie::catalog::mongo_internal

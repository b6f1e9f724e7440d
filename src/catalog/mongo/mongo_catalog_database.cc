#include "catalog/mongo/mongo_catalog_database.h"

#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "catalog/mongo/documents.h"
#include "catalog/mongo/store.h"
#include "mongo/outbox.h"

namespace parfumerie::catalog {
namespace mongo_internal {
namespace {

using mongo::Bson;
using mongo::IndexSpec;

// The relay's view: the order events queued in the `commandes` documents.
class MongoOutboxSource final : public bus::OutboxSource {
 public:
  explicit MongoOutboxSource(std::shared_ptr<Shared> shared) : s_(std::move(shared)) {}

  absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(size_t limit) override {
    mongo::Collection commandes = s_->db->collection(kCommandes);
    return mongo::PendingOutbox(commandes, limit);
  }
  absl::Status MarkPublished(std::span<const int64_t> seqs) override {
    auto lock = s_->db->SerializeWrites();
    if (!lock.ok()) return lock.status();
    mongo::Collection commandes = s_->db->collection(kCommandes);
    return mongo::MarkPublished(commandes, seqs);
  }
  absl::StatusOr<bus::OutboxStats> PendingOutboxStats() override {
    mongo::Collection commandes = s_->db->collection(kCommandes);
    return mongo::PendingOutboxStats(commandes);
  }

 private:
  std::shared_ptr<Shared> s_;
};

Bson Keys(std::initializer_list<std::pair<const char*, int>> keys) {
  Bson doc;
  for (const auto& [name, dir] : keys) BSON_APPEND_INT32(doc.get(), name, dir);
  return doc;
}

absl::Status CreateIndexes(mongo::Database& db) {
  std::vector<IndexSpec> parfums;
  // Every sort of List, live perfumes first in the key.
  for (const char* field : {"nom_fold", "prix_cents", "created_at_ms", "stock"}) {
    parfums.push_back(IndexSpec{absl::StrCat("by_", field), Keys({{"archive", 1}, {field, 1}, {"_id", 1}}), false});
  }
  parfums.push_back(IndexSpec{"by_marque", Keys({{"archive", 1}, {"marque_fold", 1}}), false});
  parfums.push_back(IndexSpec{"reservations", Keys({{kReservations, 1}}), false});
  parfums.push_back(IndexSpec{"liberations", Keys({{kLiberations, 1}}), false});
  if (absl::Status s = db.CreateIndexes(kParfums, parfums); !s.ok()) return s;

  std::vector<IndexSpec> commandes = mongo::OutboxIndexes();
  // One order per idempotency key, even when writers race.
  commandes.push_back(IndexSpec{"cle_unique", Keys({{"cle", 1}}), true});
  commandes.push_back(IndexSpec{"newest_first", Keys({{"placee", 1}, {"placed_at_ms", -1}, {"_id", -1}}), false});
  commandes.push_back(IndexSpec{
      "by_client", Keys({{"placee", 1}, {"client_id", 1}, {"placed_at_ms", -1}, {"_id", -1}}), false});
  commandes.push_back(
      IndexSpec{"by_statut", Keys({{"placee", 1}, {"statut", 1}, {"placed_at_ms", -1}, {"_id", -1}}), false});
  commandes.push_back(IndexSpec{"awaiting_payment", Keys({{"statut", 1}, {"payment_deadline_ms", 1}}), false});
  commandes.push_back(IndexSpec{"by_etape", Keys({{"etape", 1}, {"etape_ms", 1}}), false});
  return db.CreateIndexes(kCommandes, commandes);
}

}  // namespace

std::unique_ptr<bus::OutboxSource> NewOutboxSource(std::shared_ptr<Shared> shared) {
  return std::make_unique<MongoOutboxSource>(std::move(shared));
}

void AppendStrictlyAfter(bson_t* filter, std::string_view field, const SortValue& value, std::string_view id,
                         int direction) {
  const char* beyond = direction > 0 ? "$gt" : "$lt";
  auto append_value = [&](bson_t* doc, std::string_view key) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, int64_t>) {
            mongo::AppendInt64(doc, key, v);
          } else {
            mongo::AppendString(doc, key, v);
          }
        },
        value);
  };
  bson_t ors, further, same, op, id_op;
  BSON_APPEND_ARRAY_BEGIN(filter, "$or", &ors);
  BSON_APPEND_DOCUMENT_BEGIN(&ors, "0", &further);
  bson_append_document_begin(&further, field.data(), static_cast<int>(field.size()), &op);
  append_value(&op, beyond);
  bson_append_document_end(&further, &op);
  bson_append_document_end(&ors, &further);
  BSON_APPEND_DOCUMENT_BEGIN(&ors, "1", &same);
  append_value(&same, field);
  BSON_APPEND_DOCUMENT_BEGIN(&same, "_id", &id_op);
  mongo::AppendString(&id_op, beyond, id);
  bson_append_document_end(&same, &id_op);
  bson_append_document_end(&ors, &same);
  bson_append_array_end(filter, &ors);
}

}  // namespace mongo_internal

absl::StatusOr<MongoCatalogDatabase> OpenMongoCatalogDatabase(const std::string& uri, const std::string& database,
                                                              const MongoCatalogOptions& options) {
  absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri, database);
  if (!db.ok()) return db.status();
  if (absl::Status s = mongo_internal::CreateIndexes(**db); !s.ok()) return s;
  auto shared = std::make_shared<mongo_internal::Shared>();
  shared->db = *std::move(db);
  shared->options = options;
  {
    auto lock = shared->db->SerializeWrites();
    if (!lock.ok()) return lock.status();
    const int64_t now_ms = mongo_internal::WallClockMs();
    if (absl::Status s = mongo_internal::Recover(*shared, now_ms); !s.ok()) return s;
  }
  return MongoCatalogDatabase{mongo_internal::NewCatalogStore(shared), mongo_internal::NewOrderStore(shared),
                              mongo_internal::NewOutboxSource(shared)};
}

}  // namespace parfumerie::catalog

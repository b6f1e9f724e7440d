// The write pattern the write lock exists for, reduced to a counter: read a
// document, then compare-and-set it, under Database::SerializeWrites(). On
// FerretDB 1.x the compare-and-set alone is not atomic, so without the lock
// concurrent writers (threads or processes) lose increments.
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "mongo/database.h"

namespace parfumerie::testing {

inline constexpr char kCounterCollection[] = "things";
inline constexpr char kCounterId[] = "counter";

inline absl::Status CreateCounter(mongo::Database& db) {
  return db.collection(kCounterCollection)
      .InsertOne(*mongo::Bson(BCON_NEW("_id", BCON_UTF8(kCounterId), "n", BCON_INT64(0))));
}

inline absl::StatusOr<int64_t> ReadCounter(mongo::Database& db) {
  absl::StatusOr<std::optional<mongo::Bson>> doc =
      db.collection(kCounterCollection).FindOne(*mongo::Bson(BCON_NEW("_id", BCON_UTF8(kCounterId))));
  if (!doc.ok()) return doc.status();
  if (!doc->has_value()) return absl::NotFoundError("no counter document");
  return mongo::GetInt64(***doc, "n", "counter");
}

// `times` serialised read-then-compare-and-set increments. A compare-and-set
// that matches nothing means another writer got in between: the lock failed.
inline absl::Status IncrementCounter(mongo::Database& db, int times) {
  for (int i = 0; i < times; ++i) {
    mongo::WriteLock lock = db.SerializeWrites();
    if (!lock.ok()) return lock.status();
    absl::StatusOr<int64_t> n = ReadCounter(db);
    if (!n.ok()) return n.status();
    absl::StatusOr<mongo::UpdateResult> r = db.collection(kCounterCollection)
                                                .UpdateOne(*mongo::Bson(BCON_NEW("_id", BCON_UTF8(kCounterId), "n",
                                                                                 BCON_INT64(*n))),
                                                           *mongo::Bson(BCON_NEW("$set", "{", "n",
                                                                                 BCON_INT64(*n + 1), "}")));
    if (!r.ok()) return r.status();
    if (r->matched != 1) return absl::AbortedError(absl::StrCat("the counter moved away from ", *n, " under the lock"));
  }
  return absl::OkStatus();
}

}  // namespace parfumerie::testing

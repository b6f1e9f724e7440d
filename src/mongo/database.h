// A MongoDB database reached through libmongoc's thread-safe client pool: the
// handle every MongoDB store adapter opens once and shares between threads.
// Works against MongoDB and FerretDB (docs/mongo.md). For the adapters only
// (it exposes libmongoc/libbson types); stores' public headers never include it.
//
//   absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri, "parfumerie_delivery");
//   mongo::Collection livraisons = (*db)->collection("livraisons");  // one call's worth
//   absl::Status s = livraisons.InsertOne(*doc);
//
// Errors (MapError): duplicate key (11000) → ALREADY_EXISTS; no server, a
// broken connection or a time-out → UNAVAILABLE; anything else the server
// refused → INTERNAL; a document this build cannot read → DATA_LOSS.
// Every call blocks on the network: never on an I/O thread.
#pragma once

#include <mongoc/mongoc.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mongo/bson.h"

namespace parfumerie::mongo {

struct MongoOptions {
  // Used when the URI sets no serverSelectionTimeoutMS: how long a call waits
  // for a reachable server before UNAVAILABLE (libmongoc's default is 30 s).
  std::chrono::milliseconds server_selection_timeout{5000};
  std::string app_name = "parfumerie";
};

// libmongoc's error as a Status whose message starts with `what`.
absl::Status MapError(const bson_error_t& error, std::string_view what);
bool IsDuplicateKey(const bson_error_t& error);

struct UpdateResult {
  int64_t matched = 0;
  int64_t modified = 0;
};

// One index of a collection (createIndexes). `keys` e.g. {email: 1}.
struct IndexSpec {
  std::string name;
  Bson keys;
  bool unique = false;
};

class Database;

// A collection bound to one pooled client for its lifetime: create one per
// store call, on the calling thread (not thread-safe), never keep it.
class Collection {
 public:
  Collection(Collection&&) noexcept;
  Collection& operator=(Collection&&) = delete;
  ~Collection();

  absl::Status InsertOne(const bson_t& doc);
  absl::StatusOr<UpdateResult> UpdateOne(const bson_t& filter, const bson_t& update);
  absl::StatusOr<UpdateResult> UpdateMany(const bson_t& filter, const bson_t& update);
  // The first document matching `filter`; nullopt when none does.
  // `opts` as for find (projection, sort...).
  absl::StatusOr<std::optional<Bson>> FindOne(const bson_t& filter, const bson_t* opts = nullptr);
  // Calls `each` for every matching document (borrowed for the call),
  // stopping at its first error.
  absl::Status Find(const bson_t& filter, const bson_t* opts,
                    const std::function<absl::Status(DocRef)>& each);
  // Documents matching `filter` (the `count` command).
  absl::StatusOr<int64_t> Count(const bson_t& filter);

 private:
  friend class Database;
  Collection(Database& db, std::string_view name);

  Database* db_;
  mongoc_client_t* client_;
  mongoc_collection_t* collection_;
  std::string name_;
};

// Thread-safe. Lives as long as the stores using it (hold the shared_ptr).
class Database {
 public:
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const std::string& name() const { return name_; }
  Collection collection(std::string_view name) { return Collection(*this, name); }

  // Runs `command` on this database; its reply (ok: 1) or the error.
  absl::StatusOr<Bson> Command(const bson_t& command);
  // createIndexes: idempotent when the same indexes already exist.
  absl::Status CreateIndexes(std::string_view collection, std::span<const IndexSpec> indexes);
  // Drops the whole database (tests).
  absl::Status Drop();

 private:
  friend class Collection;
  friend absl::StatusOr<std::shared_ptr<Database>> OpenMongo(const std::string&, std::string,
                                                               const MongoOptions&);
  Database(mongoc_client_pool_t* pool, std::string name) : pool_(pool), name_(std::move(name)) {}

  mongoc_client_pool_t* pool_;
  const std::string name_;
};

// Opens a pool of clients to `uri` (mongodb://host:port/[db][?options]) for
// database `database`, or the URI's database when empty, or "parfumerie";
// pings the server so that a wrong address fails here. INVALID_ARGUMENT for
// a malformed URI; UNAVAILABLE when no server answers in time.
absl::StatusOr<std::shared_ptr<Database>> OpenMongo(const std::string& uri, std::string database = "",
                                                     const MongoOptions& options = {});

}  // namespace parfumerie::mongo

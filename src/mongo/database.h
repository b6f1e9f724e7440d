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
// Every call blocks on the network: never on an I/O thread. On FerretDB 1.x,
// whose updates are not atomic, every read-modify-write runs under
// SerializeWrites() (mongo/write_lock.h).
#pragma once

#include <mongoc/mongoc.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mongo/bson.h"
#include "mongo/write_lock.h"

namespace parfumerie::mongo {

struct MongoOptions {
  // Used when the URI sets no serverSelectionTimeoutMS: how long a call waits
  // for a reachable server before UNAVAILABLE (libmongoc's default is 30 s).
  std::chrono::milliseconds server_selection_timeout{5000};
  std::string app_name = "parfumerie";
  // The cross-process write lock, used only on servers without atomic
  // updates (mongo/write_lock.h).
  WriteLockOptions write_lock;
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
  // Deletes the first document matching `filter`; how many were deleted (0, 1).
  absl::StatusOr<int64_t> DeleteOne(const bson_t& filter);

 private:
  friend class Database;
  Collection(Database& db, std::string_view name);
  // Find() without its span, for FindOne(), which has its own.
  absl::Status FindUntraced(const bson_t& filter, const bson_t* opts,
                            const std::function<absl::Status(DocRef)>& each);

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

  // Whether the server applies an update's filter and change atomically.
  // MongoDB does. FerretDB 1.x does not: it reads the matching documents,
  // applies the update in its own memory, then writes them back, so two
  // concurrent conditional updates of one document may both "match" and the
  // later write silently undoes the earlier (docs/mongo.md).
  bool atomic_updates() const { return atomic_updates_; }

  // Every read-modify-write of a store (conditional updates, the outbox's
  // $pullAll, the sequence counter, the reads that decide them) runs under
  // this lock. On MongoDB it does nothing. On a server without atomic
  // updates it lets one such write run at a time in the whole database:
  // across the threads of this process (a mutex) and across processes (a
  // lease in the collection `locks`, mongo/write_lock.h). Check it:
  //   mongo::WriteLock lock = db->SerializeWrites();
  //   if (!lock.ok()) return lock.status();
  // UNAVAILABLE when the lock is not free within MongoOptions::write_lock.wait.
  // Not reentrant: never call it again while this thread holds it.
  WriteLock SerializeWrites();

  // Runs `command` on this database; its reply (ok: 1) or the error.
  absl::StatusOr<Bson> Command(const bson_t& command);
  // Creates the indexes that do not exist yet (by name); an index that exists
  // is left as it is, even if its spec changed.
  absl::Status CreateIndexes(std::string_view collection, std::span<const IndexSpec> indexes);
  // Drops the whole database (tests).
  absl::Status Drop();

 private:
  friend class Collection;
  friend class WriteLock;
  friend absl::StatusOr<std::shared_ptr<Database>> OpenMongo(const std::string&, std::string,
                                                               const MongoOptions&);
  Database(mongoc_client_pool_t* pool, std::string name, const WriteLockOptions& write_lock);
  // Names of the indexes of `collection` (none when it does not exist).
  absl::StatusOr<std::vector<std::string>> IndexNames(std::string_view collection);
  // The lease of the write lock (write_lock.cc).
  absl::Status CreateLockIndex();
  absl::Status AcquireLease(const std::string& token, std::chrono::steady_clock::time_point deadline);
  void ReleaseLease(const std::string& token, std::chrono::steady_clock::duration held);
  // OK, or the status of this thread's failed WriteLock on this database.
  absl::Status WritesAllowed() const;

  mongoc_client_pool_t* pool_;
  const std::string name_;
  bool atomic_updates_ = true;
  const WriteLockOptions write_lock_;
  const std::string owner_;  // "<host>/<pid>", in the lease documents
  std::timed_mutex write_mu_;
};

// Opens a pool of clients to `uri` (mongodb://host:port/[db][?options]) for
// database `database`, or the URI's database when empty, or "parfumerie";
// pings the server so that a wrong address fails here. INVALID_ARGUMENT for
// a malformed URI; UNAVAILABLE when no server answers in time.
absl::StatusOr<std::shared_ptr<Database>> OpenMongo(const std::string& uri, std::string database = "",
                                                     const MongoOptions& options = {});

}  // namespace parfumerie::mongo

#include "mongo/database.h"

#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "trace/tracer.h"

namespace parfumerie::mongo {
namespace {

// libmongoc's own log, minus the warning FerretDB 1.x causes on every pool
// shutdown (it has no endSessions command; sessions simply expire there).
void LogHandler(mongoc_log_level_t level, const char* domain, const char* message, void* data) {
  if (level == MONGOC_LOG_LEVEL_WARNING && std::string_view(message).find("endSessions") != std::string_view::npos) {
    return;
  }
  mongoc_log_default_handler(level, domain, message, data);
}

void InitDriverOnce() {
  // mongoc_cleanup is never called: the driver lives as long as the process.
  static std::once_flag once;
  std::call_once(once, [] {
    mongoc_init();
    mongoc_log_set_handler(LogHandler, nullptr);
  });
}

// "<host>/<pid>": who holds a lease, for people reading the `locks` collection.
std::string ProcessName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return absl::StrCat(host, "/", ::getpid());
}

UpdateResult ReadUpdateReply(const bson_t& reply) {
  UpdateResult r;
  bson_iter_t it;
  if (bson_iter_init_find(&it, &reply, "matchedCount")) r.matched = bson_iter_as_int64(&it);
  if (bson_iter_init_find(&it, &reply, "modifiedCount")) r.modified = bson_iter_as_int64(&it);
  return r;
}

}  // namespace

bool IsDuplicateKey(const bson_error_t& error) {
  return error.code == 11000 || error.code == 11001 || error.code == 12582;
}

absl::Status MapError(const bson_error_t& error, std::string_view what) {
  const std::string message = absl::StrCat(std::string(what), ": ", error.message);
  if (IsDuplicateKey(error)) return absl::AlreadyExistsError(message);
  switch (error.domain) {
    case MONGOC_ERROR_STREAM:
    case MONGOC_ERROR_SERVER_SELECTION:
      return absl::UnavailableError(message);
    default:
      break;
  }
  // Server-side time-outs and shutdowns: retrying later may succeed.
  switch (error.code) {
    case 50:     // MaxTimeMSExpired
    case 91:     // ShutdownInProgress
    case 189:    // PrimarySteppedDown
    case 10107:  // NotWritablePrimary
    case 11600:  // InterruptedAtShutdown
    case 13435:  // NotPrimaryNoSecondaryOk
      return absl::UnavailableError(message);
    default:
      return absl::InternalError(message);
  }
}

namespace {

absl::Status StatusOf(const absl::Status& s) { return s; }
template <typename T>
absl::Status StatusOf(const absl::StatusOr<T>& s) {
  return s.status();
}

// Runs one collection call inside its span ("mongo.<operation>"), when the
// calling thread is inside a trace.
template <typename F>
auto Traced(std::string_view operation, const std::string& database, const std::string& collection, F&& call) {
  trace::Span span = trace::Span::StartInCurrentTrace("mongo");
  if (span.recording()) {
    span.SetName(absl::StrCat("mongo.", std::string(operation)));
    span.SetAttribute("db.system.name", "mongodb");
    span.SetAttribute("db.namespace", database);
    span.SetAttribute("db.collection.name", collection);
    span.SetAttribute("db.operation.name", operation);
  }
  auto result = call();
  if (absl::Status s = StatusOf(result); !s.ok()) span.SetError(s);
  return result;
}

}  // namespace

Collection::Collection(Database& db, std::string_view name)
    : db_(&db),
      client_(mongoc_client_pool_pop(db.pool_)),
      collection_(mongoc_client_get_collection(client_, db.name_.c_str(), std::string(name).c_str())),
      name_(name) {}

Collection::Collection(Collection&& other) noexcept
    : db_(other.db_), client_(other.client_), collection_(other.collection_), name_(std::move(other.name_)) {
  other.client_ = nullptr;
  other.collection_ = nullptr;
}

Collection::~Collection() {
  if (collection_ != nullptr) mongoc_collection_destroy(collection_);
  if (client_ != nullptr) mongoc_client_pool_push(db_->pool_, client_);
}

absl::Status Collection::InsertOne(const bson_t& doc) {
  return Traced("insertOne", db_->name_, name_, [&]() -> absl::Status {
    if (absl::Status allowed = db_->WritesAllowed(); !allowed.ok()) return allowed;
    bson_error_t error;
    if (!mongoc_collection_insert_one(collection_, &doc, nullptr, nullptr, &error)) {
      return MapError(error, absl::StrCat("insert into ", name_));
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<UpdateResult> Collection::UpdateOne(const bson_t& filter, const bson_t& update) {
  return Traced("updateOne", db_->name_, name_, [&]() -> absl::StatusOr<UpdateResult> {
    if (absl::Status allowed = db_->WritesAllowed(); !allowed.ok()) return allowed;
    bson_t reply;  // initialised by the driver, success or not
    bson_error_t error;
    const bool ok = mongoc_collection_update_one(collection_, &filter, &update, nullptr, &reply, &error);
    const UpdateResult result = ReadUpdateReply(reply);
    bson_destroy(&reply);
    if (!ok) return MapError(error, absl::StrCat("update of ", name_));
    return result;
  });
}

absl::StatusOr<UpdateResult> Collection::UpdateMany(const bson_t& filter, const bson_t& update) {
  return Traced("updateMany", db_->name_, name_, [&]() -> absl::StatusOr<UpdateResult> {
    if (absl::Status allowed = db_->WritesAllowed(); !allowed.ok()) return allowed;
    bson_t reply;
    bson_error_t error;
    const bool ok = mongoc_collection_update_many(collection_, &filter, &update, nullptr, &reply, &error);
    const UpdateResult result = ReadUpdateReply(reply);
    bson_destroy(&reply);
    if (!ok) return MapError(error, absl::StrCat("update of ", name_));
    return result;
  });
}

absl::StatusOr<std::optional<Bson>> Collection::FindOne(const bson_t& filter, const bson_t* opts) {
  return Traced("findOne", db_->name_, name_, [&]() -> absl::StatusOr<std::optional<Bson>> {
    Bson with_limit = opts != nullptr ? Bson::Copy(*opts) : Bson();
    BSON_APPEND_INT64(with_limit.get(), "limit", 1);
    std::optional<Bson> found;
    absl::Status s = FindUntraced(filter, with_limit.get(), [&](DocRef ref) {
      found = Bson::Copy(ref.doc);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return found;
  });
}

absl::Status Collection::Find(const bson_t& filter, const bson_t* opts,
                              const std::function<absl::Status(DocRef)>& each) {
  return Traced("find", db_->name_, name_, [&] { return FindUntraced(filter, opts, each); });
}

absl::Status Collection::FindUntraced(const bson_t& filter, const bson_t* opts,
                                      const std::function<absl::Status(DocRef)>& each) {
  mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(collection_, &filter, opts, nullptr);
  const bson_t* doc = nullptr;
  absl::Status status;
  while (status.ok() && mongoc_cursor_next(cursor, &doc)) status = each(DocRef{*doc});
  bson_error_t error;
  if (status.ok() && mongoc_cursor_error(cursor, &error)) status = MapError(error, absl::StrCat("find in ", name_));
  mongoc_cursor_destroy(cursor);
  return status;
}

absl::StatusOr<int64_t> Collection::Count(const bson_t& filter) {
  return Traced("count", db_->name_, name_, [&]() -> absl::StatusOr<int64_t> {
    Bson command;
    AppendString(command.get(), "count", name_);
    BSON_APPEND_DOCUMENT(command.get(), "query", &filter);
    absl::StatusOr<Bson> reply = db_->Command(*command);
    if (!reply.ok()) return reply.status();
    bson_iter_t it;
    if (!bson_iter_init_find(&it, reply->get(), "n")) {
      return absl::InternalError(absl::StrCat("count of ", name_, ": no n in ", reply->ToJson()));
    }
    return bson_iter_as_int64(&it);
  });
}

absl::StatusOr<int64_t> Collection::DeleteOne(const bson_t& filter) {
  return Traced("deleteOne", db_->name_, name_, [&]() -> absl::StatusOr<int64_t> {
    if (absl::Status allowed = db_->WritesAllowed(); !allowed.ok()) return allowed;
    bson_t reply;
    bson_error_t error;
    const bool ok = mongoc_collection_delete_one(collection_, &filter, nullptr, &reply, &error);
    bson_iter_t it;
    const int64_t deleted = bson_iter_init_find(&it, &reply, "deletedCount") ? bson_iter_as_int64(&it) : 0;
    bson_destroy(&reply);
    if (!ok) return MapError(error, absl::StrCat("delete from ", name_));
    return deleted;
  });
}

Database::Database(mongoc_client_pool_t* pool, std::string name, const WriteLockOptions& write_lock)
    : pool_(pool), name_(std::move(name)), write_lock_(write_lock), owner_(ProcessName()) {}

Database::~Database() { mongoc_client_pool_destroy(pool_); }

absl::StatusOr<Bson> Database::Command(const bson_t& command) {
  if (absl::Status allowed = WritesAllowed(); !allowed.ok()) return allowed;
  mongoc_client_t* client = mongoc_client_pool_pop(pool_);
  bson_t raw;  // initialised by the driver, success or not
  bson_error_t error;
  const bool ok = mongoc_client_command_simple(client, name_.c_str(), &command, nullptr, &raw, &error);
  mongoc_client_pool_push(pool_, client);
  Bson reply(bson_copy(&raw));
  bson_destroy(&raw);
  if (!ok) {
    bson_iter_t it;
    std::string name = "command";
    if (bson_iter_init(&it, &command) && bson_iter_next(&it)) name = bson_iter_key(&it);
    return MapError(error, absl::StrCat(name, " on ", name_));
  }
  return reply;
}

absl::StatusOr<std::vector<std::string>> Database::IndexNames(std::string_view collection) {
  Bson command;
  AppendString(command.get(), "listIndexes", collection);
  absl::StatusOr<Bson> reply = Command(*command);
  if (!reply.ok()) {
    // NamespaceNotFound: no collection yet, so no index.
    if (absl::StrContains(reply.status().message(), "does not exist") ||
        absl::StrContains(reply.status().message(), "NamespaceNotFound")) {
      return std::vector<std::string>{};
    }
    return reply.status();
  }
  std::vector<std::string> names;
  bson_iter_t it, batch;
  if (bson_iter_init(&it, reply->get()) && bson_iter_find_descendant(&it, "cursor.firstBatch", &batch) &&
      BSON_ITER_HOLDS_ARRAY(&batch)) {
    bson_iter_t index;
    bson_iter_recurse(&batch, &index);
    while (bson_iter_next(&index)) {
      bson_iter_t name;
      if (BSON_ITER_HOLDS_DOCUMENT(&index) && bson_iter_recurse(&index, &name) && bson_iter_find(&name, "name") &&
          BSON_ITER_HOLDS_UTF8(&name)) {
        names.emplace_back(bson_iter_utf8(&name, nullptr));
      }
    }
  }
  return names;
}

absl::Status Database::CreateIndexes(std::string_view collection, std::span<const IndexSpec> indexes) {
  // Only the missing ones: FerretDB 1.24 can fail (even drop the connection)
  // when asked to create an index that exists.
  absl::StatusOr<std::vector<std::string>> existing = IndexNames(collection);
  if (!existing.ok()) return existing.status();
  Bson command;
  AppendString(command.get(), "createIndexes", collection);
  bson_t array;
  BSON_APPEND_ARRAY_BEGIN(command.get(), "indexes", &array);
  int missing = 0;
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (std::find(existing->begin(), existing->end(), indexes[i].name) != existing->end()) continue;
    const std::string key = std::to_string(missing++);
    bson_t index;
    BSON_APPEND_DOCUMENT_BEGIN(&array, key.c_str(), &index);
    BSON_APPEND_DOCUMENT(&index, "key", indexes[i].keys.get());
    AppendString(&index, "name", indexes[i].name);
    if (indexes[i].unique) BSON_APPEND_BOOL(&index, "unique", true);
    bson_append_document_end(&array, &index);
  }
  bson_append_array_end(command.get(), &array);
  if (missing == 0) return absl::OkStatus();
  return Command(*command).status();
}

absl::Status Database::Drop() {
  Bson command(BCON_NEW("dropDatabase", BCON_INT32(1)));
  return Command(*command).status();
}

absl::StatusOr<std::shared_ptr<Database>> OpenMongo(const std::string& uri_text, std::string database,
                                                     const MongoOptions& options) {
  InitDriverOnce();
  bson_error_t error;
  mongoc_uri_t* uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
  if (uri == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("store URI: ", error.message, " (expected mongodb://host:port/db)"));
  }
  if (mongoc_uri_get_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 0) == 0) {
    mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS,
                                   static_cast<int32_t>(options.server_selection_timeout.count()));
  }
  if (database.empty() && mongoc_uri_get_database(uri) != nullptr) database = mongoc_uri_get_database(uri);
  if (database.empty()) database = "parfumerie";
  mongoc_client_pool_t* pool = mongoc_client_pool_new(uri);
  mongoc_uri_destroy(uri);
  if (pool == nullptr) return absl::InvalidArgumentError(absl::StrCat("store URI: unusable: ", uri_text));
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);
  mongoc_client_pool_set_appname(pool, options.app_name.c_str());
  std::shared_ptr<Database> db(new Database(pool, std::move(database), options.write_lock));
  Bson build_info(BCON_NEW("buildInfo", BCON_INT32(1)));
  absl::StatusOr<Bson> info = db->Command(*build_info);
  if (!info.ok()) {
    return absl::UnavailableError(absl::StrCat("MongoDB at ", uri_text, " does not answer: ", info.status().message()));
  }
  // FerretDB names itself; 1.x updates are read-modify-write (atomic_updates()).
  bson_iter_t it;
  if (bson_iter_init_find(&it, info->get(), "ferretdbVersion") && BSON_ITER_HOLDS_UTF8(&it)) {
    db->atomic_updates_ = !absl::StartsWith(bson_iter_utf8(&it, nullptr), "v1.");
  }
  if (!db->atomic_updates_) {
    if (absl::Status s = db->CreateLockIndex(); !s.ok()) return s;
  }
  return db;
}

}  // namespace parfumerie::mongo

// Small helpers over libbson for the MongoDB adapters: an owning document
// type, appenders that take std::string_view, and typed field readers whose
// errors name the field. For the adapters only (it exposes bson_t); stores'
// public headers never include it.
//
// Thread-safety: a Bson is a value; distinct objects may be used from
// different threads.
#pragma once

#include <bson/bson.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace parfumerie::mongo {

// An owned BSON document (bson_t on the heap). Movable, not copyable: Copy().
class Bson {
 public:
  Bson() : doc_(bson_new()) {}
  // Takes ownership of `doc` (from bson_new, BCON_NEW, bson_copy...).
  explicit Bson(bson_t* doc) : doc_(doc) {}
  static Bson Copy(const bson_t& doc) { return Bson(bson_copy(&doc)); }
  Bson(Bson&& other) noexcept : doc_(other.doc_) { other.doc_ = nullptr; }
  Bson& operator=(Bson&& other) noexcept;
  Bson(const Bson&) = delete;
  Bson& operator=(const Bson&) = delete;
  ~Bson();

  bson_t* get() { return doc_; }
  const bson_t* get() const { return doc_; }
  bson_t& operator*() { return *doc_; }
  const bson_t& operator*() const { return *doc_; }
  // Relaxed extended JSON, for error messages and tests.
  std::string ToJson() const;

 private:
  bson_t* doc_;
};

// A borrowed document handed to a callback (a plain bson_t in a template
// argument loses its alignment attribute, which GCC warns about).
struct DocRef {
  const bson_t& doc;
};

// Appenders that accept any std::string_view (not only NUL-terminated).
void AppendString(bson_t* doc, std::string_view key, std::string_view value);
void AppendInt64(bson_t* doc, std::string_view key, int64_t value);
void AppendBinary(bson_t* doc, std::string_view key, std::string_view bytes);

// Field readers: DATA_LOSS "<what>: field <key> ..." when the field is
// missing or of another type (a document this build did not write).
// Int64 accepts int32 and int64.
absl::StatusOr<std::string> GetString(const bson_t& doc, const char* key, std::string_view what);
absl::StatusOr<int64_t> GetInt64(const bson_t& doc, const char* key, std::string_view what);
absl::StatusOr<std::string> GetBinary(const bson_t& doc, const char* key, std::string_view what);
// A subdocument or array field into `out`, borrowed from `doc` (valid while
// doc lives; needs no bson_destroy).
absl::Status GetDocument(const bson_t& doc, const char* key, std::string_view what, bson_t* out);
absl::Status GetArray(const bson_t& doc, const char* key, std::string_view what, bson_t* out);

}  // namespace parfumerie::mongo

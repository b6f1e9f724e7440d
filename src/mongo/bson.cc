#include "mongo/bson.h"

#include "absl/strings/str_cat.h"

namespace parfumerie::mongo {
namespace {

int Len(std::string_view s) { return static_cast<int>(s.size()); }

absl::Status Missing(std::string_view what, const char* key, std::string_view expected) {
  return absl::DataLossError(absl::StrCat(std::string(what), ": field ", key, " is missing or not ",
                                          std::string(expected)));
}

bool Find(const bson_t& doc, const char* key, bson_iter_t& it) { return bson_iter_init_find(&it, &doc, key); }

absl::Status Sub(const bson_t& doc, const char* key, std::string_view what, bson_type_t type,
                 std::string_view name, bson_t* out) {
  bson_iter_t it;
  if (!Find(doc, key, it) || bson_iter_type(&it) != type) return Missing(what, key, name);
  const uint8_t* data = nullptr;
  uint32_t len = 0;
  if (type == BSON_TYPE_DOCUMENT) {
    bson_iter_document(&it, &len, &data);
  } else {
    bson_iter_array(&it, &len, &data);
  }
  if (!bson_init_static(out, data, len)) return Missing(what, key, name);
  return absl::OkStatus();
}

}  // namespace

Bson& Bson::operator=(Bson&& other) noexcept {
  if (this != &other) {
    if (doc_ != nullptr) bson_destroy(doc_);
    doc_ = other.doc_;
    other.doc_ = nullptr;
  }
  return *this;
}

Bson::~Bson() {
  if (doc_ != nullptr) bson_destroy(doc_);
}

std::string Bson::ToJson() const {
  size_t len = 0;
  char* json = bson_as_relaxed_extended_json(doc_, &len);
  std::string out(json, len);
  bson_free(json);
  return out;
}

void AppendString(bson_t* doc, std::string_view key, std::string_view value) {
  bson_append_utf8(doc, key.data(), Len(key), value.data(), Len(value));
}

void AppendInt64(bson_t* doc, std::string_view key, int64_t value) {
  bson_append_int64(doc, key.data(), Len(key), value);
}

void AppendBinary(bson_t* doc, std::string_view key, std::string_view bytes) {
  bson_append_binary(doc, key.data(), Len(key), BSON_SUBTYPE_BINARY, reinterpret_cast<const uint8_t*>(bytes.data()),
                     static_cast<uint32_t>(bytes.size()));
}

absl::StatusOr<std::string> GetString(const bson_t& doc, const char* key, std::string_view what) {
  bson_iter_t it;
  if (!Find(doc, key, it) || !BSON_ITER_HOLDS_UTF8(&it)) return Missing(what, key, "a string");
  uint32_t len = 0;
  const char* s = bson_iter_utf8(&it, &len);
  return std::string(s, len);
}

absl::StatusOr<int64_t> GetInt64(const bson_t& doc, const char* key, std::string_view what) {
  bson_iter_t it;
  if (!Find(doc, key, it)) return Missing(what, key, "an integer");
  if (BSON_ITER_HOLDS_INT64(&it)) return bson_iter_int64(&it);
  if (BSON_ITER_HOLDS_INT32(&it)) return bson_iter_int32(&it);
  return Missing(what, key, "an integer");
}

absl::StatusOr<std::string> GetBinary(const bson_t& doc, const char* key, std::string_view what) {
  bson_iter_t it;
  if (!Find(doc, key, it) || !BSON_ITER_HOLDS_BINARY(&it)) return Missing(what, key, "binary");
  bson_subtype_t subtype;
  uint32_t len = 0;
  const uint8_t* data = nullptr;
  bson_iter_binary(&it, &subtype, &len, &data);
  return std::string(reinterpret_cast<const char*>(data), len);
}

absl::Status GetDocument(const bson_t& doc, const char* key, std::string_view what, bson_t* out) {
  return Sub(doc, key, what, BSON_TYPE_DOCUMENT, "a document", out);
}

absl::Status GetArray(const bson_t& doc, const char* key, std::string_view what, bson_t* out) {
  return Sub(doc, key, what, BSON_TYPE_ARRAY, "an array", out);
}

}  // namespace parfumerie::mongo

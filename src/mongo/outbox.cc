#include "mongo/outbox.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"

namespace parfumerie::mongo {
namespace {

constexpr char kWhat[] = "outbox entry";

absl::StatusOr<bus::OutboxEntry> ReadEntry(const bson_t& entry) {
  bus::OutboxEntry out;
  absl::StatusOr<int64_t> seq = GetInt64(entry, "seq", kWhat);
  absl::StatusOr<std::string> topic = GetString(entry, "topic", kWhat);
  absl::StatusOr<std::string> key = GetString(entry, "key", kWhat);
  absl::StatusOr<std::string> payload = GetBinary(entry, "payload", kWhat);
  bson_t headers;
  const absl::Status headers_read = GetArray(entry, "headers", kWhat, &headers);
  for (const absl::Status& s : {seq.status(), topic.status(), key.status(), payload.status(), headers_read}) {
    if (!s.ok()) return s;
  }
  out.seq = *seq;
  out.message.topic = *std::move(topic);
  out.message.key = *std::move(key);
  out.message.payload = *std::move(payload);
  bson_iter_t it;
  bson_iter_init(&it, &headers);
  while (bson_iter_next(&it)) {
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    if (!BSON_ITER_HOLDS_DOCUMENT(&it)) return absl::DataLossError("outbox entry: a header is not a document");
    bson_iter_document(&it, &len, &data);
    bson_t header;
    bson_init_static(&header, data, len);
    absl::StatusOr<std::string> name = GetString(header, "n", "outbox header");
    absl::StatusOr<std::string> value = GetString(header, "v", "outbox header");
    if (!name.ok()) return name.status();
    if (!value.ok()) return value.status();
    out.message.headers.push_back(bus::Header{*std::move(name), *std::move(value)});
  }
  return out;
}

// Calls `each(entry document, seq)` for every entry of `doc`'s outbox.
template <typename F>
absl::Status ForEachEntry(const bson_t& doc, F each) {
  bson_iter_t it;
  if (!bson_iter_init_find(&it, &doc, kOutboxField)) return absl::OkStatus();
  if (!BSON_ITER_HOLDS_ARRAY(&it)) return absl::DataLossError("outbox: not an array");
  bson_iter_t child;
  bson_iter_recurse(&it, &child);
  while (bson_iter_next(&child)) {
    if (!BSON_ITER_HOLDS_DOCUMENT(&child)) return absl::DataLossError("outbox: an entry is not a document");
    const uint8_t* data = nullptr;
    uint32_t len = 0;
    bson_iter_document(&child, &len, &data);
    bson_t entry;
    bson_init_static(&entry, data, len);
    if (absl::Status s = each(entry); !s.ok()) return s;
  }
  return absl::OkStatus();
}

Bson PendingFilter() { return Bson(BCON_NEW("outbox.0", "{", "$exists", BCON_BOOL(true), "}")); }

}  // namespace

std::string InboxKey(std::string_view consumer, std::string_view message_id) {
  return absl::StrCat(std::string(consumer), "/", std::string(message_id));
}

absl::StatusOr<int64_t> NextOutboxSeq(Database& db) {
  Bson command(BCON_NEW("findAndModify", BCON_UTF8("counters"), "query", "{", "_id", BCON_UTF8("outbox"), "}",
                        "update", "{", "$inc", "{", "seq", BCON_INT64(1), "}", "}", "new", BCON_BOOL(true),
                        "upsert", BCON_BOOL(true)));
  absl::StatusOr<Bson> reply = db.Command(*command);
  if (!reply.ok()) return reply.status();
  bson_t value;
  if (absl::Status s = GetDocument(**reply, "value", "outbox counter", &value); !s.ok()) return s;
  return GetInt64(value, "seq", "outbox counter");
}

void AppendOutboxEntry(bson_t* parent, std::string_view key, int64_t seq, const bus::Message& m, int64_t now_ms) {
  bson_t entry;
  bson_append_document_begin(parent, key.data(), static_cast<int>(key.size()), &entry);
  AppendInt64(&entry, "seq", seq);
  AppendString(&entry, "topic", m.topic);
  AppendString(&entry, "key", m.key);
  bson_t headers;
  BSON_APPEND_ARRAY_BEGIN(&entry, "headers", &headers);
  for (size_t i = 0; i < m.headers.size(); ++i) {
    const std::string index = std::to_string(i);
    bson_t header;
    BSON_APPEND_DOCUMENT_BEGIN(&headers, index.c_str(), &header);
    AppendString(&header, "n", m.headers[i].name);
    AppendString(&header, "v", m.headers[i].value);
    bson_append_document_end(&headers, &header);
  }
  bson_append_array_end(&entry, &headers);
  AppendBinary(&entry, "payload", m.payload);
  AppendInt64(&entry, "at_ms", now_ms);
  bson_append_document_end(parent, &entry);
}

std::vector<IndexSpec> OutboxIndexes() {
  std::vector<IndexSpec> indexes;
  indexes.push_back(IndexSpec{"applied", Bson(BCON_NEW(kAppliedField, BCON_INT32(1))), false});
  return indexes;
}

absl::StatusOr<bool> AppliedAnywhere(Collection& collection, const std::string& key) {
  Bson filter;
  AppendString(filter.get(), kAppliedField, key);
  Bson opts(BCON_NEW("projection", "{", "_id", BCON_INT32(1), "}"));
  absl::StatusOr<std::optional<Bson>> found = collection.FindOne(*filter, opts.get());
  if (!found.ok()) return found.status();
  return found->has_value();
}

absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(Collection& collection, size_t limit) {
  std::vector<bus::OutboxEntry> entries;
  Bson filter = PendingFilter();
  Bson opts(BCON_NEW("projection", "{", kOutboxField, BCON_INT32(1), "}"));
  absl::Status s = collection.Find(*filter, opts.get(), [&](DocRef ref) {
    return ForEachEntry(ref.doc, [&](const bson_t& entry) -> absl::Status {
      absl::StatusOr<bus::OutboxEntry> e = ReadEntry(entry);
      if (!e.ok()) return e.status();
      entries.push_back(*std::move(e));
      return absl::OkStatus();
    });
  });
  if (!s.ok()) return s;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.seq < b.seq; });
  if (entries.size() > limit) entries.resize(limit);
  return entries;
}

absl::StatusOr<bus::OutboxStats> PendingOutboxStats(Collection& collection) {
  bus::OutboxStats stats;
  Bson filter = PendingFilter();
  Bson opts(BCON_NEW("projection", "{", kOutboxField, BCON_INT32(1), "}"));
  absl::Status s = collection.Find(*filter, opts.get(), [&](DocRef ref) {
    return ForEachEntry(ref.doc, [&](const bson_t& entry) -> absl::Status {
      absl::StatusOr<int64_t> at_ms = GetInt64(entry, "at_ms", kWhat);
      if (!at_ms.ok()) return at_ms.status();
      ++stats.backlog;
      if (stats.oldest_created_ms == 0 || *at_ms < stats.oldest_created_ms) stats.oldest_created_ms = *at_ms;
      return absl::OkStatus();
    });
  });
  if (!s.ok()) return s;
  return stats;
}

absl::Status MarkPublished(Collection& collection, std::span<const int64_t> seqs) {
  if (seqs.empty()) return absl::OkStatus();
  // FerretDB 1.x's $pull takes exact values only (no {seq: {$in: ...}}
  // condition), so read the entries and pull them as they are stored.
  Bson filter;
  bson_t in, list;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "outbox.seq", &in);
  BSON_APPEND_ARRAY_BEGIN(&in, "$in", &list);
  for (size_t i = 0; i < seqs.size(); ++i) {
    const std::string index = std::to_string(i);
    BSON_APPEND_INT64(&list, index.c_str(), seqs[i]);
  }
  bson_append_array_end(&in, &list);
  bson_append_document_end(filter.get(), &in);
  std::vector<std::pair<Bson, Bson>> pulls;  // (filter by _id, update)
  Bson opts(BCON_NEW("projection", "{", kOutboxField, BCON_INT32(1), "}"));
  absl::Status s = collection.Find(*filter, opts.get(), [&](DocRef ref) -> absl::Status {
    bson_iter_t id;
    if (!bson_iter_init_find(&id, &ref.doc, "_id")) return absl::DataLossError("outbox: a document without _id");
    Bson by_id;
    bson_append_iter(by_id.get(), "_id", 3, &id);
    Bson update;
    bson_t pull_all, entries;
    BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$pullAll", &pull_all);
    BSON_APPEND_ARRAY_BEGIN(&pull_all, kOutboxField, &entries);
    int n = 0;
    absl::Status read = ForEachEntry(ref.doc, [&](const bson_t& entry) -> absl::Status {
      absl::StatusOr<int64_t> seq = GetInt64(entry, "seq", kWhat);
      if (!seq.ok()) return seq.status();
      if (std::find(seqs.begin(), seqs.end(), *seq) == seqs.end()) return absl::OkStatus();
      const std::string index = std::to_string(n++);
      BSON_APPEND_DOCUMENT(&entries, index.c_str(), &entry);
      return absl::OkStatus();
    });
    bson_append_array_end(&pull_all, &entries);
    bson_append_document_end(update.get(), &pull_all);
    if (!read.ok()) return read;
    if (n > 0) pulls.emplace_back(std::move(by_id), std::move(update));
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  for (auto& [by_id, update] : pulls) {
    absl::StatusOr<UpdateResult> r = collection.UpdateOne(*by_id, *update);
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

}  // namespace parfumerie::mongo

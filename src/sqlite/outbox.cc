#include "sqlite/outbox.h"

#include "absl/strings/str_cat.h"
#include "bus/header_codec.h"
#include "sqlite/raw_statement.h"

namespace parfumerie::sqlite {

// Headers are stored with bus/header_codec.h (length-prefixed, binary-safe).
// The partial index holds only unpublished rows, so the relay's query stays a
// short index scan however many published rows are kept.
const char* const kOutboxTableSql =
    "CREATE TABLE outbox ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " topic TEXT NOT NULL, key BLOB NOT NULL, headers BLOB NOT NULL, payload BLOB NOT NULL,"
    " created_at_ms INTEGER NOT NULL, published_at_ms INTEGER) STRICT;"
    "CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at_ms IS NULL;";

const char* const kInboxTableSql =
    "CREATE TABLE inbox ("
    " consumer TEXT NOT NULL, message_id TEXT NOT NULL, applied_at_ms INTEGER NOT NULL,"
    " PRIMARY KEY (consumer, message_id)) STRICT, WITHOUT ROWID;";

absl::Status AppendToOutbox(Connection& conn, const bus::Message& message, int64_t now_ms) {
  absl::StatusOr<RawStatement> insert = RawStatement::Prepare(
      conn.db(), "INSERT INTO outbox (topic, key, headers, payload, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!insert.ok()) return insert.status();
  insert->BindText(1, message.topic);
  insert->BindBlob(2, message.key);
  insert->BindBlob(3, bus::EncodeHeaders(message.headers));
  insert->BindBlob(4, message.payload);
  insert->BindInt(5, now_ms);
  return insert->Run();
}

absl::StatusOr<bool> MarkApplied(Connection& conn, std::string_view consumer, std::string_view message_id,
                                 int64_t now_ms) {
  if (message_id.empty()) return absl::InvalidArgumentError("inbox: the message has no ce_id to deduplicate on");
  absl::StatusOr<RawStatement> insert = RawStatement::Prepare(
      conn.db(),
      "INSERT INTO inbox (consumer, message_id, applied_at_ms) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (consumer, message_id) DO NOTHING");
  if (!insert.ok()) return insert.status();
  insert->BindText(1, consumer);
  insert->BindText(2, message_id);
  insert->BindInt(3, now_ms);
  if (absl::Status s = insert->Run(); !s.ok()) return s;
  return conn.Changes() == 1;
}

absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(Connection& conn, size_t limit) {
  absl::StatusOr<RawStatement> select = RawStatement::Prepare(
      conn.db(),
      "SELECT seq, topic, key, headers, payload FROM outbox"
      " WHERE published_at_ms IS NULL ORDER BY seq LIMIT ?1");
  if (!select.ok()) return select.status();
  select->BindInt(1, static_cast<int64_t>(limit));
  std::vector<bus::OutboxEntry> entries;
  for (;;) {
    absl::StatusOr<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    bus::OutboxEntry e;
    e.seq = select->Int(0);
    e.message.topic = select->Bytes(1);
    e.message.key = select->Bytes(2);
    absl::StatusOr<std::vector<bus::Header>> headers = bus::DecodeHeaders(select->Bytes(3));
    if (!headers.ok()) {
      return absl::DataLossError(
          absl::StrCat("outbox: entry ", e.seq, ": ", std::string(headers.status().message())));
    }
    e.message.headers = std::move(*headers);
    e.message.payload = select->Bytes(4);
    entries.push_back(std::move(e));
  }
  return entries;
}

absl::Status MarkPublished(Connection& conn, std::span<const int64_t> seqs, int64_t now_ms) {
  if (seqs.empty()) return absl::OkStatus();
  absl::StatusOr<Transaction> tx = Transaction::Begin(conn, Transaction::Kind::kImmediate);
  if (!tx.ok()) return tx.status();
  absl::StatusOr<RawStatement> update = RawStatement::Prepare(
      conn.db(), "UPDATE outbox SET published_at_ms = ?1 WHERE seq = ?2 AND published_at_ms IS NULL");
  if (!update.ok()) return update.status();
  for (int64_t seq : seqs) {
    update->Reset();
    update->BindInt(1, now_ms);
    update->BindInt(2, seq);
    if (absl::Status s = update->Run(); !s.ok()) return s;
  }
  update->Reset();
  return tx->Commit();
}

absl::StatusOr<int64_t> OutboxBacklog(Connection& conn) {
  return conn.QueryInt("SELECT COUNT(*) FROM outbox WHERE published_at_ms IS NULL");
}

absl::StatusOr<bus::OutboxStats> PendingOutboxStats(Connection& conn) {
  // Both aggregates read the partial index's rows only.
  absl::StatusOr<RawStatement> select = RawStatement::Prepare(
      conn.db(), "SELECT COUNT(*), COALESCE(MIN(created_at_ms), 0) FROM outbox WHERE published_at_ms IS NULL");
  if (!select.ok()) return select.status();
  absl::StatusOr<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError("outbox: an aggregate returned no row");
  bus::OutboxStats stats{.backlog = select->Int(0), .oldest_created_ms = select->Int(1)};
  select->Reset();  // ends the read transaction
  return stats;
}

absl::StatusOr<int64_t> PrunePublishedOutbox(Connection& conn, int64_t published_before_ms) {
  absl::StatusOr<RawStatement> del = RawStatement::Prepare(
      conn.db(), "DELETE FROM outbox WHERE published_at_ms IS NOT NULL AND published_at_ms < ?1");
  if (!del.ok()) return del.status();
  del->BindInt(1, published_before_ms);
  if (absl::Status s = del->Run(); !s.ok()) return s;
  return conn.Changes();
}

}  // namespace parfumerie::sqlite

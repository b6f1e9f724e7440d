// The transactional outbox and inbox on SQLite, shared by every service's
// SQLite store. Add the two table definitions to the service's migrations;
// call AppendToOutbox / MarkApplied inside the transaction that changes the
// service's state, so the event (or the record of having applied one) commits
// or rolls back with it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "bus/message.h"
#include "bus/outbox.h"
#include "sqlite/connection.h"

namespace parfumerie::sqlite {

// Migration fragments (append each to the service's migration list once).
extern const char* const kOutboxTableSql;
extern const char* const kInboxTableSql;

// Within the caller's transaction: queues `message` for the relay.
absl::Status AppendToOutbox(Connection& conn, const bus::Message& message, int64_t now_ms);

// Within the caller's transaction: records that `consumer` applied the message
// with CloudEvents id `message_id`. Returns false, writing nothing, if it had
// already been applied: the caller then skips the effect (redelivery).
absl::StatusOr<bool> MarkApplied(Connection& conn, std::string_view consumer,
                                 std::string_view message_id, int64_t now_ms);

// For the store's OutboxSource implementation (each in its own transaction).
absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(Connection& conn, size_t limit);
absl::Status MarkPublished(Connection& conn, std::span<const int64_t> seqs, int64_t now_ms);
// Number of unpublished entries (for metrics and tests).
absl::StatusOr<int64_t> OutboxBacklog(Connection& conn);
// Number of unpublished entries and when the oldest was written, in one read.
absl::StatusOr<bus::OutboxStats> PendingOutboxStats(Connection& conn);
// Deletes entries published before `published_before_ms` (e.g. a day ago:
// keep them a while to investigate); returns how many went. AUTOINCREMENT
// keeps seq increasing after a prune. Nothing calls it on a schedule yet.
absl::StatusOr<int64_t> PrunePublishedOutbox(Connection& conn, int64_t published_before_ms);

}  // namespace parfumerie::sqlite

// The transactional outbox and inbox without multi-document transactions
// (FerretDB 1.x has none; docs/mongo.md says why and how to switch to a
// replica set's transactions). Both live inside the document they describe,
// so one single-document write (always atomic) changes the state, queues its
// event and records the message that caused it:
//
//   { _id: ..., <state fields>...,
//     outbox:  [ {seq, topic, key, headers: [{n, v}], payload, at_ms}, ... ],  // unpublished events
//     applied: [ "<consumer>/<message id>", ... ] }                           // inbox marks
//
// A store's write, for collection C, under db.SerializeWrites():
//   1. if (inbox && AppliedAnywhere(C, key)) return false;       // redelivery
//   2. seq = NextOutboxSeq(db);                                   // before the write
//   3. insert, or update with a guard: {_id, version: expected, applied: {$ne: key}}
//      and {$set: state, $push: {outbox: entry, applied: key}}
//   4. nothing matched / duplicate key: AppliedAnywhere again tells a
//      redelivery (false) from a conflict (ABORTED / ALREADY_EXISTS).
// The store's OutboxSource side is PendingOutbox / MarkPublished below.
//
// Sequence numbers come from one counter document ("counters" collection,
// _id "outbox"); a failed write leaves a gap. Within a document, versioned
// writes commit in seq order, so one aggregate's events (one key) are
// published in order; across documents order is by seq among what is
// committed when the relay looks.
//
// Thread-safe (each call takes its own pooled client); blocking.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "bus/message.h"
#include "bus/outbox.h"
#include "mongo/database.h"

namespace parfumerie::mongo {

inline constexpr char kOutboxField[] = "outbox";
inline constexpr char kAppliedField[] = "applied";

// The inbox mark stored in `applied`: "<consumer>/<message id>". Consumer
// names are fixed identifiers without '/'.
std::string InboxKey(std::string_view consumer, std::string_view message_id);

// The next outbox sequence number of database `db` (1, 2, ...). Call it
// under db.SerializeWrites(), as the write that uses it.
absl::StatusOr<int64_t> NextOutboxSeq(Database& db);

// Appends to `parent` under `key` the outbox entry document of `message`.
void AppendOutboxEntry(bson_t* parent, std::string_view key, int64_t seq, const bus::Message& message,
                       int64_t now_ms);

// Indexes the outbox and inbox need on a collection (add to its own).
std::vector<IndexSpec> OutboxIndexes();

// Whether any document of `collection` carries the inbox mark `key`.
absl::StatusOr<bool> AppliedAnywhere(Collection& collection, const std::string& key);

// Unpublished entries of every document of `collection`, in seq order, at
// most `limit`. Reads every document that has pending events: the relay
// keeps that set small (see docs/mongo.md).
absl::StatusOr<std::vector<bus::OutboxEntry>> PendingOutbox(Collection& collection, size_t limit);

// Unpublished entries of every document of `collection`: how many, and the
// oldest one's at_ms. Reads the same documents as PendingOutbox.
absl::StatusOr<bus::OutboxStats> PendingOutboxStats(Collection& collection);

// Removes the entries `seqs` from the documents holding them ($pullAll of
// the exact entries, so events pushed meanwhile stay). Unknown or already
// removed seqs are ignored. Call it under db.SerializeWrites().
absl::Status MarkPublished(Collection& collection, std::span<const int64_t> seqs);

}  // namespace parfumerie::mongo

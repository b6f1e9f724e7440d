// Private to the MongoDB catalogue adapter: the multi-document operations
// (placing an order, releasing its stock) as steps that each change ONE
// document, and the recovery that finishes or undoes an operation a crash
// interrupted. docs/mongo.md gives the argument; in short:
//
// - A perfume carries the id of an order in `reservations` exactly while it
//   holds that order's reservation and the order is not yet committed (or
//   is being rolled back); the reserving $inc and the mark are one update,
//   and so are the restoring $inc and the mark's removal. So a reservation
//   is applied at most once and undone at most once, whoever retries.
// - An order commits (placee: true, its events queued) in one guarded
//   update, only from the "reservation" step. An order that recovery moved
//   to "abandonnee" can never commit, and its marks give its stock back.
// - A release marks the order "liberation" in the same update as its new
//   state; each perfume gets `liberations: order id` with its $inc, so a
//   release is applied at most once per perfume; the marks are removed
//   after the order leaves the step.
//
// Every function runs under db->SerializeWrites(), held by the caller for
// the whole operation.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "catalog/mongo/mongo_catalog_database.h"
#include "catalog/orders/commande.h"
#include "mongo/database.h"

namespace parfumerie::catalog::mongo_internal {

// What the three faces of one catalogue database share.
struct Shared {
  std::shared_ptr<mongo::Database> db;
  MongoCatalogOptions options;
  std::atomic<int64_t> last_recovery_ms{0};

  // UNAVAILABLE when the test hook stops the operation at `step`.
  absl::Status Checkpoint(std::string_view step) const;
};

// Reserves line `index` for `order_id`: stock -= quantite and the mark, if
// the perfume is live, has the stock and has no mark of this order yet (then
// it was reserved before: OK). NOT_FOUND / FAILED_PRECONDITION as
// OrderStore::PlaceOrder words them.
absl::Status ReserveLine(Shared& s, std::string_view order_id, size_t index, const OrderLine& line, int64_t now_ms);

// Commits the placement of `c` (step "reservation" → placed, with `events`
// queued). False when the order is no longer in that step (abandoned).
absl::StatusOr<bool> CommitPlacement(Shared& s, const Commande& c, const std::vector<bus::Message>& events,
                                     int64_t now_ms);

// Removes the marks an operation no longer needs (errors are left to recovery).
void DropMarks(Shared& s, const char* field, const Commande& c);

// Rolls back a placement: moves the order from "reservation" to
// "abandonnee" (freeing its idempotency key) unless it committed, then gives
// back the stock of every line still marked.
absl::Status AbandonPlacement(Shared& s, const Commande& c, int64_t now_ms);

// Gives the stock of every line of `c` (in step "liberation") back once, then
// ends the step and drops the marks.
absl::Status FinishRelease(Shared& s, const Commande& c, int64_t now_ms);

// Finishes or rolls back the operations older than the grace period, and
// drops marks left behind. Counts what it did in the log.
absl::Status Recover(Shared& s, int64_t now_ms);

}  // namespace parfumerie::catalog::mongo_internal

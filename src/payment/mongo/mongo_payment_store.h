// MongoDB adapter of the payment store port (distributed mode), for MongoDB
// or FerretDB 1.x, which has no multi-document transactions. Collections:
// `paiements`, one document per payment holding its unpublished events
// (`outbox`) and the marks of the messages applied to it (`applied`);
// `annulations`, one per cancelled unpaid order, with its marks; `cartes`,
// the card tokens. Each port call is one atomic single-document write
// (mongo/outbox.h, docs/mongo.md). Indexes: commande_id unique (one payment
// per order, even when replicas race); (cree_le_ms, _id) and (statut,
// cree_le_ms, _id) for List; applied.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "payment/payment_store.h"

namespace parfumerie::payment {

// Connects to `uri` (mongodb://host:port/[db]), uses database `database` (or
// the URI's, or "parfumerie") and creates the indexes if missing.
// INVALID_ARGUMENT for a malformed URI; UNAVAILABLE when no server answers.
absl::StatusOr<std::unique_ptr<PaymentStore>> OpenMongoPaymentStore(const std::string& uri,
                                                                    const std::string& database = "");

}  // namespace parfumerie::payment

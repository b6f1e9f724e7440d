// MongoDB adapter of the delivery store port (distributed mode), for MongoDB
// or FerretDB 1.x, which has no multi-document transactions. Collection
// `livraisons`, one document per delivery holding its suivi, its unpublished
// events (`outbox`) and the marks of the messages applied to it (`applied`),
// so that each port call is one atomic single-document write (mongo/outbox.h,
// docs/mongo.md). Indexes: commande_id unique; (cree_le_ms, _id) and
// (statut, cree_le_ms, _id) for List; applied.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "delivery/delivery_store.h"

namespace parfumerie::delivery {

// Connects to `uri` (mongodb://host:port/[db]), uses database `database` (or
// the URI's, or "parfumerie") and creates the indexes if missing.
// INVALID_ARGUMENT for a malformed URI; UNAVAILABLE when no server answers.
absl::StatusOr<std::unique_ptr<DeliveryStore>> OpenMongoDeliveryStore(const std::string& uri,
                                                                      const std::string& database = "");

}  // namespace parfumerie::delivery

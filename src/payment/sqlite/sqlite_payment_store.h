// SQLite adapter of the payment store port (embedded mode): one database
// file, WAL journal, synchronous=FULL, a single writer connection (BEGIN
// IMMEDIATE) and a small pool of reader connections. Migrations are applied
// once each when the store is opened; the outbox and inbox tables are those of
// sqlite/outbox.h.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "payment/payment_store.h"

namespace parfumerie::payment {

inline constexpr int kSqlitePaymentSchemaVersion = 3;

struct SqlitePaymentStoreOptions {
  std::chrono::milliseconds busy_timeout{5000};
  int max_idle_readers = 4;
};

// Opens (creating if needed) the payment database at `path` and brings its
// schema up to date. The directory must exist. UNAVAILABLE when the file
// cannot be opened; FAILED_PRECONDITION when its schema is newer than this
// build knows.
absl::StatusOr<std::unique_ptr<PaymentStore>> OpenSqlitePaymentStore(const std::string& path,
                                                                     const SqlitePaymentStoreOptions& options = {});

}  // namespace parfumerie::payment

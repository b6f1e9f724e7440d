// The load the saga bench drives against a running shop, whatever its
// layout: customers placing one-bottle orders over gRPC with a card that
// succeeds, then waiting until every order is settled (PAYEE), then reading
// back where a sample of orders spent their time between placing and PAYEE.
//
// Blocking; runs `options.clients` threads, each with its own channel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace parfumerie::bench {

struct LoadOptions {
  int clients = 16;
  int seconds = 10;
  // Orders still EN_ATTENTE this long after placing stopped are reported as
  // unsettled rather than waited for.
  int settle_timeout_seconds = 120;
  // Orders sampled for the time split (placed→payment, payment→PAYEE).
  int sample = 300;
};

struct LoadResult {
  int64_t placed = 0;
  int64_t failed = 0;
  double place_seconds = 0;
  std::vector<double> place_latency_ms;
  int64_t paid = 0;
  int64_t unsettled = 0;  // still EN_ATTENTE at the settle time-out
  double settle_seconds = 0;  // from the start of the load until none is EN_ATTENTE
  // Per sampled order, from the records the services keep (ms clocks of the
  // same machine): EN_ATTENTE → payment created (the OrderPlaced hop, up to
  // the payment handler), and payment created → PAYEE (charge, the payment's
  // records, the PaymentSucceeded hop, the catalogue's handler).
  std::vector<double> to_payment_ms;
  std::vector<double> payment_to_paid_ms;

  double PlacedPerSecond() const { return place_seconds > 0 ? placed / place_seconds : 0; }
  double SettledPerSecond() const { return settle_seconds > 0 ? paid / settle_seconds : 0; }
};

// Creates 20 perfumes with ample stock and a card token, then runs the load.
// An error only when the shop cannot be set up or read back; failed orders
// are counted, not errors.
absl::StatusOr<LoadResult> RunLoad(const std::string& catalog_address, const std::string& payment_address,
                                   const LoadOptions& options);

// The p-quantile (0..1) of `v`, nearest rank; 0 when empty.
double Percentile(std::vector<double> v, double p);

}  // namespace parfumerie::bench

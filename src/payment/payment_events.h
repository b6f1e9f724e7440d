// The payment service's consumer of the saga's order events: decodes each
// message on topic "commandes" (consumer group "payment") and hands it to
// PaymentService.
//
// - ce_type "parfumerie.v1.OrderPlaced" → HandleOrderPlaced;
//   "parfumerie.v1.OrderCancelled" → HandleOrderCancelled; any other type is
//   not ours: acknowledged (OK) without effect.
// - An undecodable payload or a message without ce_id → INVALID_ARGUMENT, so
//   the ConsumerRunner dead-letters it at once.
// - Otherwise the service's status: OK, transient (retried), or
//   INVALID_ARGUMENT (poison).
// While a message is handled, the thread's log context carries its trace id.
#pragma once

#include "bus/consumer_runner.h"
#include "payment/payment_service.h"

namespace parfumerie::payment {

// `service` must outlive the handler.
bus::Handler MakePaymentEventHandler(PaymentService& service);

// The consumer's preparer (bus::Preparer): the OrderPlaced events of a round,
// when there are several, go to PaymentService::PrepareCharge on up to
// `concurrency` threads at once (a net::BlockingPool, "payment-charge-<i>"),
// so that their provider calls overlap; it returns when all are done.
// `service` must outlive it; the threads end with the last copy of the
// preparer.
bus::Preparer MakePaymentPreparer(PaymentService& service, size_t concurrency);

}  // namespace parfumerie::payment

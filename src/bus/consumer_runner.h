// The consumer side of the saga: polls a group's messages and hands each to a
// handler, in order per partition, committing after the handler succeeded.
//
// Handlers must be idempotent: record the message id in the same transaction
// as the effect (MarkApplied in sqlite/outbox.h), so a redelivered message changes nothing.
//
// A handler error is retried with exponential back-off up to max_attempts,
// holding back only that message's partition meanwhile (the other partitions
// go on); then the message goes to the dead-letter topic "<topic>.dlq" with
// the error and attempt count in its headers, and is committed: a poison
// message never blocks its partition forever and is never silently dropped.
// A permanent error (INVALID_ARGUMENT, e.g. an undecodable payload, or
// DATA_LOSS) is dead-lettered at once.
//
// With a `transaction` in the options, the runner hands the handler several
// ready messages inside one transaction of the handler's store, so that they
// share one durable commit; the offsets are committed after it.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bus/event_bus.h"
#include "bus/outbox.h"
#include "metrics/registry.h"

namespace parfumerie::bus {

using Handler = std::function<absl::Status(const Message&)>;

// Called on the runner thread before each round with the messages the round
// is about to hand to the handler, in order, so that slow idempotent work
// they need (e.g. calls to a remote service) can run for all of them at once;
// the handler then finds it done. It must have no effect the handler would
// not have had, and its failures are the handler's to meet again.
using Preparer = std::function<void(std::span<const Message* const> messages)>;

struct ConsumerRunnerOptions {
  std::string group;                // e.g. "payment"
  std::vector<std::string> topics;  // e.g. {"commandes"}
  // Where the group starts in partitions it never committed (event_bus.h).
  StartPosition start = StartPosition::kBeginning;
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{5000};
  size_t poll_batch = 64;
  std::chrono::milliseconds poll_timeout{200};
  // Messages polled and not yet finished, over all partitions; the runner
  // stops polling at this many (e.g. while one partition is backing off).
  size_t max_buffered = 1024;
  // Null: each message is handled in the handler's own transactions. Else
  // up to `transaction_batch` ready messages share one (see TransactionScope).
  // The store's lock is held for the whole transaction, so it also ends
  // after `transaction_time_limit`, however few messages it holds.
  TransactionScope transaction;
  size_t transaction_batch = 64;
  std::chrono::milliseconds transaction_time_limit{20};
  // Null: none.
  Preparer prepare;
  // Where bus_messages_handled_total{group,topic,outcome},
  // bus_messages_dead_lettered_total{topic,group},
  // bus_handler_failures_total{group,topic},
  // bus_message_handling_seconds{group,topic} and the consumer's
  // bus_consumer_lag_messages{topic,group} go; null: the process's registry.
  metrics::Registry* metrics = nullptr;
};

class ConsumerRunner {
 public:
  ConsumerRunner(EventBus& bus, ConsumerRunnerOptions options, Handler handler);
  ~ConsumerRunner();  // Stop()
  ConsumerRunner(const ConsumerRunner&) = delete;
  ConsumerRunner& operator=(const ConsumerRunner&) = delete;

  // Subscribes and starts the polling thread.
  absl::Status Start();
  // Finishes the message in hand (no new ones), then leaves the group.
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace parfumerie::bus

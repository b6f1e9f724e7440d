// What every saga participant runs beside its API: the outbox relay that
// publishes the events its transactions wrote, and the consumer that applies
// the events it subscribes to. Started after the store and the servers,
// stopped before them: consumers stop taking new events first, then the relay
// publishes what is left, then the owner closes the store.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "bus/consumer_runner.h"
#include "bus/event_bus.h"
#include "bus/outbox.h"

namespace parfumerie::app {

class EventPlumbing {
 public:
  // `bus` and `outbox` must outlive this object.
  EventPlumbing(bus::EventBus& bus, bus::OutboxSource& outbox, const std::string& name,
                bus::ConsumerRunnerOptions consumer, bus::Handler handler);
  ~EventPlumbing();

  absl::Status Start();
  // Wakes the relay at once (after a request wrote to the outbox).
  void Notify();
  void Stop(std::chrono::milliseconds drain);

 private:
  bus::OutboxRelay relay_;
  bus::ConsumerRunner consumer_;
  bool started_ = false;
};

}  // namespace parfumerie::app

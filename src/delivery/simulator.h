// A demo carrier: moves every delivery that is not final one step forward on
// a schedule (EN_PREPARATION → EXPEDIEE → EN_TRANSIT → LIVREE), through the
// service, so each move is an ordinary change with its event.
//
// Tick() does one round and is what tests call; Start() runs rounds on a
// background thread every `step_interval`. A delivery an operator changes
// during a round is left for the next one (the round moves the version it
// read, so it never skips a step).
//
// Thread-safe. Start and Stop are called by the owner, Stop from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "delivery/delivery_service.h"

namespace parfumerie::delivery {

struct SimulatorOptions {
  std::chrono::milliseconds step_interval{std::chrono::seconds(15)};
  // Called on the simulator thread after each scheduled round with its result
  // (the number of deliveries moved); for logs, metrics and tests.
  std::function<void(const absl::StatusOr<int>&)> on_round;
};

class DeliverySimulator {
 public:
  // `service` must outlive the simulator.
  DeliverySimulator(DeliveryService& service, SimulatorOptions options);
  ~DeliverySimulator();  // Stop()
  DeliverySimulator(const DeliverySimulator&) = delete;
  DeliverySimulator& operator=(const DeliverySimulator&) = delete;

  // One round: every delivery not final at the start of the round moves one
  // step. Returns how many moved; the first storage error stops the round.
  absl::StatusOr<int> Tick();

  // Starts the background thread (first round after one interval). Idempotent.
  void Start();
  // Finishes the round in progress, if any, and joins the thread. Idempotent.
  void Stop();

 private:
  struct State;
  DeliveryService& service_;
  std::unique_ptr<State> state_;
};

}  // namespace parfumerie::delivery

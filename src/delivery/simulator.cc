#include "delivery/simulator.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/log.h"
#include "trace/tracer.h"

namespace parfumerie::delivery {

struct DeliverySimulator::State {
  SimulatorOptions options;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread thread;
};

DeliverySimulator::DeliverySimulator(DeliveryService& service, SimulatorOptions options)
    : service_(service), state_(std::make_unique<State>()) {
  state_->options = std::move(options);
}

DeliverySimulator::~DeliverySimulator() { Stop(); }

absl::StatusOr<int> DeliverySimulator::Tick() {
  // Snapshot first, then move: a delivery moved in this round must not be
  // seen again under its new statut and moved twice.
  std::vector<std::pair<std::string, int64_t>> due;
  for (Statut statut : {Statut::kEnPreparation, Statut::kExpediee, Statut::kEnTransit}) {
    ListQuery query{.statut = statut, .page_size = kMaxPageSize, .page_token = {}};
    do {
      absl::StatusOr<LivraisonPage> page = service_.List(query);
      if (!page.ok()) return page.status();
      for (const Livraison& l : page->items) due.emplace_back(l.id, l.version);
      query.page_token = page->next_page_token;
    } while (!query.page_token.empty());
  }
  int moved = 0;
  for (const auto& [id, version] : due) {
    // Each step is a unit of work of its own: a new trace, which the step's
    // event carries to the catalogue and its log lines.
    trace::ScopedSpan step("delivery.simulator.step");  // a trace of its own, sampled as any
    absl::StatusOr<Livraison> result = service_.Advance(id, version);
    if (result.ok()) {
      ++moved;
    } else if (!absl::IsAborted(result.status()) && !absl::IsFailedPrecondition(result.status())) {
      return result.status();
    }  // else changed by someone else since the snapshot: next round
  }
  return moved;
}

void DeliverySimulator::Start() {
  std::lock_guard lock(state_->mu);
  if (state_->thread.joinable()) return;
  state_->stopping = false;
  state_->thread = std::thread([this] {
    auto logger = log::Get("delivery");
    std::unique_lock lock(state_->mu);
    while (!state_->cv.wait_for(lock, state_->options.step_interval, [this] { return state_->stopping; })) {
      lock.unlock();
      absl::StatusOr<int> moved = Tick();
      if (!moved.ok()) {
        logger->warn("delivery simulator: round failed: {}", moved.status().ToString());
      } else if (*moved > 0) {
        logger->info("delivery simulator: {} deliveries moved one step", *moved);
      }
      if (state_->options.on_round) state_->options.on_round(moved);
      lock.lock();
    }
  });
}

void DeliverySimulator::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
    thread = std::move(state_->thread);
  }
  state_->cv.notify_all();
  if (thread.joinable()) thread.join();
}

}  // namespace parfumerie::delivery

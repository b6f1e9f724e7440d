#include "catalog/orders/order_expirer.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/log.h"

namespace parfumerie::catalog {

struct OrderExpirer::State {
  OrderService& service;
  OrderExpirerOptions options;
  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::thread thread;
};

OrderExpirer::OrderExpirer(OrderService& service, OrderExpirerOptions options)
    : state_(new State{.service = service, .options = options}) {}

OrderExpirer::~OrderExpirer() { Stop(); }

absl::StatusOr<int> OrderExpirer::RunOnce() {
  int total = 0;
  for (;;) {
    absl::StatusOr<int> n = state_->service.ExpireOverdue(state_->service.Now(), state_->options.batch);
    if (!n.ok()) return n.status();
    total += *n;
    // A full batch may mean more are waiting; a short one means done.
    if (static_cast<size_t>(*n) < state_->options.batch) return total;
    std::lock_guard lock(state_->mu);
    if (state_->stopping) return total;
  }
}

void OrderExpirer::Start() {
  if (state_->thread.joinable()) return;
  state_->stopping = false;
  state_->thread = std::thread([this] {
    std::unique_lock lock(state_->mu);
    while (!state_->stopping) {
      lock.unlock();
      absl::StatusOr<int> n = RunOnce();
      if (!n.ok()) {
        log::Get("orders")->warn("expiring overdue orders failed: {}", n.status().ToString());
      } else if (*n > 0) {
        log::Get("orders")->info("cancelled {} order(s) past their payment deadline", *n);
      }
      lock.lock();
      state_->cv.wait_for(lock, state_->options.interval, [this] { return state_->stopping; });
    }
  });
}

void OrderExpirer::Stop() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace parfumerie::catalog

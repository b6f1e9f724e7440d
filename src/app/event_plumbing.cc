#include "app/event_plumbing.h"

namespace parfumerie::app {

EventPlumbing::EventPlumbing(bus::EventBus& bus, bus::OutboxSource& outbox,
                             const std::string& name, bus::ConsumerRunnerOptions consumer,
                             bus::Handler handler)
    : relay_(outbox, bus, bus::OutboxRelayOptions{.name = name + "-outbox"}),
      // A handled event usually wrote the next event of the saga to the
      // outbox: wake the relay rather than leave it to its next poll.
      consumer_(bus, std::move(consumer),
                [this, handler = std::move(handler)](const bus::Message& m) {
                  absl::Status s = handler(m);
                  if (s.ok()) relay_.Notify();
                  return s;
                }) {}

EventPlumbing::~EventPlumbing() { Stop(std::chrono::milliseconds(0)); }

absl::Status EventPlumbing::Start() {
  relay_.Start();
  if (absl::Status s = consumer_.Start(); !s.ok()) {
    relay_.Stop(std::chrono::milliseconds(0));
    return s;
  }
  started_ = true;
  return absl::OkStatus();
}

void EventPlumbing::Notify() { relay_.Notify(); }

void EventPlumbing::Stop(std::chrono::milliseconds drain) {
  if (!started_) return;
  started_ = false;
  consumer_.Stop();
  relay_.Stop(drain);
}

}  // namespace parfumerie::app

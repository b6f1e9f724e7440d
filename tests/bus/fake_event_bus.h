// An in-memory EventBus for unit tests of what runs on top of the port:
// one partition per topic (so one order), groups with committed offsets and
// either start position, and switches to make Publish fail. Every change wakes WaitFor().
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bus/event_bus.h"

namespace parfumerie::bus::testing {

class FakeEventBus : public EventBus {
 public:
  // Publish fails with this status while the predicate says so (the count
  // is the number of Publish calls to that topic so far, this one included).
  std::function<absl::Status(const std::string& topic, int call)> fail_publish;

  absl::Status Publish(std::span<const Message> messages) override {
    std::lock_guard lock(mu_);
    for (const Message& m : messages) {
      const int call = ++publish_calls_[m.topic];
      if (fail_publish) {
        if (absl::Status s = fail_publish(m.topic, call); !s.ok()) {
          cv_.notify_all();
          return s;
        }
      }
    }
    for (const Message& m : messages) {
      Message stored = m;
      stored.partition = 0;
      stored.offset = static_cast<int64_t>(log_[m.topic].size());
      log_[m.topic].push_back(std::move(stored));
    }
    cv_.notify_all();
    return absl::OkStatus();
  }

  using EventBus::Subscribe;
  absl::StatusOr<std::unique_ptr<Consumer>> Subscribe(const std::string& group, const std::vector<std::string>& topics,
                                                      const SubscribeOptions& options) override {
    return std::unique_ptr<Consumer>(new FakeConsumer(*this, group, topics, options.start));
  }

  std::vector<Message> Topic(const std::string& topic) {
    std::lock_guard lock(mu_);
    return log_[topic];
  }
  // Next offset to consume for `group` in `topic` (0 if nothing committed).
  int64_t Committed(const std::string& group, const std::string& topic) {
    std::lock_guard lock(mu_);
    auto it = committed_.find({group, topic});
    return it == committed_.end() ? 0 : it->second;
  }
  // Messages handed out by Poll to `group`'s members so far.
  int Delivered(const std::string& group) {
    std::lock_guard lock(mu_);
    return delivered_[group];
  }
  int PublishCalls(const std::string& topic) {
    std::lock_guard lock(mu_);
    return publish_calls_[topic];
  }
  // Waits (deadline 20 s) until `done()` holds. `done` runs without the lock
  // and may read state outside the bus, so the wait re-checks every 5 ms
  // even when nobody calls Changed().
  bool WaitFor(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      if (done()) return true;
      std::unique_lock lock(mu_);
      const auto now = std::chrono::steady_clock::now();
      if (now >= until) return false;
      cv_.wait_until(lock, std::min(until, now + std::chrono::milliseconds(5)));
    }
  }
  void Changed() { cv_.notify_all(); }

 private:
  class FakeConsumer : public Consumer {
   public:
    FakeConsumer(FakeEventBus& bus, std::string group, std::vector<std::string> topics, StartPosition start)
        : bus_(bus), group_(std::move(group)) {
      std::lock_guard lock(bus_.mu_);
      for (const std::string& t : topics) {
        auto committed = bus_.committed_.find({group_, t});
        if (committed != bus_.committed_.end()) {
          position_[t] = committed->second;
        } else {
          position_[t] = start == StartPosition::kEnd ? static_cast<int64_t>(bus_.log_[t].size()) : 0;
        }
      }
    }
    absl::StatusOr<std::vector<Message>> Poll(size_t max, std::chrono::milliseconds timeout) override {
      std::unique_lock lock(bus_.mu_);
      std::vector<Message> out;
      auto ready = [&] {
        for (auto& [t, pos] : position_) {
          if (static_cast<size_t>(pos) < bus_.log_[t].size()) return true;
        }
        return false;
      };
      bus_.cv_.wait_for(lock, timeout, ready);
      for (auto& [t, pos] : position_) {
        const std::vector<Message>& log = bus_.log_[t];
        while (out.size() < max && static_cast<size_t>(pos) < log.size()) out.push_back(log[pos++]);
      }
      bus_.delivered_[group_] += static_cast<int>(out.size());
      return out;
    }
    absl::Status Commit(const Message& m) override {
      std::lock_guard lock(bus_.mu_);
      bus_.committed_[{group_, m.topic}] = m.offset + 1;
      bus_.cv_.notify_all();
      return absl::OkStatus();
    }
    void Close() override {}

   private:
    FakeEventBus& bus_;
    const std::string group_;
    std::map<std::string, int64_t> position_;
  };

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::vector<Message>> log_;
  std::map<std::pair<std::string, std::string>, int64_t> committed_;
  std::map<std::string, int> publish_calls_;
  std::map<std::string, int> delivered_;
};

}  // namespace parfumerie::bus::testing

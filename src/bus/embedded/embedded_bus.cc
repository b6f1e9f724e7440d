#include "bus/embedded/embedded_bus.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "bus/embedded/embedded_consumer.h"
#include "bus/embedded/log_core.h"
#include "common/log.h"

namespace parfumerie::bus {
namespace {

class EmbeddedBus final : public EventBus {
 public:
  explicit EmbeddedBus(std::shared_ptr<embedded::LogCore> core) : core_(std::move(core)) {
    if (core_->options().retention.count() > 0) pruner_ = std::thread([this] { PruneUntilStopped(); });
  }
  ~EmbeddedBus() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    stop_.notify_all();
    if (pruner_.joinable()) pruner_.join();
  }

  absl::Status Publish(std::span<const Message> messages) override {
    for (const Message& m : messages) {
      if (absl::Status s = embedded::ValidateTopic(m.topic); !s.ok()) return s;
    }
    return core_->Append(messages);
  }

  using EventBus::Subscribe;
  absl::StatusOr<std::unique_ptr<Consumer>> Subscribe(const std::string& group, const std::vector<std::string>& topics,
                                                      const SubscribeOptions& options) override {
    return embedded::EmbeddedConsumer::Create(core_, group, topics, options);
  }

 private:
  // Applies the retention now, then every retention_check_interval.
  void PruneUntilStopped() {
    const EmbeddedBusOptions& o = core_->options();
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      const int64_t before_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count() -
          o.retention.count();
      absl::StatusOr<int64_t> pruned = core_->Prune(before_ms);
      if (!pruned.ok()) {
        log::Get("bus")->warn("event log retention failed, will retry: {}", pruned.status().ToString());
      } else if (*pruned > 0) {
        log::Get("bus")->info("event log retention: {} consumed message(s) older than {} h deleted", *pruned,
                              std::chrono::duration_cast<std::chrono::hours>(o.retention).count());
      }
      lock.lock();
      stop_.wait_for(lock, o.retention_check_interval, [this] { return stopping_; });
    }
  }

  std::shared_ptr<embedded::LogCore> core_;
  std::mutex mu_;
  std::condition_variable stop_;
  bool stopping_ = false;  // guarded by mu_
  std::thread pruner_;
};

}  // namespace

int32_t PartitionForKey(std::string_view key, int32_t partitions) {
  uint32_t hash = 2166136261u;  // FNV-1a, 32 bits
  for (char c : key) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return static_cast<int32_t>(hash % static_cast<uint32_t>(partitions));
}

absl::StatusOr<std::unique_ptr<EventBus>> OpenEmbeddedBus(const std::string& path, EmbeddedBusOptions options) {
  absl::StatusOr<std::shared_ptr<embedded::LogCore>> core = embedded::LogCore::Open(path, options);
  if (!core.ok()) return core.status();
  return std::make_unique<EmbeddedBus>(std::move(*core));
}

}  // namespace parfumerie::bus

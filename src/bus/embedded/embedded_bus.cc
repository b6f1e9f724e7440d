#include "bus/embedded/embedded_bus.h"

#include "bus/embedded/embedded_consumer.h"
#include "bus/embedded/log_core.h"

namespace parfumerie::bus {
namespace {

class EmbeddedBus final : public EventBus {
 public:
  explicit EmbeddedBus(std::shared_ptr<embedded::LogCore> core) : core_(std::move(core)) {}

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
  std::shared_ptr<embedded::LogCore> core_;
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

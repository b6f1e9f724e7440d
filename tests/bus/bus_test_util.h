// Helpers shared by the bus tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "bus/event_bus.h"
#include "bus/message.h"

namespace parfumerie::bus::testing {

inline constexpr std::chrono::seconds kDeliveryDeadline{20};

// Polls until `n` messages arrived or the deadline passed.
inline std::vector<Message> PollAtLeast(Consumer& consumer, size_t n,
                                        std::chrono::milliseconds deadline = kDeliveryDeadline) {
  std::vector<Message> got;
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (got.size() < n && std::chrono::steady_clock::now() < until) {
    absl::StatusOr<std::vector<Message>> batch = consumer.Poll(n - got.size(), std::chrono::milliseconds(100));
    EXPECT_TRUE(batch.ok()) << batch.status();
    if (!batch.ok()) break;
    for (Message& m : *batch) got.push_back(std::move(m));
  }
  return got;
}

inline Message Msg(const std::string& topic, const std::string& key, const std::string& id,
                   std::string payload = "p") {
  Message m;
  m.topic = topic;
  m.key = key;
  m.headers = {{std::string(kCeId), id}};
  m.payload = std::move(payload);
  return m;
}

}  // namespace parfumerie::bus::testing

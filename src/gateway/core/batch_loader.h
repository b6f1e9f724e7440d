// Batches and de-duplicates the lookups of one GraphQL operation, like
// DataLoader: every Load() made while resolvers run is queued; the first one
// posts a dispatch to the operation's executor, which runs once the current
// wave of resolvers has returned, and fetches all queued keys in calls of at
// most `max_batch` keys. Each key is fetched once per operation (results are
// cached until Clear()).
//
// Thread-safety: none; use it only on its executor (a strand), where the
// operation's resolvers and deferred completions run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>

#include "absl/status/statusor.h"

namespace parfumerie::gateway {

template <typename Value>
class BatchLoader {
 public:
  // nullopt: the service knows no such key.
  using Result = absl::StatusOr<std::optional<Value>>;
  using Found = std::function<void(const Result&)>;
  using Batch = absl::StatusOr<std::unordered_map<std::string, Value>>;
  // Fetches `keys` (at most max_batch, no duplicates) and calls `done` once,
  // on the executor, with the values found by key.
  using Fetch = std::function<void(std::vector<std::string> keys, std::function<void(Batch)> done)>;

  BatchLoader(boost::asio::any_io_executor executor, Fetch fetch, size_t max_batch = 100)
      : state_(std::make_shared<State>()) {
    state_->executor = std::move(executor);
    state_->fetch = std::move(fetch);
    state_->max_batch = max_batch;
  }

  void Load(const std::string& key, Found found) {
    auto& entry = state_->entries[key];
    if (entry == nullptr) {
      entry = std::make_shared<Entry>();
      state_->queued.push_back(key);
      if (!state_->scheduled) {
        state_->scheduled = true;
        boost::asio::post(state_->executor, [state = state_] { Dispatch(state); });
      }
    }
    if (entry->done) {
      found(entry->result);
    } else {
      entry->waiters.push_back(std::move(found));
    }
  }

  // Forgets what was fetched or is being fetched: later loads fetch again
  // (a subscription does this for each event, so every event sees data read
  // after it). Keys queued but not yet dispatched stay: their fetch is still
  // to come.
  void Clear() {
    std::erase_if(state_->entries, [](const auto& e) { return e.second->done || e.second->dispatched; });
  }

  // Calls made so far (what the no-N+1 tests count).
  size_t fetches() const { return state_->fetches; }

 private:
  struct Entry {
    bool dispatched = false;  // its fetch is under way
    bool done = false;
    Result result;
    std::vector<Found> waiters;
  };
  struct State {
    boost::asio::any_io_executor executor;
    Fetch fetch;
    size_t max_batch = 100;
    std::unordered_map<std::string, std::shared_ptr<Entry>> entries;
    std::vector<std::string> queued;
    bool scheduled = false;
    size_t fetches = 0;
  };

  static void Dispatch(const std::shared_ptr<State>& state) {
    state->scheduled = false;
    std::vector<std::string> queued = std::move(state->queued);
    state->queued.clear();
    for (size_t begin = 0; begin < queued.size(); begin += state->max_batch) {
      const size_t end = std::min(queued.size(), begin + state->max_batch);
      std::vector<std::string> keys(queued.begin() + begin, queued.begin() + end);
      std::vector<std::shared_ptr<Entry>> entries;
      entries.reserve(keys.size());
      for (const auto& key : keys) {
        entries.push_back(state->entries.at(key));
        entries.back()->dispatched = true;
      }
      ++state->fetches;
      state->fetch(keys, [keys, entries = std::move(entries)](Batch batch) {
        for (size_t i = 0; i < keys.size(); ++i) {
          Entry& entry = *entries[i];
          if (!batch.ok()) {
            entry.result = batch.status();
          } else if (auto it = batch->find(keys[i]); it != batch->end()) {
            entry.result = std::optional<Value>(it->second);
          } else {
            entry.result = std::optional<Value>();
          }
          entry.done = true;
          std::vector<Found> waiters = std::move(entry.waiters);
          for (auto& waiter : waiters) waiter(entry.result);
        }
      });
    }
  }

  std::shared_ptr<State> state_;
};

}  // namespace parfumerie::gateway

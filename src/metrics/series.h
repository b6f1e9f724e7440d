// The three kinds of series a family holds: Counter, Gauge and Histogram.
// One object per label set, created by its Family (see family.h) and owned by
// it for the registry's lifetime, so a reference can be kept and used on a
// hot path without any lookup.
//
// Thread-safety: every method may be called from any thread at once. Updates
// are lock-free atomics (relaxed: a scrape sees each update, in no particular
// order relative to other series).
#pragma once

#include <atomic>
#include <concepts>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace parfumerie::metrics {

namespace internal {
// Lets a family own series of any kind through one pointer type.
class Series {
 public:
  virtual ~Series() = default;
};
}  // namespace internal

// A count that only goes up (requests, bytes sent). Whole increments take the
// fast path (one atomic add); fractional amounts (seconds of CPU) go to a
// second cell.
class Counter final : public internal::Series {
 public:
  void Inc(uint64_t n = 1) { whole_.fetch_add(n, std::memory_order_relaxed); }
  template <std::floating_point F>
  void Inc(F) = delete;  // a fraction is an Add()
  // Adds a non-negative amount. A negative or NaN amount is a programming
  // error (a counter never decreases) and aborts.
  void Add(double amount);
  double Value() const;

 private:
  std::atomic<uint64_t> whole_{0};
  std::atomic<double> fraction_{0};
};

// A value that goes up and down (sessions open, queue depth).
class Gauge final : public internal::Series {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  void Inc() { Add(1); }
  void Dec() { Add(-1); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into fixed buckets (each an inclusive upper bound, `le`)
// and keeps their sum. Buckets are counted apart and made cumulative only
// when read, so an observation touches one bucket cell and the sum.
class Histogram final : public internal::Series {
 public:
  // `bounds` (strictly increasing, finite; +Inf is implicit) is owned by the
  // family and outlives the histogram.
  explicit Histogram(std::span<const double> bounds);

  // NaN is ignored: it belongs to no bucket and would poison the sum.
  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;
  std::span<const double> bounds() const { return bounds_; }

 private:
  std::span<const double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 cells
  std::atomic<double> sum_{0};
};

}  // namespace parfumerie::metrics

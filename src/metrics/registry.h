// A set of metric families and their exposition in the Prometheus text format
// 0.0.4 — the one place where a process's metrics are gathered and scraped.
//
// Naming (checked at registration; a bad name is a programming error and
// aborts): snake_case `[a-z_][a-z0-9_]*`; base units (`_seconds`, `_bytes`,
// never `_milliseconds` or `_kilobytes`); counters end in `_total`, other
// kinds do not; histograms do not end in `_bucket`, `_sum` or `_count`.
// Label names are `[a-zA-Z_][a-zA-Z0-9_]*`, unique, not `__`-prefixed, and
// `le` is reserved for histogram buckets.
//
// Registering is get-or-create: the same description returns the same family
// (so two HTTP servers share `http_server_requests_total`); the same name with
// another kind, help, label list or buckets aborts.
//
// Lifetime: families live as long as the registry; Default() is never
// destroyed. Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/family.h"

namespace parfumerie::metrics {

// Content-Type of Registry::Exposition().
inline constexpr std::string_view kExpositionContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Request latency buckets in seconds, 0.5 ms to 10 s (then +Inf).
std::vector<double> LatencyBuckets();

class Registry;

// Keeps a scrape-time callback registered; destroying it (or Reset()) removes
// the callback, waiting for a scrape that is running it. Must not outlive the
// registry.
class [[nodiscard]] CallbackHandle {
 public:
  CallbackHandle() = default;
  ~CallbackHandle() { Reset(); }
  CallbackHandle(CallbackHandle&& other) noexcept;
  CallbackHandle& operator=(CallbackHandle&& other) noexcept;
  CallbackHandle(const CallbackHandle&) = delete;
  CallbackHandle& operator=(const CallbackHandle&) = delete;
  void Reset();

 private:
  friend class Registry;
  CallbackHandle(internal::FamilyBase* family, uint64_t id) : family_(family), id_(id) {}
  internal::FamilyBase* family_ = nullptr;
  uint64_t id_ = 0;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry, with the process metrics (AddProcessMetrics).
  static Registry& Default();

  CounterFamily& AddCounter(const MetricDesc& desc);
  GaugeFamily& AddGauge(const MetricDesc& desc);
  // `bounds`: strictly increasing finite upper bounds; +Inf is implied.
  HistogramFamily& AddHistogram(const MetricDesc& desc,
                                std::vector<double> bounds = LatencyBuckets());

  // A series whose value is read at scrape time: an outbox backlog, a
  // consumer's lag. `read` runs on the scraping thread (an HTTP I/O thread),
  // possibly on several at once, under the family's lock: it must be quick,
  // must not block (read an atomic or a cached value, never a database) and
  // must not call this registry. Callbacks with the same label values add up.
  // The family may also hold ordinary series.
  CallbackHandle AddGaugeCallback(const MetricDesc& desc, std::vector<std::string> label_values,
                                  std::function<double()> read);
  // The same for a count kept elsewhere; it must never decrease.
  CallbackHandle AddCounterCallback(const MetricDesc& desc, std::vector<std::string> label_values,
                                    std::function<double()> read);

  // Registers the standard process metrics read from /proc/self
  // (process_cpu_seconds_total, process_resident_memory_bytes, ...). Idempotent.
  void AddProcessMetrics();

  // Off: every series handed out from then on is a sink that is never written
  // out, so instrumented code records nothing (and takes no lock); callbacks
  // still run. For measuring what recording costs (the `metrics` setting).
  // Series handed out before keep recording: switch it at start-up.
  void SetRecording(bool on) { recording_.store(on, std::memory_order_relaxed); }

  // Every family with at least one series, sorted by name; within a family,
  // series sorted by label values; histogram buckets in ascending `le`.
  std::string Exposition() const;

 private:
  internal::FamilyBase& Register(MetricType type, const MetricDesc& desc,
                                 std::vector<double> bounds);

  mutable std::mutex mu_;
  std::atomic<bool> recording_{true};  // declared before the families that point to it
  std::map<std::string, std::unique_ptr<internal::FamilyBase>, std::less<>> families_;  // guarded
  // Declared after families_ so that they are removed before the families go.
  std::vector<CallbackHandle> process_callbacks_;  // guarded
  bool process_metrics_ = false;                   // guarded
};

}  // namespace parfumerie::metrics

// A metric family: a name, a help text, a fixed list of label names, and one
// series per distinct list of label values. Families are made and owned by a
// Registry (registry.h) and live as long as it does.
//
//   auto& requests = registry.AddCounter({.name = "shop_orders_total", .help = "...",
//                                         .labels = {"outcome"}});
//   Counter& placed = requests.Labels({"placed"});  // keep it: no lookup next time
//   placed.Inc();
//
// Thread-safety: Labels() may be called from any thread; it takes a reader
// lock (a writer lock the first time a label set is seen). Series references
// stay valid for the registry's lifetime.
//
// Cardinality: every distinct label set is a series kept forever. Label values
// must come from a small, fixed set (a route pattern, a status code), never
// from user input (a raw path, an id). Values must be UTF-8.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/series.h"

namespace parfumerie::metrics {

enum class MetricType { kCounter, kGauge, kHistogram };

// What a family is. See registry.h for the naming rules it must follow.
struct MetricDesc {
  std::string name;
  std::string help;
  std::vector<std::string> labels;  // label names, in the order values are given
};

namespace internal {

// Orders label-value lists of any string type, so that lookups need no copy.
struct LabelsLess {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  }
};

// What the registry sees of a family: its description and its samples.
class FamilyBase {
 public:
  // `recording` (the registry's switch, see Registry::SetRecording) must
  // outlive the family; null: always on.
  FamilyBase(MetricType type, MetricDesc desc, std::vector<double> bounds,
             const std::atomic<bool>* recording = nullptr);
  virtual ~FamilyBase() = default;
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  MetricType type() const { return type_; }
  const MetricDesc& desc() const { return desc_; }
  std::span<const double> bounds() const { return bounds_; }

  // Appends `# HELP`, `# TYPE` and the samples, ordered by label values;
  // nothing when the family has no series yet. Runs the callbacks.
  void Write(std::string* out) const;

  // Scrape-time values (counter and gauge families only): see
  // Registry::AddGaugeCallback. Returns an id for RemoveCallback().
  uint64_t AddCallback(std::vector<std::string> values, std::function<double()> read);
  // Waits for a scrape running the callback to finish.
  void RemoveCallback(uint64_t id);

 protected:
  internal::Series& FindOrCreate(std::span<const std::string_view> values);

 private:
  std::unique_ptr<Series> NewSeries() const;
  void CheckArity(size_t n) const;
  void AppendSeriesName(std::string* out, std::string_view suffix,
                        const std::vector<std::string>& values, const std::string* le) const;

  struct Callback {
    uint64_t id;
    std::vector<std::string> values;
    std::function<double()> read;
  };

  const MetricType type_;
  const MetricDesc desc_;
  const std::vector<double> bounds_;  // histograms only
  const std::atomic<bool>* const recording_;
  const std::unique_ptr<Series> sink_;  // handed out while recording is off; never written out
  mutable std::shared_mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>, LabelsLess> series_;  // guarded
  std::vector<Callback> callbacks_;                                                 // guarded
  uint64_t next_callback_id_ = 1;                                                   // guarded
};

}  // namespace internal

template <typename T>
class Family final : public internal::FamilyBase {
 public:
  using FamilyBase::FamilyBase;

  // The series of `values`, one per label name in order; created at the
  // first call. A wrong number of values is a programming error and aborts.
  T& Labels(std::initializer_list<std::string_view> values) {
    return static_cast<T&>(FindOrCreate(std::span(values.begin(), values.size())));
  }
  T& Labels(std::span<const std::string_view> values) {
    return static_cast<T&>(FindOrCreate(values));
  }
  // The one series of a family without labels.
  T& Get() { return Labels({}); }
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

}  // namespace parfumerie::metrics

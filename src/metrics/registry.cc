#include "metrics/registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <utility>

#include "metrics/text_format.h"

namespace parfumerie::metrics {
namespace {

[[noreturn]] void BadMetric(std::string_view name, std::string_view why) {
  // Metrics are declared in code: a bad declaration must fail the first test.
  std::fprintf(stderr, "metrics: bad metric '%.*s': %.*s\n", static_cast<int>(name.size()),
               name.data(), static_cast<int>(why.size()), why.data());
  std::abort();
}

void Validate(MetricType type, const MetricDesc& desc, const std::vector<double>& bounds) {
  const std::string& name = desc.name;
  if (!internal::IsValidMetricName(name)) BadMetric(name, "not a snake_case name");
  if (std::string_view unit = internal::NonBaseUnit(name); !unit.empty()) {
    BadMetric(name, "use a base unit (seconds, bytes) instead of " + std::string(unit));
  }
  if (desc.help.empty()) BadMetric(name, "no help text");
  const bool total = name.ends_with("_total");
  if (type == MetricType::kCounter && !total) BadMetric(name, "a counter's name ends in _total");
  if (type != MetricType::kCounter && total) BadMetric(name, "only counters end in _total");
  if (type == MetricType::kHistogram &&
      (name.ends_with("_bucket") || name.ends_with("_sum") || name.ends_with("_count"))) {
    BadMetric(name, "a histogram's series add _bucket, _sum and _count themselves");
  }
  std::set<std::string_view> seen;
  for (const std::string& label : desc.labels) {
    if (!internal::IsValidLabelName(label)) BadMetric(name, "bad label name '" + label + "'");
    if (!seen.insert(label).second) BadMetric(name, "label '" + label + "' twice");
    if (type == MetricType::kHistogram && label == "le") BadMetric(name, "label 'le' is reserved");
  }
  if (type != MetricType::kHistogram) return;
  if (bounds.empty()) BadMetric(name, "a histogram needs buckets");
  for (size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
      BadMetric(name, "buckets must be finite and strictly increasing");
    }
  }
}

}  // namespace

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

CallbackHandle::CallbackHandle(CallbackHandle&& other) noexcept
    : family_(std::exchange(other.family_, nullptr)), id_(other.id_) {}

CallbackHandle& CallbackHandle::operator=(CallbackHandle&& other) noexcept {
  if (this != &other) {
    Reset();
    family_ = std::exchange(other.family_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

void CallbackHandle::Reset() {
  if (family_ != nullptr) std::exchange(family_, nullptr)->RemoveCallback(id_);
}

Registry::Registry() = default;

Registry::~Registry() {
  // The process callbacks point into families_: remove them first.
  process_callbacks_.clear();
}

Registry& Registry::Default() {
  // Never destroyed: series references are held by objects with static or
  // thread lifetimes that may outlive any ordered destruction.
  static Registry* registry = [] {
    auto* r = new Registry();
    r->AddProcessMetrics();
    return r;
  }();
  return *registry;
}

internal::FamilyBase& Registry::Register(MetricType type, const MetricDesc& desc,
                                         std::vector<double> bounds) {
  if (type != MetricType::kHistogram) bounds.clear();
  std::lock_guard lock(mu_);
  auto it = families_.find(desc.name);
  if (it != families_.end()) {
    const internal::FamilyBase& f = *it->second;
    const bool same_bounds = std::equal(bounds.begin(), bounds.end(), f.bounds().begin(),
                                        f.bounds().end());
    if (f.type() != type || f.desc().help != desc.help || f.desc().labels != desc.labels ||
        !same_bounds) {
      BadMetric(desc.name, "registered twice with different kinds, help, labels or buckets");
    }
    return *it->second;
  }
  Validate(type, desc, bounds);
  std::unique_ptr<internal::FamilyBase> family;
  switch (type) {
    case MetricType::kCounter:
      family = std::make_unique<CounterFamily>(type, desc, std::move(bounds), &recording_);
      break;
    case MetricType::kGauge:
      family = std::make_unique<GaugeFamily>(type, desc, std::move(bounds), &recording_);
      break;
    case MetricType::kHistogram:
      family = std::make_unique<HistogramFamily>(type, desc, std::move(bounds), &recording_);
      break;
  }
  return *families_.emplace(desc.name, std::move(family)).first->second;
}

CounterFamily& Registry::AddCounter(const MetricDesc& desc) {
  auto& family = static_cast<CounterFamily&>(Register(MetricType::kCounter, desc, {}));
  // A family without labels has its one series from the start, at zero.
  if (desc.labels.empty()) family.Get();
  return family;
}

GaugeFamily& Registry::AddGauge(const MetricDesc& desc) {
  auto& family = static_cast<GaugeFamily&>(Register(MetricType::kGauge, desc, {}));
  if (desc.labels.empty()) family.Get();
  return family;
}

HistogramFamily& Registry::AddHistogram(const MetricDesc& desc, std::vector<double> bounds) {
  auto& family =
      static_cast<HistogramFamily&>(Register(MetricType::kHistogram, desc, std::move(bounds)));
  if (desc.labels.empty()) family.Get();
  return family;
}

CallbackHandle Registry::AddGaugeCallback(const MetricDesc& desc,
                                          std::vector<std::string> label_values,
                                          std::function<double()> read) {
  internal::FamilyBase& family = Register(MetricType::kGauge, desc, {});
  return CallbackHandle(&family, family.AddCallback(std::move(label_values), std::move(read)));
}

CallbackHandle Registry::AddCounterCallback(const MetricDesc& desc,
                                            std::vector<std::string> label_values,
                                            std::function<double()> read) {
  internal::FamilyBase& family = Register(MetricType::kCounter, desc, {});
  return CallbackHandle(&family, family.AddCallback(std::move(label_values), std::move(read)));
}

std::string Registry::Exposition() const {
  std::vector<const internal::FamilyBase*> families;
  {
    // Families are never removed: the pointers stay valid once the lock is
    // released, and writing them does not hold up registrations.
    std::lock_guard lock(mu_);
    families.reserve(families_.size());
    for (const auto& [name, family] : families_) families.push_back(family.get());
  }
  std::string out;
  for (const internal::FamilyBase* family : families) family->Write(&out);
  return out;
}

}  // namespace parfumerie::metrics

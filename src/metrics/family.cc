#include "metrics/family.h"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "metrics/text_format.h"

namespace parfumerie::metrics::internal {
namespace {

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

}  // namespace

FamilyBase::FamilyBase(MetricType type, MetricDesc desc, std::vector<double> bounds,
                       const std::atomic<bool>* recording)
    : type_(type), desc_(std::move(desc)), bounds_(std::move(bounds)), recording_(recording),
      sink_(NewSeries()) {}

void FamilyBase::CheckArity(size_t n) const {
  if (n == desc_.labels.size()) return;
  // Label values are given at fixed call sites: a mismatch is a bug there.
  std::fprintf(stderr, "metrics: %s takes %zu label value(s), got %zu\n", desc_.name.c_str(),
               desc_.labels.size(), n);
  std::abort();
}

std::unique_ptr<Series> FamilyBase::NewSeries() const {
  switch (type_) {
    case MetricType::kCounter:
      return std::make_unique<Counter>();
    case MetricType::kGauge:
      return std::make_unique<Gauge>();
    case MetricType::kHistogram:
      return std::make_unique<Histogram>(bounds_);
  }
  std::abort();
}

Series& FamilyBase::FindOrCreate(std::span<const std::string_view> values) {
  CheckArity(values.size());
  if (recording_ != nullptr && !recording_->load(std::memory_order_relaxed)) return *sink_;
  {
    std::shared_lock lock(mu_);
    auto it = series_.find(values);
    if (it != series_.end()) return *it->second;
  }
  std::unique_lock lock(mu_);
  auto it = series_.find(values);  // another thread may have made it meanwhile
  if (it == series_.end()) {
    it = series_.emplace(std::vector<std::string>(values.begin(), values.end()), NewSeries())
             .first;
  }
  return *it->second;
}

uint64_t FamilyBase::AddCallback(std::vector<std::string> values, std::function<double()> read) {
  CheckArity(values.size());
  std::unique_lock lock(mu_);
  uint64_t id = next_callback_id_++;
  callbacks_.push_back(Callback{id, std::move(values), std::move(read)});
  return id;
}

void FamilyBase::RemoveCallback(uint64_t id) {
  std::unique_lock lock(mu_);
  std::erase_if(callbacks_, [id](const Callback& c) { return c.id == id; });
}

void FamilyBase::AppendSeriesName(std::string* out, std::string_view suffix,
                                  const std::vector<std::string>& values,
                                  const std::string* le) const {
  out->append(desc_.name);
  out->append(suffix);
  if (values.empty() && le == nullptr) return;
  out->push_back('{');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append(desc_.labels[i]);
    out->append("=\"");
    AppendEscapedLabelValue(out, values[i]);
    out->push_back('"');
  }
  if (le != nullptr) {
    if (!values.empty()) out->push_back(',');
    out->append("le=\"");
    out->append(*le);
    out->push_back('"');
  }
  out->push_back('}');
}

void FamilyBase::Write(std::string* out) const {
  std::shared_lock lock(mu_);
  if (series_.empty() && callbacks_.empty()) return;
  out->append("# HELP ").append(desc_.name).push_back(' ');
  AppendEscapedHelp(out, desc_.help);
  out->append("\n# TYPE ").append(desc_.name).push_back(' ');
  out->append(TypeName(type_)).push_back('\n');

  if (type_ == MetricType::kHistogram) {
    std::vector<std::string> les;
    for (double bound : bounds_) {
      std::string le;
      AppendNumber(&le, bound);
      les.push_back(std::move(le));
    }
    les.push_back("+Inf");
    for (const auto& [values, series] : series_) {
      Histogram::Snapshot s = static_cast<const Histogram&>(*series).Read();
      for (size_t i = 0; i < les.size(); ++i) {
        AppendSeriesName(out, "_bucket", values, &les[i]);
        out->push_back(' ');
        AppendNumber(out, static_cast<double>(s.cumulative[i]));
        out->push_back('\n');
      }
      AppendSeriesName(out, "_sum", values, nullptr);
      out->push_back(' ');
      AppendNumber(out, s.sum);
      out->push_back('\n');
      AppendSeriesName(out, "_count", values, nullptr);
      out->push_back(' ');
      AppendNumber(out, static_cast<double>(s.count));
      out->push_back('\n');
    }
    return;
  }

  // Counters and gauges: a series' value plus every callback with its labels
  // (callbacks with equal labels add up, e.g. two replicas' backlogs).
  std::map<std::vector<std::string>, double, LabelsLess> values;
  for (const auto& [labels, series] : series_) {
    values[labels] = type_ == MetricType::kCounter ? static_cast<const Counter&>(*series).Value()
                                                   : static_cast<const Gauge&>(*series).Value();
  }
  for (const Callback& c : callbacks_) values[c.values] += c.read();
  for (const auto& [labels, value] : values) {
    AppendSeriesName(out, "", labels, nullptr);
    out->push_back(' ');
    AppendNumber(out, value);
    out->push_back('\n');
  }
}

}  // namespace parfumerie::metrics::internal

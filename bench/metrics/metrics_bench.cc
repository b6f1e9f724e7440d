// What recording a metric costs on a hot path, and what a scrape costs.
//   build/release/bench/metrics/metrics_bench
// Figures and how to read them: docs/observability.md.
#include <benchmark/benchmark.h>

#include <string>

#include "metrics/registry.h"

namespace parfumerie::metrics {
namespace {

Registry& Shared() {
  static Registry* registry = new Registry();
  return *registry;
}

// A cached series: one relaxed atomic add.
void BM_CounterInc(benchmark::State& state) {
  Counter& c = Shared().AddCounter({.name = "bench_total", .help = "B."}).Get();
  for (auto _ : state) c.Inc();
  benchmark::DoNotOptimize(c.Value());
}
BENCHMARK(BM_CounterInc)->Threads(1)->Threads(2)->UseRealTime();

void BM_GaugeAdd(benchmark::State& state) {
  Gauge& g = Shared().AddGauge({.name = "bench_gauge", .help = "B."}).Get();
  for (auto _ : state) g.Add(1);
  benchmark::DoNotOptimize(g.Value());
}
BENCHMARK(BM_GaugeAdd)->Threads(1)->Threads(2)->UseRealTime();

// A cached series with the default latency buckets: a bucket search, a bucket
// add and a compare-and-swap on the sum.
void BM_HistogramObserve(benchmark::State& state) {
  Histogram& h = Shared().AddHistogram({.name = "bench_seconds", .help = "B."}).Get();
  double v = 0.0001;
  for (auto _ : state) {
    h.Observe(v);
    v = v < 10 ? v * 1.7 : 0.0001;  // walk through every bucket
  }
}
BENCHMARK(BM_HistogramObserve)->Threads(1)->Threads(2)->UseRealTime();

// What the HTTP server does per request: two label lookups (4 and 3 values)
// under a reader lock, then an increment and an observation.
void BM_HttpRequestRecord(benchmark::State& state) {
  auto& requests = Shared().AddCounter(
      {.name = "bench_requests_total", .help = "B.", .labels = {"server", "method", "route", "status"}});
  auto& duration = Shared().AddHistogram(
      {.name = "bench_request_seconds", .help = "B.", .labels = {"server", "method", "route"}});
  for (int i = 0; i < 30; ++i) {  // a route table's worth of other series
    requests.Labels({"gateway", "GET", "/r" + std::to_string(i), "200"});
  }
  const std::string status = "200";
  for (auto _ : state) {
    requests.Labels({"gateway", "GET", "/parfums/{id}", status}).Inc();
    duration.Labels({"gateway", "GET", "/parfums/{id}"}).Observe(0.0012);
  }
}
BENCHMARK(BM_HttpRequestRecord)->Threads(1)->Threads(2)->UseRealTime();

// A scrape of a registry about the size of the gateway's: 40 counter series,
// 40 histograms of 15 buckets, the process metrics.
void BM_Exposition(benchmark::State& state) {
  Registry r;
  r.AddProcessMetrics();
  auto& requests = r.AddCounter({.name = "x_requests_total", .help = "X.", .labels = {"route"}});
  auto& seconds = r.AddHistogram({.name = "x_request_seconds", .help = "X.", .labels = {"route"}});
  for (int i = 0; i < 40; ++i) {
    requests.Labels({"/route/" + std::to_string(i)}).Inc(i);
    seconds.Labels({"/route/" + std::to_string(i)}).Observe(0.001 * i);
  }
  size_t bytes = 0;
  for (auto _ : state) bytes = r.Exposition().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Exposition)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace parfumerie::metrics

BENCHMARK_MAIN();

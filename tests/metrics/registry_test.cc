// The registry's exposition, byte for byte: layout, escaping, ordering,
// histograms, callbacks, and exact totals under concurrent updates.
#include "metrics/registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace parfumerie::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RegistryTest, WritesHelpTypeAndSamples) {
  Registry r;
  auto& orders = r.AddCounter({.name = "shop_orders_total", .help = "Orders placed.",
                               .labels = {"outcome"}});
  orders.Labels({"placed"}).Inc(3);
  r.AddGauge({.name = "shop_queue_depth", .help = "Jobs waiting."}).Get().Set(2.5);
  EXPECT_EQ(r.Exposition(),
            "# HELP shop_orders_total Orders placed.\n"
            "# TYPE shop_orders_total counter\n"
            "shop_orders_total{outcome=\"placed\"} 3\n"
            "# HELP shop_queue_depth Jobs waiting.\n"
            "# TYPE shop_queue_depth gauge\n"
            "shop_queue_depth 2.5\n");
}

TEST(RegistryTest, EscapesHelpAndLabelValues) {
  Registry r;
  r.AddCounter({.name = "x_total", .help = "a \\ b\nc \"q\"", .labels = {"v"}})
      .Labels({"back\\slash \"quoted\"\nnewline"})
      .Inc();
  EXPECT_EQ(r.Exposition(),
            "# HELP x_total a \\\\ b\\nc \"q\"\n"
            "# TYPE x_total counter\n"
            "x_total{v=\"back\\\\slash \\\"quoted\\\"\\nnewline\"} 1\n");
}

TEST(RegistryTest, SortsFamiliesByNameAndSeriesByLabelValues) {
  Registry r;
  auto& b = r.AddCounter({.name = "b_total", .help = "B.", .labels = {"method", "code"}});
  b.Labels({"POST", "200"}).Inc();
  b.Labels({"GET", "500"}).Inc();
  b.Labels({"GET", "200"}).Inc();
  r.AddGauge({.name = "a_value", .help = "A."});
  const std::string text = r.Exposition();
  EXPECT_EQ(text,
            "# HELP a_value A.\n# TYPE a_value gauge\na_value 0\n"
            "# HELP b_total B.\n# TYPE b_total counter\n"
            "b_total{method=\"GET\",code=\"200\"} 1\n"
            "b_total{method=\"GET\",code=\"500\"} 1\n"
            "b_total{method=\"POST\",code=\"200\"} 1\n");
  EXPECT_EQ(r.Exposition(), text);  // stable from one scrape to the next
}

TEST(RegistryTest, OmitsLabelledFamiliesWithoutSeries) {
  Registry r;
  r.AddCounter({.name = "unused_total", .help = "Never touched.", .labels = {"k"}});
  r.AddCounter({.name = "plain_total", .help = "No labels."});
  EXPECT_EQ(r.Exposition(), "# HELP plain_total No labels.\n# TYPE plain_total counter\n"
                            "plain_total 0\n");
}

TEST(RegistryTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry r;
  auto& h = r.AddHistogram({.name = "job_seconds", .help = "Job time.", .labels = {"kind"}},
                           {0.1, 1, 2.5});
  Histogram& fast = h.Labels({"fast"});
  fast.Observe(0.05);
  fast.Observe(0.1);  // `le` is inclusive: this one is in the 0.1 bucket
  fast.Observe(2);
  fast.Observe(7);    // past the last bound: only +Inf
  fast.Observe(std::nan(""));  // ignored
  EXPECT_EQ(r.Exposition(),
            "# HELP job_seconds Job time.\n# TYPE job_seconds histogram\n"
            "job_seconds_bucket{kind=\"fast\",le=\"0.1\"} 2\n"
            "job_seconds_bucket{kind=\"fast\",le=\"1\"} 2\n"
            "job_seconds_bucket{kind=\"fast\",le=\"2.5\"} 3\n"
            "job_seconds_bucket{kind=\"fast\",le=\"+Inf\"} 4\n"
            "job_seconds_sum{kind=\"fast\"} 9.15\n"
            "job_seconds_count{kind=\"fast\"} 4\n");
}

TEST(RegistryTest, UnlabelledHistogramHasOnlyLe) {
  Registry r;
  r.AddHistogram({.name = "tick_seconds", .help = "Ticks."}, {1}).Get().Observe(0.5);
  EXPECT_THAT(r.Exposition(), HasSubstr("tick_seconds_bucket{le=\"1\"} 1\n"
                                        "tick_seconds_bucket{le=\"+Inf\"} 1\n"
                                        "tick_seconds_sum 0.5\ntick_seconds_count 1\n"));
}

TEST(RegistryTest, DefaultLatencyBucketsSpanHalfAMillisecondToTenSeconds) {
  std::vector<double> b = LatencyBuckets();
  EXPECT_EQ(b.front(), 0.0005);
  EXPECT_EQ(b.back(), 10);
  Registry r;
  r.AddHistogram({.name = "op_seconds", .help = "Ops."}).Get();
  EXPECT_THAT(r.Exposition(), HasSubstr("op_seconds_bucket{le=\"0.0005\"} 0\n"));
}

TEST(RegistryTest, CallbackGaugesAreReadAtScrapeTimeAndRemovedWithTheirHandle) {
  Registry r;
  const MetricDesc backlog{.name = "outbox_backlog", .help = "Unsent.", .labels = {"store"}};
  double catalog = 4;
  CallbackHandle a = r.AddGaugeCallback(backlog, {"catalog"}, [&] { return catalog; });
  CallbackHandle b = r.AddGaugeCallback(backlog, {"payment"}, [] { return 1.0; });
  // A second callback with the same labels (a replica) adds to the first.
  CallbackHandle c = r.AddGaugeCallback(backlog, {"payment"}, [] { return 2.0; });
  catalog = 7;
  EXPECT_THAT(r.Exposition(), HasSubstr("outbox_backlog{store=\"catalog\"} 7\n"
                                        "outbox_backlog{store=\"payment\"} 3\n"));
  c.Reset();
  a = CallbackHandle();
  std::string text = r.Exposition();
  EXPECT_THAT(text, Not(HasSubstr("catalog")));
  EXPECT_THAT(text, HasSubstr("outbox_backlog{store=\"payment\"} 1\n"));
}

TEST(RegistryTest, CounterCallbacksAreCounters) {
  Registry r;
  CallbackHandle h = r.AddCounterCallback({.name = "sent_total", .help = "Sent."}, {},
                                          [] { return 42.0; });
  EXPECT_THAT(r.Exposition(), HasSubstr("# TYPE sent_total counter\nsent_total 42\n"));
}

TEST(RegistryTest, SameDescriptionReturnsTheSameFamily) {
  Registry r;
  const MetricDesc d{.name = "hits_total", .help = "Hits.", .labels = {"a"}};
  EXPECT_EQ(&r.AddCounter(d), &r.AddCounter(d));
  EXPECT_EQ(&r.AddCounter(d).Labels({"x"}), &r.AddCounter(d).Labels({"x"}));
}

TEST(RegistryTest, CounterTakesFractionsAndWholeIncrements) {
  Registry r;
  Counter& c = r.AddCounter({.name = "cpu_seconds_total", .help = "CPU."}).Get();
  c.Inc();
  c.Add(0.25);
  EXPECT_DOUBLE_EQ(c.Value(), 1.25);
  EXPECT_THAT(r.Exposition(), HasSubstr("cpu_seconds_total 1.25\n"));
}

TEST(RegistryTest, GaugeGoesUpAndDown) {
  Registry r;
  Gauge& g = r.AddGauge({.name = "sessions", .help = "Open."}).Get();
  g.Inc();
  g.Inc();
  g.Dec();
  g.Add(-3);
  EXPECT_EQ(g.Value(), -2);
  g.Set(1e-9);
  EXPECT_THAT(r.Exposition(), HasSubstr("sessions 1e-09\n"));
}

TEST(RegistryTest, ConcurrentUpdatesAddUpExactly) {
  Registry r;
  auto& counters = r.AddCounter({.name = "c_total", .help = "C.", .labels = {"k"}});
  auto& histograms = r.AddHistogram({.name = "h_seconds", .help = "H.", .labels = {"k"}}, {0.5});
  auto& gauges = r.AddGauge({.name = "g", .help = "G.", .labels = {"k"}});
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Every thread looks its series up itself: creation races too.
      Counter& c = counters.Labels({"same"});
      Histogram& h = histograms.Labels({"same"});
      Gauge& g = gauges.Labels({"same"});
      for (int i = 0; i < kPerThread; ++i) {
        c.Inc();
        h.Observe((i + t) % 2 == 0 ? 0.25 : 1.0);
        g.Inc();
        g.Dec();
        if (i % 1000 == 0) (void)r.Exposition();  // scrapes meanwhile
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(counters.Labels({"same"}).Value(), kThreads * kPerThread);
  Histogram::Snapshot s = histograms.Labels({"same"}).Read();
  EXPECT_EQ(s.count, uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(s.cumulative[0], uint64_t{kThreads} * kPerThread / 2);
  EXPECT_DOUBLE_EQ(s.sum, kThreads * kPerThread / 2 * 1.25);
  EXPECT_EQ(gauges.Labels({"same"}).Value(), 0);
}

using RegistryDeathTest = ::testing::Test;

TEST_F(RegistryDeathTest, BadDeclarationsAbort) {
  Registry r;
  EXPECT_DEATH(r.AddCounter({.name = "requests", .help = "h"}), "ends in _total");
  EXPECT_DEATH(r.AddGauge({.name = "open_total", .help = "h"}), "only counters");
  EXPECT_DEATH(r.AddCounter({.name = "HttpRequests_total", .help = "h"}), "snake_case");
  EXPECT_DEATH(r.AddCounter({.name = "a:b_total", .help = "h"}), "snake_case");
  EXPECT_DEATH(r.AddHistogram({.name = "latency_milliseconds", .help = "h"}), "base unit");
  EXPECT_DEATH(r.AddGauge({.name = "g", .help = ""}), "no help");
  EXPECT_DEATH(r.AddGauge({.name = "g", .help = "h", .labels = {"__x"}}), "bad label");
  EXPECT_DEATH(r.AddGauge({.name = "g", .help = "h", .labels = {"a", "a"}}), "twice");
  EXPECT_DEATH(r.AddHistogram({.name = "h_seconds", .help = "h", .labels = {"le"}}), "reserved");
  EXPECT_DEATH(r.AddHistogram({.name = "h_count", .help = "h"}), "_count");
  EXPECT_DEATH(r.AddHistogram({.name = "h_seconds", .help = "h"}, {1, 1}), "increasing");
}

TEST_F(RegistryDeathTest, MisuseAborts) {
  Registry r;
  auto& c = r.AddCounter({.name = "x_total", .help = "X.", .labels = {"a", "b"}});
  EXPECT_DEATH(c.Labels({"only-one"}), "takes 2 label value");
  EXPECT_DEATH(r.AddCounter({.name = "x_total", .help = "X.", .labels = {"a"}}),
               "registered twice");
  EXPECT_DEATH(r.AddGauge({.name = "x_total", .help = "X."}), "registered twice");
  EXPECT_DEATH(c.Labels({"1", "2"}).Add(-1), "decreased");
}

}  // namespace
}  // namespace parfumerie::metrics

namespace parfumerie::metrics {
namespace {

TEST(RegistryRecordingTest, OffHandsOutSinksThatAreNeverWrittenOut) {
  Registry registry;
  Counter& before = registry.AddCounter({.name = "kept_total", .help = "h.", .labels = {"k"}}).Labels({"a"});
  registry.SetRecording(false);
  auto& family = registry.AddCounter({.name = "dropped_total", .help = "h.", .labels = {"k"}});
  family.Labels({"a"}).Inc(5);
  family.Labels({"b"}).Inc(7);
  registry.AddHistogram({.name = "dropped_seconds", .help = "h.", .labels = {}}).Get().Observe(1);
  before.Inc(3);  // handed out before: still recording
  auto handle = registry.AddGaugeCallback({.name = "read_bytes", .help = "h.", .labels = {}}, {},
                                          [] { return 42.0; });
  const std::string text = registry.Exposition();
  EXPECT_EQ(text.find("dropped"), std::string::npos) << text;
  EXPECT_NE(text.find("kept_total{k=\"a\"} 3"), std::string::npos) << text;
  EXPECT_NE(text.find("read_bytes 42"), std::string::npos) << text;
  registry.SetRecording(true);
  family.Labels({"a"}).Inc();
  EXPECT_NE(registry.Exposition().find("dropped_total{k=\"a\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace parfumerie::metrics

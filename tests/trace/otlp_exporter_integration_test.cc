#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>

#include "metrics/registry.h"
#include "otlp_receiver.h"
#include "trace/otlp_http_exporter.h"

namespace parfumerie::trace {
namespace {

using std::chrono::milliseconds;
using testing::OtlpReceiver;
using testing::ReceivedSpan;

SpanData MakeSpan(int i) {
  SpanData s;
  s.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  s.span_id = NewSpanId();
  s.name = "span-" + std::to_string(i);
  s.kind = SpanKind::kInternal;
  s.start_unix_nanos = 10;
  s.end_unix_nanos = 20;
  return s;
}


class ExporterTest : public ::testing::Test {
 protected:
  std::shared_ptr<OtlpHttpExporter> Start(size_t max_queue, size_t max_batch, milliseconds delay,
                                          std::string endpoint = {}) {
    OtlpHttpExporterOptions o;
    o.endpoint = endpoint.empty() ? receiver_.endpoint() : endpoint;
    o.resource.attributes = {{"service.name", std::string("exporter-test")}};
    o.max_queue = max_queue;
    o.max_batch = max_batch;
    o.batch_delay = delay;
    o.timeout = milliseconds(2000);
    o.metrics = &registry_;
    auto exporter = OtlpHttpExporter::Start(std::move(o));
    EXPECT_TRUE(exporter.ok()) << exporter.status();
    return *exporter;
  }
  double Counter(std::string_view name) {
    // Same description as the exporter's, so the same family comes back.
    if (name == "trace_spans_exported_total")
      return registry_.AddCounter({.name = "trace_spans_exported_total", .help = "Spans the OTLP receiver accepted."}).Get().Value();
    if (name == "trace_spans_dropped_total")
      return registry_
          .AddCounter({.name = "trace_spans_dropped_total",
                       .help = "Spans not exported: queue full, failed batch, or still queued at the shutdown deadline."})
          .Get()
          .Value();
    return registry_
        .AddCounter({.name = "trace_export_failures_total",
                     .help = "Failed POSTs of a batch of spans to the OTLP receiver."})
        .Get()
        .Value();
  }

  OtlpReceiver receiver_;
  metrics::Registry registry_;
};

TEST_F(ExporterTest, AFullBatchIsSentWithoutWaitingForTheDelay) {
  auto exporter = Start(100, 3, milliseconds(60000));
  for (int i = 0; i < 3; ++i) exporter->Export(MakeSpan(i));
  ASSERT_TRUE(receiver_.WaitFor([](const auto& s) { return s.size() == 3; }, milliseconds(5000)));
  const std::vector<ReceivedSpan> spans = receiver_.Spans();
  EXPECT_EQ(spans[0].service_name, "exporter-test");
  EXPECT_EQ(spans[0].name, "span-0");
  EXPECT_EQ(spans[2].trace_id, "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(receiver_.requests(), 1);
  exporter->Shutdown(milliseconds(1000));
  EXPECT_EQ(Counter("trace_spans_exported_total"), 3);
}

TEST_F(ExporterTest, APartialBatchIsSentAfterTheDelay) {
  auto exporter = Start(100, 50, milliseconds(50));
  // Once the sending thread waits on an empty queue.
  exporter->Export(MakeSpan(0));
  ASSERT_TRUE(receiver_.WaitFor([](const auto& s) { return s.size() == 1; }, milliseconds(5000)));
  exporter->Export(MakeSpan(1));
  EXPECT_TRUE(receiver_.WaitFor([](const auto& s) { return s.size() == 2; }, milliseconds(5000)));
}

TEST_F(ExporterTest, DropsWhenTheQueueIsFullAndFlushesTheRestOnShutdown) {
  auto exporter = Start(4, 100, milliseconds(60000));
  for (int i = 0; i < 10; ++i) exporter->Export(MakeSpan(i));  // never blocks
  EXPECT_EQ(Counter("trace_spans_dropped_total"), 6);
  EXPECT_EQ(receiver_.requests(), 0);  // neither a full batch nor the delay yet
  exporter->Shutdown(milliseconds(5000));
  EXPECT_EQ(receiver_.Spans().size(), 4u);
  EXPECT_EQ(Counter("trace_spans_exported_total"), 4);
  exporter->Export(MakeSpan(99));  // after shutdown: dropped
  EXPECT_EQ(Counter("trace_spans_dropped_total"), 7);
}

TEST_F(ExporterTest, ARefusedBatchIsCountedAndDropped) {
  receiver_.SetStatus(503);
  auto exporter = Start(100, 2, milliseconds(60000));
  exporter->Export(MakeSpan(1));
  exporter->Export(MakeSpan(2));
  exporter->Shutdown(milliseconds(5000));
  EXPECT_EQ(receiver_.requests(), 1);
  EXPECT_EQ(Counter("trace_export_failures_total"), 1);
  EXPECT_EQ(Counter("trace_spans_dropped_total"), 2);
  EXPECT_EQ(Counter("trace_spans_exported_total"), 0);
}

TEST_F(ExporterTest, ADownReceiverNeitherBlocksExportNorShutdownPastItsDeadline) {
  // A port that was free a moment ago: connections are refused.
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const uint16_t port = probe.local_endpoint().port();
  probe.close();
  auto exporter = Start(100, 1, milliseconds(10), "http://127.0.0.1:" + std::to_string(port) + "/");
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) exporter->Export(MakeSpan(i));
  exporter->Shutdown(milliseconds(1500));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(4000));
  EXPECT_GE(Counter("trace_export_failures_total"), 1);
  EXPECT_EQ(Counter("trace_spans_exported_total"), 0);
  EXPECT_EQ(Counter("trace_spans_dropped_total"), 20);
}

TEST(OtlpEndpointTest, RefusesWhatItCannotSendTo) {
  for (const char* bad : {"", "localhost:4318", "https://collector:4318", "http://", "http://host:0",
                          "http://host:99999", "http://host:4318/v1?x=1"}) {
    EXPECT_FALSE(OtlpHttpExporter::Start({.endpoint = bad}).ok()) << bad;
  }
  EXPECT_TRUE(OtlpHttpExporter::Start({.endpoint = "http://collector:4318"}).ok());
  EXPECT_TRUE(OtlpHttpExporter::Start({.endpoint = "http://[::1]:4318/prefix/"}).ok());
}

}  // namespace
}  // namespace parfumerie::trace

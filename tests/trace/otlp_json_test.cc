#include "trace/otlp_json.h"

#include <gtest/gtest.h>

namespace parfumerie::trace {
namespace {

TEST(OtlpJsonTest, EncodesAnExportRequestAsOtlpSpecifies) {
  Resource resource;
  resource.attributes = {{"service.name", std::string("parfumerie-catalog")},
                         {"service.instance.id", std::string("host:42")}};
  resource.scope_version = "1.2.3";
  SpanData server;
  server.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  server.span_id = "00f067aa0ba902b7";
  server.parent_span_id = "b7ad6b7169203331";
  server.name = "POST /graphql";
  server.kind = SpanKind::kServer;
  server.start_unix_nanos = 1700000000000000001;
  server.end_unix_nanos = 1700000000123456789;
  server.attributes = {{"http.response.status_code", int64_t{500}},
                       {"note", std::string("a \"quoted\"\nline")},
                       {"retried", true}};
  server.status = StatusCode::kError;
  server.status_message = "boom";
  SpanData root;
  root.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  root.span_id = "b7ad6b7169203331";
  root.name = "job";
  root.start_unix_nanos = 1;
  root.end_unix_nanos = 2;
  const SpanData spans[] = {server, root};
  EXPECT_EQ(EncodeExportRequest(resource, spans),
            R"({"resourceSpans":[{"resource":{"attributes":[)"
            R"({"key":"service.name","value":{"stringValue":"parfumerie-catalog"}},)"
            R"({"key":"service.instance.id","value":{"stringValue":"host:42"}}]},)"
            R"("scopeSpans":[{"scope":{"name":"parfumerie","version":"1.2.3"},"spans":[)"
            R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7",)"
            R"("parentSpanId":"b7ad6b7169203331","name":"POST /graphql","kind":2,)"
            R"("startTimeUnixNano":"1700000000000000001","endTimeUnixNano":"1700000000123456789",)"
            R"("attributes":[{"key":"http.response.status_code","value":{"intValue":"500"}},)"
            R"({"key":"note","value":{"stringValue":"a \"quoted\"\nline"}},)"
            R"({"key":"retried","value":{"boolValue":true}}],)"
            R"("status":{"message":"boom","code":2}},)"
            R"({"traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"b7ad6b7169203331",)"
            R"("name":"job","kind":1,"startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]})");
}

TEST(OtlpJsonTest, AnEmptyBatchIsStillAValidRequest) {
  EXPECT_EQ(EncodeExportRequest(Resource{}, {}),
            R"({"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"parfumerie"},"spans":[]}]}]})");
}

}  // namespace
}  // namespace parfumerie::trace

// The spans of the HTTP server and of gRPC calls, over real sockets and a
// real in-process gRPC channel, with a collecting exporter.
#include <gtest/gtest.h>

#include <grpcpp/grpcpp.h>

#include <memory>
#include <mutex>
#include <vector>

#include "net/http_server.h"
#include "net/router.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/server.h"
#include "support/process.h"
#include "trace/tracer.h"

namespace parfumerie::trace {
namespace {

constexpr char kTrace[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kCaller[] = "00f067aa0ba902b7";

class Collect final : public Exporter {
 public:
  void Export(SpanData span) override {
    std::lock_guard lock(mu);
    spans.push_back(std::move(span));
  }
  std::vector<SpanData> Take() {
    std::lock_guard lock(mu);
    return spans;
  }
  const SpanData* Named(const std::string& name, SpanKind kind) {
    std::lock_guard lock(mu);
    for (const SpanData& s : spans) {
      if (s.name == name && s.kind == kind) return &s;
    }
    return nullptr;
  }
  std::mutex mu;
  std::vector<SpanData> spans;
};

std::string Attr(const SpanData& s, const std::string& key) {
  for (const Attribute& a : s.attributes) {
    if (a.key != key) continue;
    if (const auto* v = std::get_if<std::string>(&a.value)) return *v;
    if (const auto* i = std::get_if<int64_t>(&a.value)) return std::to_string(*i);
    return std::get<bool>(a.value) ? "true" : "false";
  }
  return "";
}

class InstrumentationTest : public ::testing::Test {
 protected:
  void SetUp() override { Tracer::Global().SetExporter(collect_); }
  void TearDown() override { Tracer::Global().SetExporter(nullptr); }
  std::shared_ptr<Collect> collect_ = std::make_shared<Collect>();
};

// What a handler saw of its context.
struct Seen {
  std::mutex mu;
  log::Context context;
  std::string traceparent;
};

boost::asio::awaitable<net::Response> Item(Seen* seen, net::Request req) {
  {
    std::lock_guard lock(seen->mu);
    seen->context = req.context;
  }
  if (req.path_params["id"] == "broken") co_return net::Response::Json(503, "{}");
  co_return net::Response::Json(200, "{}");
}

TEST_F(InstrumentationTest, AnHttpRequestIsAServerSpanNamedAfterItsRoute) {
  Seen seen;
  net::Router router;
  router.Add("GET", "/items/{id}", [&seen](net::Request r) { return Item(&seen, std::move(r)); });
  net::HttpServer server({.name = "items", .address = "127.0.0.1"}, std::move(router));
  ASSERT_TRUE(server.Start().ok());
  auto ok = testing::HttpRequest(server.port(), "GET", "/items/42", "",
                                 {{"traceparent", std::string("00-") + kTrace + "-" + kCaller + "-01"}});
  ASSERT_TRUE(ok);
  auto broken = testing::HttpRequest(server.port(), "GET", "/items/broken");
  ASSERT_TRUE(broken);
  server.Shutdown();

  const std::vector<SpanData> spans = collect_->Take();
  ASSERT_EQ(spans.size(), 2u);
  const SpanData& first = spans[0];
  EXPECT_EQ(first.name, "GET /items/{id}");
  EXPECT_EQ(first.kind, SpanKind::kServer);
  EXPECT_EQ(first.trace_id, kTrace);
  EXPECT_EQ(first.parent_span_id, kCaller);
  EXPECT_EQ(Attr(first, "http.route"), "/items/{id}");
  EXPECT_EQ(Attr(first, "url.path"), "/items/42");
  EXPECT_EQ(Attr(first, "http.response.status_code"), "200");
  EXPECT_EQ(first.status, StatusCode::kUnset);
  EXPECT_LE(first.start_unix_nanos, first.end_unix_nanos);
  // A new trace for the request without traceparent, and 5xx is an error.
  EXPECT_NE(spans[1].trace_id, kTrace);
  EXPECT_TRUE(spans[1].parent_span_id.empty());
  EXPECT_EQ(spans[1].status, StatusCode::kError);
  // The handler's context is the second request's span.
  std::lock_guard lock(seen.mu);
  EXPECT_EQ(seen.context.span_id, spans[1].span_id);
  EXPECT_EQ(seen.context.trace_id, spans[1].trace_id);
}

class Catalog final : public v1::CatalogService::Service {
 public:
  grpc::Status GetParfum(grpc::ServerContext* ctx, const v1::GetParfumRequest*, v1::Parfum*) override {
    std::lock_guard lock(seen.mu);
    seen.context = log::CurrentContext();
    auto it = ctx->client_metadata().find("traceparent");
    if (it != ctx->client_metadata().end()) seen.traceparent = std::string(it->second.data(), it->second.size());
    return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such perfume");
  }
  Seen seen;
};

TEST_F(InstrumentationTest, AGrpcCallIsAClientSpanParentOfTheServerSpan) {
  Catalog catalog;
  auto server = rpc::Server::Start({.host = "127.0.0.1"}, {{"parfumerie.v1.CatalogService", &catalog}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::CatalogService::NewStub((*server)->InProcessChannel());
  {
    // The caller is inside a trace: its thread's context.
    log::ScopedContext caller(log::Context{kTrace, kCaller, ""});
    grpc::ClientContext ctx;
    v1::GetParfumRequest req;
    v1::Parfum resp;
    EXPECT_EQ(stub->GetParfum(&ctx, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  stub.reset();
  (*server)->Shutdown(std::chrono::milliseconds(1000));

  const SpanData* client = collect_->Named("parfumerie.v1.CatalogService/GetParfum", SpanKind::kClient);
  const SpanData* handled = collect_->Named("parfumerie.v1.CatalogService/GetParfum", SpanKind::kServer);
  ASSERT_NE(client, nullptr);
  ASSERT_NE(handled, nullptr);
  EXPECT_EQ(client->trace_id, kTrace);
  EXPECT_EQ(client->parent_span_id, kCaller);
  EXPECT_EQ(handled->parent_span_id, client->span_id);
  EXPECT_EQ(Attr(*handled, "rpc.service"), "parfumerie.v1.CatalogService");
  EXPECT_EQ(Attr(*handled, "rpc.method"), "GetParfum");
  EXPECT_EQ(Attr(*handled, "rpc.grpc.status_code"), "5");
  EXPECT_EQ(client->status, StatusCode::kError);    // the caller did not get what it asked for
  EXPECT_EQ(handled->status, StatusCode::kUnset);   // NOT_FOUND is not the server's failure
  // The handler ran inside the server span and read its traceparent.
  std::lock_guard lock(catalog.seen.mu);
  EXPECT_EQ(catalog.seen.context.span_id, handled->span_id);
  EXPECT_EQ(catalog.seen.traceparent, std::string("00-") + kTrace + "-" + handled->span_id + "-01");
}

}  // namespace
}  // namespace parfumerie::trace

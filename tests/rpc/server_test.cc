// rpc::Server over real sockets: health per service, graceful shutdown that
// lets a call in flight finish, and prompt shutdown despite idle clients.
#include "rpc/server.h"

#include <arpa/inet.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <sys/syscall.h>

#include <atomic>
#include <future>
#include <latch>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "catalog/catalog_service.h"
#include "catalog/grpc/catalog_grpc_service.h"
#include "gtest/gtest.h"
#include "metrics/registry.h"
#include "parfumerie/v1/catalog.grpc.pb.h"
#include "rpc/status.h"
#include "scrape.h"

namespace parfumerie::rpc {
namespace {

using namespace std::chrono_literals;

// A store that has nothing and writes nothing; tests override what they watch.
class EmptyStore : public catalog::CatalogStore {
 public:
  absl::StatusOr<catalog::Parfum> Get(std::string_view) override { return absl::NotFoundError("parfum: gone"); }
  absl::Status Insert(const catalog::Parfum&) override { return absl::UnimplementedError(""); }
  absl::StatusOr<catalog::Parfum> Update(const catalog::Parfum&, int64_t) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<catalog::Parfum> AdjustStock(std::string_view, int32_t, std::optional<int64_t>,
                                              catalog::Timestamp) override {
    return absl::UnimplementedError("");
  }
  absl::Status Archive(std::string_view, std::optional<int64_t>, catalog::Timestamp) override {
    return absl::UnimplementedError("");
  }
  absl::StatusOr<catalog::ParfumPage> List(const catalog::ListQuery&) override {
    return catalog::ParfumPage{};
  }
  absl::StatusOr<int64_t> Count() override { return 0; }
};

// A store whose Get blocks until released, to hold a call in flight.
class GateStore final : public EmptyStore {
 public:
  std::latch entered{1};
  std::promise<void> release;

  absl::StatusOr<catalog::Parfum> Get(std::string_view) override {
    entered.count_down();
    release.get_future().wait();
    return absl::NotFoundError("parfum: gone");
  }
};

struct Fixture {
  GateStore store;
  catalog::CatalogService service{store};
  std::unique_ptr<grpc::Service> grpc_service = catalog::MakeCatalogGrpcService(service);
  std::unique_ptr<Server> server;
  std::shared_ptr<grpc::Channel> channel;

  explicit Fixture(metrics::Registry* registry = nullptr) {
    auto started = Server::Start({.host = "127.0.0.1", .port = 0, .metrics = registry},
                                 {{v1::CatalogService::service_full_name(), grpc_service.get()}});
    EXPECT_TRUE(started.ok()) << started.status();
    server = std::move(*started);
    channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server->port()),
                                  grpc::InsecureChannelCredentials());
  }
};

// A store whose List notes the thread it runs on and blocks a moment, as a
// store call does.
class ThreadNotingStore final : public EmptyStore {
 public:
  std::mutex mu;
  std::set<pid_t> threads;

  absl::StatusOr<catalog::ParfumPage> List(const catalog::ListQuery&) override {
    {
      std::lock_guard lock(mu);
      threads.insert(static_cast<pid_t>(::syscall(SYS_gettid)));
    }
    std::this_thread::sleep_for(1ms);
    return catalog::ParfumPage{};
  }
};

// Under steady load the handler threads are kept, not made per call and
// ended after it (with gRPC's own defaults, at most two waiting threads, this
// run sees about 170 threads).
TEST(RpcServerTest, HandlerThreadsAreReusedUnderLoad) {
  ThreadNotingStore store;
  catalog::CatalogService service{store};
  std::unique_ptr<grpc::Service> grpc_service = catalog::MakeCatalogGrpcService(service);
  auto server = Server::Start({.host = "127.0.0.1", .port = 0},
                              {{v1::CatalogService::service_full_name(), grpc_service.get()}});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string((*server)->port()),
                                     grpc::InsecureChannelCredentials());
  constexpr int kCallers = 8, kCalls = 40;
  std::atomic<int> failed = 0;
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&] {
      auto stub = v1::CatalogService::NewStub(channel);
      for (int i = 0; i < kCalls; ++i) {
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + 10s);
        v1::ListParfumsRequest request;
        v1::ListParfumsResponse response;
        if (!stub->ListParfums(&ctx, request, &response).ok()) ++failed;
      }
    });
  }
  for (auto& t : callers) t.join();
  EXPECT_EQ(failed, 0);
  std::lock_guard lock(store.mu);
  // 320 calls, 8 at a time: a handful of threads (at most the pollers kept
  // plus those busy), not one per call.
  EXPECT_LE(store.threads.size(), 2u * kCallers) << store.threads.size() << " handler threads for "
                                                 << kCallers * kCalls << " calls";
  (*server)->Shutdown(1s);
}

TEST(RpcServerTest, StatusMappingKeepsCodeAndMessageBothWays) {
  const absl::Status s = absl::AbortedError("version: stale");
  const grpc::Status g = ToGrpc(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(g.error_message(), "version: stale");
  EXPECT_EQ(FromGrpc(g), s);
  EXPECT_TRUE(ToGrpc(absl::OkStatus()).ok());
}

TEST(RpcServerTest, PortInUseIsUnavailable) {
  Fixture f;
  auto second = Server::Start({.host = "127.0.0.1", .port = f.server->port()}, {});
  EXPECT_TRUE(absl::IsUnavailable(second.status())) << second.status();
}

TEST(RpcServerTest, ShutdownLetsTheCallInFlightFinish) {
  Fixture f;
  auto stub = v1::CatalogService::NewStub(f.channel);
  auto call = std::async(std::launch::async, [&] {
    grpc::ClientContext ctx;
    v1::GetParfumRequest req;
    req.set_id("prf_slow");
    v1::Parfum resp;
    return stub->GetParfum(&ctx, req, &resp);
  });
  f.store.entered.wait();
  auto shutdown = std::async(std::launch::async, [&] { f.server->Shutdown(30s); });
  // Still draining while the call runs.
  EXPECT_EQ(shutdown.wait_for(200ms), std::future_status::timeout);
  f.store.release.set_value();
  const grpc::Status status = call.get();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(shutdown.wait_for(10s), std::future_status::ready);
}

// A unary call to any method path, with an empty message.
grpc::Status CallByName(const std::shared_ptr<grpc::Channel>& channel, const std::string& path) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  grpc::Slice empty_message("");
  grpc::ByteBuffer request(&empty_message, 1), response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  return done.get_future().get();
}

TEST(RpcServerTest, MetricsCountCallsByMethodAndCodeAndUndeclaredMethodsAsUnknown) {
  metrics::Registry registry;
  Fixture f(&registry);
  f.store.release.set_value();  // the one Get below answers at once
  auto stub = v1::CatalogService::NewStub(f.channel);
  grpc::ClientContext ctx;
  v1::GetParfumRequest req;
  req.set_id("prf_1");
  v1::Parfum resp;
  ASSERT_EQ(stub->GetParfum(&ctx, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CallByName(f.channel, "/parfumerie.v1.CatalogService/NoSuchMethod").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(CallByName(f.channel, "/made.up.Service/Anything").error_code(),
            grpc::StatusCode::UNIMPLEMENTED);

  std::optional<double> last;
  EXPECT_TRUE(metrics::testing::WaitForSample(
      registry,
      "grpc_server_handled_total{grpc_service=\"parfumerie.v1.CatalogService\","
      "grpc_method=\"GetParfum\",grpc_code=\"NotFound\"}",
      1, 5s, &last))
      << registry.Exposition();
  EXPECT_TRUE(metrics::testing::WaitForSample(
      registry,
      "grpc_server_handled_total{grpc_service=\"unknown\",grpc_method=\"unknown\","
      "grpc_code=\"Unimplemented\"}",
      2, 5s, &last))
      << registry.Exposition();
  const std::string text = registry.Exposition();
  EXPECT_EQ(metrics::testing::SampleValue(
                text,
                "grpc_server_handling_seconds_count{grpc_service=\"parfumerie.v1.CatalogService\","
                "grpc_method=\"GetParfum\"}"),
            1);
  EXPECT_EQ(text.find("NoSuchMethod"), std::string::npos);
  EXPECT_EQ(text.find("made.up"), std::string::npos);
}

TEST(RpcServerTest, IdleClientsDoNotHoldShutdownUntilTheGraceRunsOut) {
  Fixture f;
  // An HTTP/2 client that connects and then stays silent, ignoring GOAWAY, as
  // a peer on a stalled network would: grpc::Server::Shutdown alone waits the
  // whole grace for it to hang up.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(f.server->port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  static constexpr char kPrefaceAndEmptySettings[] =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00";
  ASSERT_EQ(send(fd, kPrefaceAndEmptySettings, sizeof kPrefaceAndEmptySettings - 1, 0),
            static_cast<ssize_t>(sizeof kPrefaceAndEmptySettings - 1));
  // Wait until the server has answered, i.e. holds the connection.
  char buf[64];
  ASSERT_GT(recv(fd, buf, sizeof buf, 0), 0);

  const auto start = std::chrono::steady_clock::now();
  f.server->Shutdown(60s);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
  close(fd);
}

}  // namespace
}  // namespace parfumerie::rpc

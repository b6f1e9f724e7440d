// Durable publish throughput of the embedded bus, against the physical
// limit measured in the same run on the same disk: SQLite commits of one
// row each with WAL and synchronous=FULL (one fsync per commit).
//
//   build/bus/bench/bus/bus_bench [--benchmark_min_time=2]
//
// Files go to $PARFUMERIE_BENCH_DIR (default: the current directory), so
// that the disk measured is the one chosen.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "bus/embedded/embedded_bus.h"
#include "sqlite/connection.h"

namespace parfumerie::bus {
namespace {

std::string BenchFile(const std::string& name) {
  const char* dir = std::getenv("PARFUMERIE_BENCH_DIR");
  std::filesystem::path p = dir != nullptr ? dir : ".";
  p /= "parfumerie-bus-bench-" + std::to_string(::getpid()) + "-" + name;
  return p.string();
}

void RemoveDb(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm", ".lock"}) std::filesystem::remove(path + suffix);
}

// A realistic event: CloudEvents headers and a ~150-byte protobuf payload.
Message Event(int64_t i) {
  Message m;
  m.topic = "commandes";
  m.key = "ord_" + std::to_string(i % 1000);
  m.headers = {{"ce_specversion", "1.0"},
               {"ce_id", "evt_" + std::to_string(i)},
               {"ce_source", "/parfumerie/catalog"},
               {"ce_type", "parfumerie.v1.OrderPlaced"},
               {"ce_subject", m.key},
               {"ce_time", "2026-11-29T07:31:14.123Z"},
               {"content-type", "application/protobuf"}};
  m.payload.assign(150, 'x');
  return m;
}

void BM_SqliteDurableSingleRowCommit(benchmark::State& state) {
  const std::string path = BenchFile("raw.db");
  {
    auto conn = sqlite::Connection::Open(path, std::chrono::seconds(5));
    if (!conn.ok() || !(*conn)->Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT").ok()) {
      state.SkipWithError("cannot create the database");
      return;
    }
    const std::string row(300, 'x');
    for (auto _ : state) {
      // Autocommit: one transaction, one fsync per row.
      auto stmt = (*conn)->Prepare("INSERT INTO t (v) VALUES (?1)");
      stmt->Bind(1, row);
      if (!stmt->Step().ok()) state.SkipWithError("insert failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
  RemoveDb(path);
}
BENCHMARK(BM_SqliteDurableSingleRowCommit)->UseRealTime();

void BM_PublishOnePerCall(benchmark::State& state) {
  const std::string path = BenchFile("one.db");
  {
    auto bus = OpenEmbeddedBus(path);
    if (!bus.ok()) return state.SkipWithError("cannot open the bus");
    int64_t i = 0;
    for (auto _ : state) {
      std::vector<Message> one{Event(i++)};
      if (!(*bus)->Publish(one).ok()) state.SkipWithError("publish failed");
    }
  }
  state.SetItemsProcessed(state.iterations());
  RemoveDb(path);
}
BENCHMARK(BM_PublishOnePerCall)->UseRealTime();

void BM_PublishBatch(benchmark::State& state) {
  const std::string path = BenchFile("batch.db");
  const auto batch_size = static_cast<int64_t>(state.range(0));
  {
    auto bus = OpenEmbeddedBus(path);
    if (!bus.ok()) return state.SkipWithError("cannot open the bus");
    int64_t i = 0;
    for (auto _ : state) {
      std::vector<Message> batch;
      for (int64_t j = 0; j < batch_size; ++j) batch.push_back(Event(i++));
      if (!(*bus)->Publish(batch).ok()) state.SkipWithError("publish failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * batch_size);
  RemoveDb(path);
}
BENCHMARK(BM_PublishBatch)->Arg(10)->Arg(100)->Arg(1000)->UseRealTime();

// Threads publishing one message per call into one bus: group commit shares
// each fsync among the publishers waiting at that moment.
std::mutex g_shared_mu;
std::shared_ptr<EventBus> g_shared_bus;
std::atomic<int64_t> g_next{0};

void BM_PublishConcurrentOnePerCall(benchmark::State& state) {
  const std::string path = BenchFile("concurrent.db");
  std::shared_ptr<EventBus> bus;
  {
    std::lock_guard lock(g_shared_mu);
    if (g_shared_bus == nullptr) {
      auto opened = OpenEmbeddedBus(path);
      if (opened.ok()) g_shared_bus = std::move(*opened);
    }
    bus = g_shared_bus;
  }
  if (bus == nullptr) return state.SkipWithError("cannot open the bus");
  for (auto _ : state) {
    std::vector<Message> one{Event(g_next++)};
    if (!bus->Publish(one).ok()) state.SkipWithError("publish failed");
  }
  state.SetItemsProcessed(state.iterations());
  // The file stays for the next thread count; main() removes it.
}
BENCHMARK(BM_PublishConcurrentOnePerCall)->Threads(1)->Threads(4)->Threads(16)->Threads(64)->UseRealTime();

}  // namespace
}  // namespace parfumerie::bus

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  parfumerie::bus::g_shared_bus.reset();
  parfumerie::bus::RemoveDb(parfumerie::bus::BenchFile("concurrent.db"));
  return 0;
}

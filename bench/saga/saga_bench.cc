// Orders placed and settled per second, and place-order latency, with
// durable commits, for the all-in-one process — first with consumers taking
// one event at a time (--consumer-transaction-batch=1: each in its own
// transaction; --payment-charge-concurrency=1: one provider call at a time),
// then as shipped (batches of events in one transaction, a batch's charges
// in flight together) — and
// (given a Kafka broker and a MongoDB server) the distributed layout, back to
// back in one run; beside the physical limit measured in the same run:
// durable single-row SQLite commits on the same disk.
//
//   saga_bench [--binary=PATH] [--clients=N] [--seconds=S] [--settle-timeout=S]
//              [--kafka=HOST:PORT --mongo=mongodb://HOST:PORT/] [--json=FILE]
//              [--shop-arg=--payment-latency-ms=50 ...]
//
// Each --shop-arg is passed to both all-in-one runs (e.g. a provider latency).
//
// The shop runs as child processes (the load generator never measures from
// inside the system under test); see saga_load.h for the load and
// bench/saga/distributed.sh for a run with its own Kafka and FerretDB.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "saga_layouts.h"
#include "saga_load.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
using parfumerie::bench::LoadResult;
using parfumerie::bench::Percentile;

std::string Flag(int argc, char** argv, const std::string& name, std::string fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]).rfind(prefix, 0) == 0) return std::string(argv[i]).substr(prefix.size());
  }
  return fallback;
}

// Durable single-row commits per second: WAL, synchronous=FULL, one INSERT
// per transaction — what one order would cost with no batching at all.
double RawCommitsPerSecond(const std::string& dir, std::chrono::seconds duration) {
  sqlite3* db = nullptr;
  sqlite3_open((dir + "/raw.db").c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t(v INTEGER)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t(v) VALUES (?1)", -1, &stmt, nullptr);
  int64_t n = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < duration) {
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    sqlite3_bind_int64(stmt, 1, n);
    sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    ++n;
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n / secs;
}

struct Row {
  const char* name;
  const char* json_key;
  double (*of)(const LoadResult&);
};

const Row kRows[] = {
    {"placed orders/s", "placed_per_s", [](const LoadResult& r) { return r.PlacedPerSecond(); }},
    {"settled (PAYEE) orders/s", "settled_per_s", [](const LoadResult& r) { return r.SettledPerSecond(); }},
    {"place latency p50 (ms)", "place_p50_ms", [](const LoadResult& r) { return Percentile(r.place_latency_ms, 0.5); }},
    {"place latency p99 (ms)", "place_p99_ms", [](const LoadResult& r) { return Percentile(r.place_latency_ms, 0.99); }},
    {"placed → payment p50 (ms)", "to_payment_p50_ms", [](const LoadResult& r) { return Percentile(r.to_payment_ms, 0.5); }},
    {"placed → payment p99 (ms)", "to_payment_p99_ms", [](const LoadResult& r) { return Percentile(r.to_payment_ms, 0.99); }},
    {"payment → PAYEE p50 (ms)", "payment_to_paid_p50_ms", [](const LoadResult& r) { return Percentile(r.payment_to_paid_ms, 0.5); }},
    {"payment → PAYEE p99 (ms)", "payment_to_paid_p99_ms", [](const LoadResult& r) { return Percentile(r.payment_to_paid_ms, 0.99); }},
    {"orders placed", "placed", [](const LoadResult& r) { return static_cast<double>(r.placed); }},
    {"orders failed", "failed", [](const LoadResult& r) { return static_cast<double>(r.failed); }},
    {"orders paid", "paid", [](const LoadResult& r) { return static_cast<double>(r.paid); }},
    {"left EN_ATTENTE at the time-out", "unsettled", [](const LoadResult& r) { return static_cast<double>(r.unsettled); }},
    {"all settled after (s)", "settle_s", [](const LoadResult& r) { return r.settle_seconds; }},
};

using Runs = std::vector<std::pair<std::string, LoadResult>>;  // layout name → result, in run order

void PrintTable(const Runs& runs) {
  std::printf("| measure |");
  for (const auto& [name, r] : runs) std::printf(" %s |", name.c_str());
  std::printf("\n|---|");
  for (size_t i = 0; i < runs.size(); ++i) std::printf("---:|");
  std::printf("\n");
  for (const Row& row : kRows) {
    std::printf("| %s |", row.name);
    for (const auto& [name, r] : runs) std::printf(" %.1f |", row.of(r));
    std::printf("\n");
  }
}

void WriteJson(const std::string& path, int clients, int seconds, double raw, const Runs& runs,
               const std::map<std::string, std::map<std::string, double>>& cpu) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    std::cerr << "cannot write " << path << "\n";
    return;
  }
  std::fprintf(f, "{\n  \"clients\": %d,\n  \"seconds\": %d,\n  \"raw_durable_commits_per_s\": %.0f,\n", clients,
               seconds, raw);
  std::fprintf(f, "  \"layouts\": {\n");
  for (size_t k = 0; k < runs.size(); ++k) {
    const auto& [name, r] = runs[k];
    std::fprintf(f, "    \"%s\": {", name.c_str());
    for (size_t i = 0; i < std::size(kRows); ++i) {
      std::fprintf(f, "%s\"%s\": %.2f", i == 0 ? "" : ", ", kRows[i].json_key, kRows[i].of(r));
    }
    std::fprintf(f, ", \"settled_over_raw_commits\": %.3f, \"cpu_seconds\": {", r.SettledPerSecond() / raw);
    const char* sep = "";
    if (cpu.contains(name)) {
      for (const auto& [process, secs] : cpu.at(name)) {
        std::fprintf(f, "%s\"%s\": %.2f", sep, process.c_str(), secs);
        sep = ", ";
      }
    }
    std::fprintf(f, "}}%s\n", k + 1 == runs.size() ? "" : ",");
  }
  std::fprintf(f, "  }\n}\n");
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parfumerie;
  const std::string binary = Flag(argc, argv, "binary", "build/release/src/app/parfumerie");
  const std::string kafka = Flag(argc, argv, "kafka", "");
  const std::string mongo = Flag(argc, argv, "mongo", "");
  const std::string json = Flag(argc, argv, "json", "");
  std::vector<std::string> shop_args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a.rfind("--shop-arg=", 0) == 0) shop_args.push_back(a.substr(11));
  }
  auto with_shop_args = [&](std::vector<std::string> args) {
    args.insert(args.end(), shop_args.begin(), shop_args.end());
    return args;
  };
  bench::LoadOptions options;
  options.clients = std::stoi(Flag(argc, argv, "clients", "16"));
  options.seconds = std::stoi(Flag(argc, argv, "seconds", "10"));
  options.settle_timeout_seconds = std::stoi(Flag(argc, argv, "settle-timeout", "120"));
  if (kafka.empty() != mongo.empty()) {
    std::cerr << "--kafka and --mongo go together (the distributed layout needs both)\n";
    return 2;
  }
  testing::TempDir dir;
  const double raw = RawCommitsPerSecond(dir.path(), 3s);

  std::map<std::string, std::map<std::string, double>> cpu;  // layout → process → CPU s of the load
  auto run = [&](const char* name, absl::StatusOr<std::unique_ptr<bench::Layout>> layout)
      -> std::optional<LoadResult> {
    if (!layout.ok()) {
      std::cerr << name << ": " << layout.status() << "\n";
      return std::nullopt;
    }
    std::cerr << name << ": " << options.clients << " clients for " << options.seconds << " s\n";
    const std::map<std::string, double> before = bench::CpuSeconds();
    absl::StatusOr<LoadResult> r = bench::RunLoad((*layout)->catalog_address, (*layout)->payment_address, options);
    for (const auto& [process, seconds] : bench::CpuSeconds()) {
      cpu[name][process] = seconds - (before.contains(process) ? before.at(process) : 0);
    }
    if (!r.ok()) {
      std::cerr << name << ": " << r.status() << "\n";
      return std::nullopt;
    }
    return *std::move(r);
  };
  Runs runs;
  auto add = [&](const char* name, absl::StatusOr<std::unique_ptr<bench::Layout>> layout) {
    std::optional<LoadResult> r = run(name, std::move(layout));
    if (r) runs.emplace_back(name, *std::move(r));
    return r.has_value();
  };
  if (!add("all-in-one, one event at a time",
           bench::StartAllInOne(binary, dir.path() + "/unbatched",
                                with_shop_args({"--consumer-transaction-batch=1", "--payment-charge-concurrency=1"}))) ||
      !add("all-in-one", bench::StartAllInOne(binary, dir.path() + "/all-in-one", with_shop_args({})))) {
    return 1;
  }
  if (!kafka.empty() &&
      !add("distributed", bench::StartDistributed(binary, dir.path() + "/distributed", kafka, mongo))) {
    return 1;
  }

  std::printf("clients %d, %d s of placing, raw durable single-row commits/s on this disk: %.0f\n\n",
              options.clients, options.seconds, raw);
  PrintTable(runs);
  std::printf("\nsettled orders/s ÷ raw commits/s:");
  for (const auto& [name, r] : runs) std::printf(" %s %.3f;", name.c_str(), r.SettledPerSecond() / raw);
  std::printf("\n");
  bool settled = true;
  for (const auto& [name, r] : runs) {
    settled = settled && r.unsettled == 0;
    std::printf("CPU s during the %s load (%.1f s wall, 2 cores = %.1f CPU s):", name.c_str(), r.settle_seconds,
                2 * r.settle_seconds);
    for (const auto& [process, secs] : cpu[name]) {
      std::printf(" %s %.1f (%.1f ms/order)", process.c_str(), secs, r.paid > 0 ? 1e3 * secs / r.paid : 0);
    }
    std::printf("\n");
  }
  if (!json.empty()) WriteJson(json, options.clients, options.seconds, raw, runs, cpu);
  return settled ? 0 : 1;
}

// Kafka producer throughput of the bus adapter (KafkaBus::Publish) against a
// raw librdkafka producer with the same settings, in the same program, on the
// same broker, one after the other:
//
//   adapter      Publish(batch of N) in a loop: each call returns when its N
//                delivery reports are in, as the outbox relay uses it.
//   raw batch    the same pattern written on the C API: produce N, serve
//                delivery reports (rd_kafka_poll) until all N are in.
//   raw stream   rdkafka_performance's producer loop: produce, poll(0),
//                never wait, flush at the end; counts delivery reports.
//
//   kafka_publish_bench --bootstrap=HOST:PORT [--seconds=S] [--batches=1,16,256]
//                       [--property=name=value ...] [--topic=NAME] [--json=FILE]
//
// Messages are the saga's OrderPlaced events (CloudEvents headers, protobuf
// payload, key = a distinct order id per message); the producer is
// idempotent with acks=all, as the adapter always is. --property is applied
// to both producers (e.g. linger.ms=0). bench/bus/kafka.sh brings a broker.
#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "bus/kafka/kafka_bus.h"
#include "bus/message.h"
#include "parfumerie/v1/events.pb.h"

namespace parfumerie::bus {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Flags(int argc, char** argv, const std::string& name) {
  const std::string prefix = "--" + name + "=";
  std::vector<std::string> values;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind(prefix, 0) == 0) values.push_back(arg.substr(prefix.size()));
  }
  return values;
}

std::string Flag(int argc, char** argv, const std::string& name, const std::string& fallback) {
  std::vector<std::string> v = Flags(argc, argv, name);
  return v.empty() ? fallback : v.back();
}

// An OrderPlaced as the catalogue writes it: two lines, an address, a token.
Message SagaEvent(const std::string& topic, int64_t i) {
  v1::OrderPlaced e;
  const std::string order = "ord_" + std::to_string(1'000'000'000 + i) + "bench00";
  e.set_commande_id(order);
  e.set_client_id("cli_bench0000000000001");
  for (int l = 0; l < 2; ++l) {
    v1::LigneCommande* line = e.add_lignes();
    line->set_parfum_id("prf_" + std::to_string(4'000'000 + l) + "abcdefghij");
    line->set_quantite(1);
    line->set_nom("Parfum de mesure " + std::to_string(l));
    line->set_prix_unitaire_cents(4200);
    line->set_total_cents(4200);
  }
  e.set_total_cents(8400);
  e.set_payment_method_token("pm_0123456789abcdefghij");
  v1::Adresse* a = e.mutable_adresse_livraison();
  a->set_nom_complet("Camille Martin");
  a->set_ligne1("12 rue des Lilas");
  a->set_code_postal("75011");
  a->set_ville("Paris");
  a->set_pays("FR");
  e.mutable_placed_at()->set_seconds(1'795'000'000);
  e.mutable_payment_deadline()->set_seconds(1'795'000'900);
  return MakeEvent(topic, order, e, "/parfumerie/catalog", std::chrono::system_clock::now(),
                   "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
}

struct Result {
  int64_t messages = 0;
  double seconds = 0;
  std::vector<double> batch_ms;  // per batch, when the pattern waits per batch
  double PerSecond() const { return seconds > 0 ? messages / seconds : 0; }
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

// The messages of batch number `b` of `n`, cycling through `pool`.
std::span<const Message> Batch(const std::vector<Message>& pool, int64_t b, size_t n) {
  const size_t start = (static_cast<size_t>(b) * n) % (pool.size() - n + 1);
  return std::span<const Message>(pool).subspan(start, n);
}

absl::StatusOr<Result> RunAdapter(EventBus& bus, const std::vector<Message>& pool, size_t n,
                                  std::chrono::seconds duration) {
  Result r;
  const auto start = Clock::now();
  for (int64_t b = 0; Clock::now() - start < duration; ++b) {
    const auto t0 = Clock::now();
    if (absl::Status s = bus.Publish(Batch(pool, b, n)); !s.ok()) return s;
    r.batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    r.messages += static_cast<int64_t>(n);
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return r;
}

// --- the raw producer ----------------------------------------------------

struct Reports {
  std::atomic<int64_t> ok{0};
  std::atomic<int64_t> failed{0};
};

void OnDelivery(rd_kafka_t* /*rk*/, const rd_kafka_message_t* m, void* opaque) {
  auto* reports = static_cast<Reports*>(opaque);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++reports->ok;
  } else {
    ++reports->failed;
  }
}

// The adapter's producer settings (kafka_bus.cc) plus `properties`.
rd_kafka_t* NewRawProducer(const std::string& bootstrap, const std::map<std::string, std::string>& properties,
                           Reports& reports) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  std::map<std::string, std::string> settings{{"bootstrap.servers", bootstrap},
                                              {"client.id", "parfumerie-raw"},
                                              {"enable.idempotence", "true"},
                                              {"acks", "all"},
                                              {"message.timeout.ms", "30000"},
                                              {"partitioner", "murmur2_random"}};
  for (const auto& [k, v] : properties) settings[k] = v;
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
      std::cerr << "raw producer: " << k << ": " << err << "\n";
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
  }
  rd_kafka_conf_set_opaque(conf, &reports);
  rd_kafka_conf_set_dr_msg_cb(conf, &OnDelivery);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == nullptr) std::cerr << "raw producer: " << err << "\n";
  return rk;
}

// Queues `m`, serving delivery reports while the queue is full.
void Produce(rd_kafka_t* rk, const Message& m) {
  for (;;) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(m.headers.size());
    for (const Header& h : m.headers) {
      rd_kafka_header_add(headers, h.name.data(), static_cast<ssize_t>(h.name.size()), h.value.data(),
                          static_cast<ssize_t>(h.value.size()));
    }
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(m.topic.c_str()), RD_KAFKA_V_KEY(m.key.data(), m.key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(m.payload.data()), m.payload.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    rd_kafka_headers_destroy(headers);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      std::cerr << "raw producer: " << rd_kafka_err2str(err) << "\n";
      std::exit(1);
    }
    rd_kafka_poll(rk, 10);
  }
}

// Produce n, then serve delivery reports until all n are in.
Result RunRawBatch(rd_kafka_t* rk, Reports& reports, const std::vector<Message>& pool, size_t n,
                   std::chrono::seconds duration) {
  Result r;
  const auto start = Clock::now();
  for (int64_t b = 0; Clock::now() - start < duration; ++b) {
    const auto t0 = Clock::now();
    const int64_t target = reports.ok + reports.failed + static_cast<int64_t>(n);
    for (const Message& m : Batch(pool, b, n)) Produce(rk, m);
    while (reports.ok + reports.failed < target) rd_kafka_poll(rk, 100);
    r.batch_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.messages = reports.ok;
  return r;
}

// rdkafka_performance's loop: produce and poll(0) without waiting, then flush.
Result RunRawStream(rd_kafka_t* rk, Reports& reports, const std::vector<Message>& pool,
                    std::chrono::seconds duration) {
  const auto start = Clock::now();
  for (size_t i = 0; Clock::now() - start < duration; ++i) {
    Produce(rk, pool[i % pool.size()]);
    rd_kafka_poll(rk, 0);
  }
  rd_kafka_flush(rk, 60'000);
  Result r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.messages = reports.ok;
  return r;
}

struct Row {
  size_t batch;
  Result adapter;
  Result raw_batch;
  Result raw_stream;
};

}  // namespace
}  // namespace parfumerie::bus

int main(int argc, char** argv) {
  using namespace parfumerie::bus;
  const std::string bootstrap = Flag(argc, argv, "bootstrap", "");
  if (bootstrap.empty()) {
    std::cerr << "usage: kafka_publish_bench --bootstrap=HOST:PORT [--seconds=S] [--batches=1,16,256] "
                 "[--property=name=value ...] [--topic=NAME] [--json=FILE]\n";
    return 2;
  }
  const std::chrono::seconds duration(std::stoi(Flag(argc, argv, "seconds", "5")));
  std::vector<size_t> batches;
  for (absl::string_view b : absl::StrSplit(Flag(argc, argv, "batches", "1,16,256"), ',')) {
    batches.push_back(std::stoul(std::string(b)));
  }
  KafkaBusOptions options;
  options.bootstrap_servers = bootstrap;
  for (const std::string& p : Flags(argc, argv, "property")) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos) {
      std::cerr << "--property takes name=value\n";
      return 2;
    }
    options.properties[p.substr(0, eq)] = p.substr(eq + 1);
  }
  const std::string topic = Flag(argc, argv, "topic", "bench-publish-" + std::to_string(::getpid()));
  std::vector<Message> pool;
  for (int64_t i = 0; i < 8192; ++i) pool.push_back(SagaEvent(topic, i));
  size_t bytes = pool[0].key.size() + pool[0].payload.size();
  for (const Header& h : pool[0].headers) bytes += h.name.size() + h.value.size();

  absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenKafkaBus(options);
  if (!bus.ok()) {
    std::cerr << bus.status() << "\n";
    return 1;
  }
  // Creates the topic (4 partitions) and warms both producers up, untimed.
  if (absl::Status s = (*bus)->Publish(std::span<const Message>(pool).subspan(0, 64)); !s.ok()) {
    std::cerr << "warm-up: " << s << "\n";
    return 1;
  }
  Reports reports;
  rd_kafka_t* raw = NewRawProducer(bootstrap, options.properties, reports);
  if (raw == nullptr) return 1;
  for (size_t i = 0; i < 64; ++i) Produce(raw, pool[i]);
  rd_kafka_flush(raw, 30'000);

  std::vector<Row> rows;
  for (size_t n : batches) {
    Row row{n, {}, {}, {}};
    absl::StatusOr<Result> adapter = RunAdapter(**bus, pool, n, duration);
    if (!adapter.ok()) {
      std::cerr << "adapter: " << adapter.status() << "\n";
      return 1;
    }
    row.adapter = *adapter;
    reports.ok = 0;
    reports.failed = 0;
    row.raw_batch = RunRawBatch(raw, reports, pool, n, duration);
    rows.push_back(row);
  }
  reports.ok = 0;
  reports.failed = 0;
  const Result stream = RunRawStream(raw, reports, pool, duration);
  const int64_t failed = reports.failed;
  rd_kafka_destroy(raw);

  std::printf("broker %s, topic %s (4 partitions), message %zu bytes (key + headers + payload), %lld s each",
              bootstrap.c_str(), topic.c_str(), bytes, static_cast<long long>(duration.count()));
  for (const auto& [k, v] : options.properties) std::printf(", %s=%s", k.c_str(), v.c_str());
  std::printf("\n\n| batch | adapter msg/s | raw batch msg/s | adapter ÷ raw batch | adapter batch p50 / p99 ms "
              "| raw batch p50 / p99 ms | adapter ÷ raw stream |\n|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const Row& r : rows) {
    std::printf("| %zu | %.0f | %.0f | %.2f | %.2f / %.2f | %.2f / %.2f | %.3f |\n", r.batch, r.adapter.PerSecond(),
                r.raw_batch.PerSecond(), r.adapter.PerSecond() / r.raw_batch.PerSecond(),
                Percentile(r.adapter.batch_ms, 0.5), Percentile(r.adapter.batch_ms, 0.99),
                Percentile(r.raw_batch.batch_ms, 0.5), Percentile(r.raw_batch.batch_ms, 0.99),
                r.adapter.PerSecond() / stream.PerSecond());
  }
  std::printf("\nraw stream (rdkafka_performance's loop): %.0f msg/s, %lld delivered, %lld failed\n",
              stream.PerSecond(), static_cast<long long>(stream.messages), static_cast<long long>(failed));

  if (const std::string json = Flag(argc, argv, "json", ""); !json.empty()) {
    FILE* f = std::fopen(json.c_str(), "w");
    if (f == nullptr) return 1;
    std::fprintf(f, "{\n  \"message_bytes\": %zu,\n  \"seconds\": %lld,\n  \"properties\": {", bytes,
                 static_cast<long long>(duration.count()));
    const char* sep = "";
    for (const auto& [k, v] : options.properties) {
      std::fprintf(f, "%s\"%s\": \"%s\"", sep, k.c_str(), v.c_str());
      sep = ", ";
    }
    std::fprintf(f, "},\n  \"raw_stream_msg_per_s\": %.0f,\n  \"batches\": [\n", stream.PerSecond());
    for (size_t i = 0; i < rows.size(); ++i) {
      const Row& r = rows[i];
      std::fprintf(f,
                   "    {\"batch\": %zu, \"adapter_msg_per_s\": %.0f, \"raw_batch_msg_per_s\": %.0f, "
                   "\"adapter_over_raw_batch\": %.3f, \"adapter_over_raw_stream\": %.3f, "
                   "\"adapter_batch_p50_ms\": %.2f, \"adapter_batch_p99_ms\": %.2f, "
                   "\"raw_batch_p50_ms\": %.2f, \"raw_batch_p99_ms\": %.2f}%s\n",
                   r.batch, r.adapter.PerSecond(), r.raw_batch.PerSecond(),
                   r.adapter.PerSecond() / r.raw_batch.PerSecond(), r.adapter.PerSecond() / stream.PerSecond(),
                   Percentile(r.adapter.batch_ms, 0.5), Percentile(r.adapter.batch_ms, 0.99),
                   Percentile(r.raw_batch.batch_ms, 0.5), Percentile(r.raw_batch.batch_ms, 0.99),
                   i + 1 < rows.size() ? "," : "");
    }
    std::fprintf(f, "  ]\n}\n");
    std::fclose(f);
  }
  return failed == 0 ? 0 : 1;
}

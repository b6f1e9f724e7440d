#include "app/settings.h"

namespace parfumerie::app {

void Declare(config::Registry& r, Settings& s) {
  r.String("data-dir", &s.data_dir, "./data",
           "Directory of the embedded stores (one SQLite file per service)");
  r.Choice("log-format", &s.log_format, "text", {"text", "json"},
           "Log format: human-readable text or JSON lines");
  r.Choice("log-level", &s.log_level, "info",
           {"trace", "debug", "info", "warn", "error", "critical", "off"}, "Minimum log level");
  r.String("listen-host", &s.listen_host, "0.0.0.0",
           "Address every server binds to (127.0.0.1 to stay local)");
  r.Choice("demo-data", &s.demo_data, "auto", {"auto", "true", "false"},
           "Load the demo catalogue into an empty store; auto = only in the all-in-one mode");
  r.Port("catalog-grpc-port", &s.catalog_grpc_port, 50053, "Catalogue gRPC port (0: any free port)");
  r.Port("catalog-http-port", &s.catalog_http_port, 3003,
         "Catalogue REST/JSON port (0: any free port)");
  r.Int("io-threads", &s.io_threads, 2, 1, 64, "Threads serving HTTP connections");
  r.Int("blocking-threads", &s.blocking_threads, 4, 1, 256,
        "Threads running blocking store calls off the I/O threads");
  r.Int("shutdown-grace-ms", &s.shutdown_grace_ms, 10000, 0, 600000,
        "How long in-flight requests may run after SIGTERM before being cancelled");
  r.Int("http-max-body-bytes", &s.http_max_body_bytes, 1 << 20, 1024, 64 << 20,
        "Largest accepted HTTP request body");
}

}  // namespace parfumerie::app

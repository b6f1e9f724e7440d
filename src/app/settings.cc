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
  r.Port("payment-grpc-port", &s.payment_grpc_port, 50054, "Payment gRPC port (0: any free port)");
  r.Port("delivery-grpc-port", &s.delivery_grpc_port, 50055,
         "Delivery gRPC port (0: any free port)");
  r.String("store", &s.store, "sqlite",
           "Stores: sqlite (one file per service in data-dir) or a mongodb:// URI (each service uses "
           "its own database, parfumerie_<service>)");
  r.String("bus", &s.bus, "embedded",
           "Event bus: embedded (a durable log in <data-dir>/bus.db, one machine) or "
           "kafka://host:9092[,host:9092...][?security.protocol=...] (Apache Kafka)");
  r.Int("bus-retention-hours", &s.bus_retention_hours, 168, 0, 87600,
        "Embedded bus: delete events older than this that every consumer group has handled (0: keep all)");
  r.Int("bus-partitions", &s.bus_partitions, 4, 1, 256,
        "Partitions of each topic the bus creates (embedded log, or Kafka topics that do not exist yet)");
  r.Int("consumer-transaction-batch", &s.consumer_transaction_batch, 64, 0, 1024,
        "Events a consumer applies in one durable store transaction (SQLite stores); 0 or 1: each on its own");
  r.Int("consumer-max-attempts", &s.consumer_max_attempts, 5, 1, 100,
        "Attempts at handling an event before it goes to the dead-letter topic");
  r.Int("consumer-initial-backoff-ms", &s.consumer_initial_backoff_ms, 100, 1, 60000,
        "Wait before the first retry of a failed event; doubles per attempt up to 5 s");
  r.Choice("delivery-simulator", &s.delivery_simulator, "auto", {"auto", "true", "false"},
           "Advance deliveries on a schedule, as a carrier would; auto = only in the all-in-one "
           "mode");
  r.Int("delivery-simulator-interval-ms", &s.delivery_simulator_interval_ms, 10000, 10, 86400000,
        "Time between two steps of a simulated delivery");
  r.Int("payment-timeout-ms", &s.payment_timeout_ms, 15 * 60 * 1000, 1000, 7 * 86400000LL,
        "An order with no payment result after this long is cancelled and its stock released");
  r.Int("order-expiry-interval-ms", &s.order_expiry_interval_ms, 10000, 10, 3600000,
        "How often overdue unpaid orders are looked for");
  r.Int("payment-latency-ms", &s.payment_latency_ms, 0, 0, 60000,
        "Simulated payment provider: maximum latency of a call (uniform in 0..this)");
  r.Int("payment-charge-concurrency", &s.payment_charge_concurrency, 16, 1, 256,
        "Orders the payment consumer charges at the provider at once (1: one after the other)");
  r.Double("payment-failure-rate", &s.payment_failure_rate, 0, 0, 1,
           "Simulated payment provider: probability that a call fails transiently");
  r.Int("io-threads", &s.io_threads, 2, 1, 64, "Threads serving HTTP connections");
  r.Int("blocking-threads", &s.blocking_threads, 4, 1, 256,
        "Threads running blocking store calls off the I/O threads");
  r.Int("shutdown-grace-ms", &s.shutdown_grace_ms, 10000, 0, 600000,
        "How long in-flight requests may run after SIGTERM before being cancelled");
  r.Int("http-max-body-bytes", &s.http_max_body_bytes, 1 << 20, 1024, 64 << 20,
        "Largest accepted HTTP request body");
  r.Port("metrics-port", &s.metrics_port, 0,
         "Admin HTTP port answering /metrics (Prometheus), /healthz and /readyz for the whole process "
         "(0: none; targets with an HTTP port answer /metrics there anyway)");
  r.Bool("metrics", &s.metrics, true,
         "Record metrics (false: series stay empty and /metrics shows only the process metrics and "
         "scrape-time gauges; for measuring what recording costs)");
  r.String("otlp-endpoint", &s.otlp_endpoint, "",
           "OTLP/HTTP receiver the spans are sent to, as JSON, at <endpoint>/v1/traces: "
           "http://host:4318 for an OpenTelemetry Collector or Jaeger (empty: no export; log lines "
           "carry trace_id and span_id either way)");
  r.String("otlp-service-name", &s.otlp_service_name, "",
           "service.name of the exported spans (empty: parfumerie in the all-in-one mode, "
           "parfumerie-<target>[+<target>...] otherwise)");
  r.Double("trace-sample-ratio", &s.trace_sample_ratio, 1, 0, 1,
           "Share of the traces started here that are recorded; a trace continued from a caller's "
           "traceparent follows the caller's sampled flag");
  r.String("grpc-tls-cert", &s.grpc_tls_cert, "",
           "PEM certificate of this process for gRPC between services (empty: plaintext)");
  r.String("grpc-tls-key", &s.grpc_tls_key, "", "PEM private key of grpc-tls-cert");
  r.String("grpc-tls-ca", &s.grpc_tls_ca, "",
           "PEM CA bundle that the other services' certificates chain to");
  r.Bool("grpc-tls-client-auth", &s.grpc_tls_client_auth, false,
         "Mutual TLS: gRPC servers accept only clients with a certificate from grpc-tls-ca");
  r.String("grpc-tls-server-name", &s.grpc_tls_server_name, "",
           "Name expected in the services' certificates when it differs from the address dialled");
  r.Port("gateway-port", &s.gateway_port, 3001, "GraphQL gateway port: HTTP and WebSocket on /graphql (0: any free port)");
  r.String("catalog-addr", &s.catalog_addr, "",
           "host:port of the catalogue's gRPC API for the gateway (empty: this host's catalog-grpc-port)");
  r.String("payment-addr", &s.payment_addr, "",
           "host:port of the payment gRPC API for the gateway (empty: this host's payment-grpc-port)");
  r.String("delivery-addr", &s.delivery_addr, "",
           "host:port of the delivery gRPC API for the gateway (empty: this host's delivery-grpc-port)");
  r.Int("gateway-deadline-ms", &s.gateway_deadline_ms, 5000, 10, 600000,
        "Deadline of each gRPC call the gateway makes");
  r.String("jwt-secret", &s.jwt_secret, "",
           "HS256 key signing bearer tokens, at least 32 bytes, the same on every gateway replica "
           "(required outside the all-in-one mode, which draws a random one per start)");
  r.Int("token-ttl-s", &s.token_ttl_s, 3600, 1, 30 * 86400, "Lifetime of a bearer token, in seconds");
  r.String("admin-email", &s.admin_email, "",
           "Email of the initial operator (ADMIN) account, created or reset at start "
           "(all-in-one default: admin@parfumerie.test)");
  r.String("admin-password", &s.admin_password, "",
           "Password of the initial operator account (all-in-one default: parfumerie-admin)");
  r.String("gateway-consumer-group", &s.gateway_consumer_group, "gateway",
           "Consumer group through which the gateway follows orders for subscriptions; "
           "give each gateway replica its own");
  r.String("cors-origins", &s.cors_origins, "",
           "Comma-separated origins allowed to call the gateway from a browser "
           "(e.g. http://localhost:3000); empty: same origin only");
  r.Bool("graphql-introspection", &s.graphql_introspection, true,
         "Answer introspection queries (__schema, __type); GraphiQL needs them");
  r.String("graphiql-dir", &s.graphiql_dir, "web/graphiql/dist",
           "Directory of the built GraphiQL page served at /graphql to browsers");
  r.Port("web-port", &s.web_port, 3000,
         "Web front end port: the shop's pages, /config.js and, when the gateway and the catalogue "
         "run in the same process, /graphql and /images on the same origin (0: any free port)");
  r.String("web-dir", &s.web_dir, "web/app/dist",
           "Directory of the built front end (npm --prefix web/app run build)");
  r.String("web-graphql-url", &s.web_graphql_url, "",
           "GraphQL URL the front end calls, written into /config.js: a path (/graphql) or an "
           "http(s):// URL (empty: /graphql on the page's own origin)");
}

}  // namespace parfumerie::app

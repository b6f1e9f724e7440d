// Every setting of the `parfumerie` binary, declared once (see Declare()).
#pragma once

#include <string>

#include "common/config.h"

namespace parfumerie::app {

struct Settings {
  std::string config_file;
  std::string data_dir;
  std::string log_format;
  std::string log_level;
  std::string listen_host;
  std::string demo_data;  // auto | true | false
  int catalog_grpc_port = 0;
  int catalog_http_port = 0;
  int payment_grpc_port = 0;
  int delivery_grpc_port = 0;
  std::string store;  // sqlite | mongodb://...
  std::string bus;  // embedded | kafka://...
  int64_t bus_partitions = 0;
  int64_t bus_retention_hours = 0;
  int64_t consumer_max_attempts = 0;
  int64_t consumer_transaction_batch = 0;
  int64_t consumer_initial_backoff_ms = 0;
  std::string delivery_simulator;  // auto | true | false
  int64_t delivery_simulator_interval_ms = 0;
  int64_t payment_timeout_ms = 0;
  int64_t order_expiry_interval_ms = 0;
  int64_t payment_latency_ms = 0;
  int64_t payment_charge_concurrency = 0;
  double payment_failure_rate = 0;
  int64_t io_threads = 0;
  int64_t blocking_threads = 0;
  int64_t shutdown_grace_ms = 0;
  int64_t http_max_body_bytes = 0;
  int metrics_port = 0;
  bool metrics = true;
  // Traces (docs/observability.md).
  std::string otlp_endpoint;
  std::string otlp_service_name;
  double trace_sample_ratio = 1;
  // TLS between services.
  std::string grpc_tls_cert;
  std::string grpc_tls_key;
  std::string grpc_tls_ca;
  bool grpc_tls_client_auth = false;
  std::string grpc_tls_server_name;
  // Gateway.
  int gateway_port = 0;
  std::string catalog_addr;
  std::string payment_addr;
  std::string delivery_addr;
  int64_t gateway_deadline_ms = 0;
  std::string jwt_secret;
  int64_t token_ttl_s = 0;
  std::string admin_email;
  std::string admin_password;
  std::string gateway_consumer_group;
  std::string cors_origins;
  bool graphql_introspection = true;
  std::string graphiql_dir;
  // Web front end.
  int web_port = 0;
  std::string web_dir;
  std::string web_graphql_url;
};

// Binds every field of `s` to `registry` with its default and help text.
// `--config` is declared separately (it names the file the others come from).
void Declare(config::Registry& registry, Settings& s);

}  // namespace parfumerie::app

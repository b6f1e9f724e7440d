#include "bus/kafka/rdkafka_util.h"

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace parfumerie::bus::kafka {
namespace {

void LogToSpdlog(const rd_kafka_t* /*rk*/, int level, const char* facility, const char* text) {
  static const std::shared_ptr<spdlog::logger> logger = log::Get("bus.kafka");
  // librdkafka uses syslog levels.
  spdlog::level::level_enum l = spdlog::level::debug;
  if (level <= 2) {
    l = spdlog::level::critical;
  } else if (level == 3) {
    l = spdlog::level::err;
  } else if (level == 4) {
    l = spdlog::level::warn;
  } else if (level <= 6) {
    l = spdlog::level::info;
  }
  logger->log(l, "{}: {}", facility, text);
}

}  // namespace

absl::Status Set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), err, sizeof(err)) != RD_KAFKA_CONF_OK) {
    return absl::InvalidArgumentError(absl::StrCat("kafka: property ", name, ": ", err));
  }
  return absl::OkStatus();
}

absl::StatusOr<ConfPtr> BaseConfig(const KafkaBusOptions& options) {
  if (options.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("kafka: no bootstrap servers (kafka://host:9092)");
  }
  ConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), LogToSpdlog);
  const std::pair<const char*, const std::string*> named[] = {
      {"bootstrap.servers", &options.bootstrap_servers}, {"client.id", &options.client_id},
      {"security.protocol", &options.security_protocol}, {"ssl.ca.location", &options.ssl_ca_location},
      {"sasl.mechanism", &options.sasl_mechanism},       {"sasl.username", &options.sasl_username},
      {"sasl.password", &options.sasl_password},
  };
  for (const auto& [name, value] : named) {
    if (value->empty()) continue;
    if (absl::Status s = Set(conf.get(), name, *value); !s.ok()) return s;
  }
  // A closed idle connection is routine, not worth an error line.
  if (absl::Status s = Set(conf.get(), "log.connection.close", "false"); !s.ok()) return s;
  for (const auto& [name, value] : options.properties) {
    if (absl::Status s = Set(conf.get(), name, value); !s.ok()) return s;
  }
  return conf;
}

absl::StatusOr<HandlePtr> NewHandle(rd_kafka_type_t type, ConfPtr conf) {
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), err, sizeof(err));
  if (rk == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("kafka: cannot create a client: ", err));
  }
  conf.release();  // rd_kafka_new took it
  return HandlePtr(rk);
}

absl::StatusCode CodeOf(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_NO_ERROR:
      return absl::StatusCode::kOk;
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
    case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_INVALID_REQUEST:
    case RD_KAFKA_RESP_ERR_INVALID_GROUP_ID:
    case RD_KAFKA_RESP_ERR_POLICY_VIOLATION:
      return absl::StatusCode::kInvalidArgument;
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
      return absl::StatusCode::kPermissionDenied;
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
      return absl::StatusCode::kUnauthenticated;
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID:
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST:
    case RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID:
      return absl::StatusCode::kAborted;
    case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
      return absl::StatusCode::kAlreadyExists;
    case RD_KAFKA_RESP_ERR__FATAL:
    case RD_KAFKA_RESP_ERR__GAPLESS_GUARANTEE:
    case RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER:
    case RD_KAFKA_RESP_ERR__INCONSISTENT:
      return absl::StatusCode::kInternal;
    default:
      // Transport, time-outs, leaders moving, coordinators loading, not
      // enough replicas...: the cluster is (for now) unavailable; retry.
      return absl::StatusCode::kUnavailable;
  }
}

absl::Status ToStatus(rd_kafka_resp_err_t err, std::string_view what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();
  return absl::Status(CodeOf(err), absl::StrCat("kafka: ", absl::string_view(what.data(), what.size()), ": ",
                                                rd_kafka_err2str(err), " (", rd_kafka_err2name(err), ")"));
}

absl::Status ValidateTopic(std::string_view topic) {
  if (topic.empty() || topic.size() > 249) {
    return absl::InvalidArgumentError("kafka: a topic name has 1 to 249 characters");
  }
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat("kafka: topic \"", absl::string_view(topic.data(), topic.size()),
                                                     "\" may use only [A-Za-z0-9._-]"));
    }
  }
  return absl::OkStatus();
}

}  // namespace parfumerie::bus::kafka

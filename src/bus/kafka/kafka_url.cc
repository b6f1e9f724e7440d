// ParseKafkaUrl: "kafka://[user[:password]@]host:port[,host:port...][/][?name=value&...]".
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "bus/kafka/kafka_bus.h"

namespace parfumerie::bus {
namespace {

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (size_t start = 0;;) {
    const size_t end = s.find(sep, start);
    parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

absl::StatusOr<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    int value = 0;
    if (i + 2 >= s.size()) {
      return absl::InvalidArgumentError("kafka url: truncated %-escape");
    }
    for (size_t j = i + 1; j <= i + 2; ++j) {
      const char c = s[j];
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return absl::InvalidArgumentError(absl::StrCat("kafka url: bad %-escape in \"", Absl(s), "\""));
      value = value * 16 + digit;
    }
    out.push_back(static_cast<char>(value));
    i += 2;
  }
  return out;
}

// "host:port" or "[v6]:port".
absl::Status CheckHostPort(std::string_view hp) {
  const size_t colon = hp.rfind(':');
  const std::string_view host = colon == std::string_view::npos ? hp : hp.substr(0, colon);
  uint32_t port = 0;
  if (host.empty() || host == "[]" || colon == std::string_view::npos ||
      !absl::SimpleAtoi(Absl(hp.substr(colon + 1)), &port) || port == 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("kafka url: \"", Absl(hp), "\" is not host:port"));
  }
  return absl::OkStatus();
}

absl::Status ApplyParameter(const std::string& name, const std::string& value, KafkaBusOptions& options) {
  auto as_int = [&](int64_t min, int64_t max, auto& field) -> absl::Status {
    int64_t v = 0;
    if (!absl::SimpleAtoi(value, &v) || v < min || v > max) {
      return absl::InvalidArgumentError(absl::StrCat("kafka url: ", name, "=", value, " is not in [", min, ", ", max, "]"));
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(v);
    return absl::OkStatus();
  };
  if (name == "partitions") return as_int(1, 1 << 20, options.partitions);
  if (name == "replication_factor") {
    absl::Status s = as_int(-1, 32767, options.replication_factor);
    if (s.ok() && options.replication_factor == 0) return absl::InvalidArgumentError("kafka url: replication_factor=0");
    return s;
  }
  if (name == "client_id") {
    options.client_id = value;
    return absl::OkStatus();
  }
  int64_t ms = 0;
  if (name == "publish_timeout_ms") {
    absl::Status s = as_int(1, INT32_MAX, ms);
    options.publish_timeout = std::chrono::milliseconds(ms);
    return s;
  }
  if (name == "session_timeout_ms") {
    absl::Status s = as_int(1, INT32_MAX, ms);
    options.session_timeout = std::chrono::milliseconds(ms);
    return s;
  }
  std::string* field = name == "security.protocol" ? &options.security_protocol
                       : name == "ssl.ca.location" ? &options.ssl_ca_location
                       : name == "sasl.mechanism"  ? &options.sasl_mechanism
                       : name == "sasl.username"   ? &options.sasl_username
                       : name == "sasl.password"   ? &options.sasl_password
                                                   : nullptr;
  if (field != nullptr) {
    *field = value;
  } else if (name.find('.') != std::string::npos) {
    options.properties[name] = value;  // librdkafka says whether it knows it
  } else {
    return absl::InvalidArgumentError(absl::StrCat("kafka url: unknown parameter ", name));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<KafkaBusOptions> ParseKafkaUrl(std::string_view url) {
  constexpr std::string_view kScheme = "kafka://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return absl::InvalidArgumentError(absl::StrCat("kafka url: \"", Absl(url), "\" does not start with kafka://"));
  }
  std::string_view rest = url.substr(kScheme.size());
  std::string_view query;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  KafkaBusOptions options;
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view user_info = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const size_t colon = user_info.find(':');
    absl::StatusOr<std::string> user = PercentDecode(user_info.substr(0, colon));
    if (!user.ok()) return user.status();
    options.sasl_username = *user;
    if (colon != std::string_view::npos) {
      absl::StatusOr<std::string> password = PercentDecode(user_info.substr(colon + 1));
      if (!password.ok()) return password.status();
      options.sasl_password = *password;
    }
  }
  for (std::string_view hp : Split(rest, ',')) {
    if (absl::Status s = CheckHostPort(hp); !s.ok()) return s;
  }
  options.bootstrap_servers = std::string(rest);
  if (query.empty()) return options;
  for (std::string_view pair : Split(query, '&')) {
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("kafka url: \"", Absl(pair), "\" is not name=value"));
    }
    absl::StatusOr<std::string> name = PercentDecode(pair.substr(0, eq));
    absl::StatusOr<std::string> value = PercentDecode(pair.substr(eq + 1));
    if (!name.ok()) return name.status();
    if (!value.ok()) return value.status();
    if (absl::Status s = ApplyParameter(*name, *value, options); !s.ok()) return s;
  }
  return options;
}

}  // namespace parfumerie::bus

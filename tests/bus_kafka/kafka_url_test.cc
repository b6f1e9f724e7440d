// ParseKafkaUrl: the --bus=kafka://... strings of the distributed mode.
#include <gtest/gtest.h>

#include "bus/kafka/kafka_bus.h"

namespace parfumerie::bus {
namespace {

TEST(ParseKafkaUrl, TakesSeveralBrokersAndDefaults) {
  absl::StatusOr<KafkaBusOptions> o = ParseKafkaUrl("kafka://k1:9092,k2:9093/");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->bootstrap_servers, "k1:9092,k2:9093");
  EXPECT_EQ(o->partitions, 4);
  EXPECT_EQ(o->replication_factor, -1);
  EXPECT_TRUE(o->security_protocol.empty());
  EXPECT_TRUE(o->properties.empty());
}

TEST(ParseKafkaUrl, TakesSecurityAndCredentials) {
  absl::StatusOr<KafkaBusOptions> o = ParseKafkaUrl(
      "kafka://shop%40eu:p%26ss%3Aw@[::1]:9094?security.protocol=SASL_SSL&sasl.mechanism=SCRAM-SHA-512"
      "&ssl.ca.location=%2Fetc%2Fca.pem&partitions=12&replication_factor=3&client_id=catalog"
      "&publish_timeout_ms=2500&session_timeout_ms=9000&linger.ms=2");
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->bootstrap_servers, "[::1]:9094");
  EXPECT_EQ(o->sasl_username, "shop@eu");
  EXPECT_EQ(o->sasl_password, "p&ss:w");
  EXPECT_EQ(o->security_protocol, "SASL_SSL");
  EXPECT_EQ(o->sasl_mechanism, "SCRAM-SHA-512");
  EXPECT_EQ(o->ssl_ca_location, "/etc/ca.pem");
  EXPECT_EQ(o->partitions, 12);
  EXPECT_EQ(o->replication_factor, 3);
  EXPECT_EQ(o->client_id, "catalog");
  EXPECT_EQ(o->publish_timeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(o->session_timeout, std::chrono::milliseconds(9000));
  EXPECT_EQ(o->properties, (std::map<std::string, std::string>{{"linger.ms", "2"}}));
}

TEST(ParseKafkaUrl, RejectsWhatItCannotUse) {
  for (const char* url : {"", "kafka://", "http://k:9092", "kafka://k", "kafka://k:0", "kafka://k:70000",
                          "kafka://k:9092,", "kafka://:9092", "kafka://k:9092?partitions=0",
                          "kafka://k:9092?replication_factor=0", "kafka://k:9092?nonsense=1",
                          "kafka://k:9092?partitions", "kafka://k:9092?client_id=%zz", "kafka://k:9092?x.y=%4"}) {
    EXPECT_EQ(ParseKafkaUrl(url).status().code(), absl::StatusCode::kInvalidArgument) << url;
  }
}

TEST(OpenKafkaBus, RejectsBadOptionsWithoutTouchingTheNetwork) {
  KafkaBusOptions options;
  EXPECT_EQ(OpenKafkaBus(options).status().code(), absl::StatusCode::kInvalidArgument);  // no servers
  options.bootstrap_servers = "127.0.0.1:1";
  options.security_protocol = "carrier-pigeon";
  EXPECT_EQ(OpenKafkaBus(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.security_protocol.clear();
  options.properties.emplace("no.such.property", "1");
  EXPECT_EQ(OpenKafkaBus(options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace parfumerie::bus

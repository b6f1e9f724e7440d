// The broker the `kafka` ctest fixture started: its address is in the file
// named by PARFUMERIE_KAFKA_BOOTSTRAP_FILE. Without it the tests fail, never
// skip: a Kafka that does not start is a failure.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bus/kafka/kafka_bus.h"

namespace parfumerie::bus::testing {

inline std::string KafkaBootstrap() {
  const char* file = std::getenv("PARFUMERIE_KAFKA_BOOTSTRAP_FILE");
  if (file == nullptr) {
    ADD_FAILURE() << "PARFUMERIE_KAFKA_BOOTSTRAP_FILE is not set: run through ctest (fixture kafka), or "
                     "scripts/kafka.sh start --dir D and set it to D/bootstrap";
    return "";
  }
  std::ifstream in(file);
  std::string address;
  in >> address;
  if (address.empty()) ADD_FAILURE() << "no bootstrap address in " << file << ": did kafka_server_start fail?";
  return address;
}

inline KafkaBusOptions TestKafkaOptions() {
  KafkaBusOptions options;
  options.bootstrap_servers = KafkaBootstrap();
  options.publish_timeout = std::chrono::seconds(15);
  options.session_timeout = std::chrono::seconds(6);  // the broker's minimum
  return options;
}

}  // namespace parfumerie::bus::testing

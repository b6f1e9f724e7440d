// The EventBus conformance suite against the fixture's Kafka broker. The
// cluster is shared by every test: the suite's names are unique per test.
#include "bus/kafka/kafka_bus.h"

#include "event_bus_conformance.h"
#include "kafka_test_env.h"

namespace parfumerie::bus::testing {
namespace {

class KafkaEnvironment : public BusEnvironment {
 public:
  absl::StatusOr<std::unique_ptr<EventBus>> Open() override { return OpenKafkaBus(TestKafkaOptions()); }
};

INSTANTIATE_TEST_SUITE_P(Kafka, EventBusConformance,
                         ::testing::Values(EventBusFactory{"Kafka",
                                                           [] { return std::make_unique<KafkaEnvironment>(); }}),
                         FactoryName);

}  // namespace
}  // namespace parfumerie::bus::testing

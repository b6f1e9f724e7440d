// The event handler's decoding, and the rule that a card number goes nowhere:
// not into the databases, not into the logs, not into the events.
#include "payment/payment_events.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/log.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service_fixture.h"
#include "spdlog/sinks/ostream_sink.h"

namespace parfumerie::payment::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using PaymentEventsTest = PaymentServiceFixture;

TEST_F(PaymentEventsTest, OtherEventTypesAreAcknowledgedWithoutEffect) {
  v1::OrderStatusChanged e;
  e.set_commande_id("cmd_1");
  EXPECT_TRUE(handler_(bus::MakeEvent(bus::kTopicCommandes, "cmd_1", e, "/parfumerie/catalog", now_)).ok());
  bus::Message no_type;
  no_type.payload = "anything";
  EXPECT_TRUE(handler_(no_type).ok());
  EXPECT_TRUE(Outbox().empty());
}

TEST_F(PaymentEventsTest, UndecodablePayloadIsPoison) {
  bus::Message m = Placed("cmd_1", "pm_x", 100);
  m.payload = "\xff\xff\xff garbage";
  absl::Status s = handler_(m);
  EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
  bus::Message c = Cancelled("cmd_1", true);
  c.payload = "\x0a\xff";
  EXPECT_TRUE(absl::IsInvalidArgument(handler_(c)));
}

TEST_F(PaymentEventsTest, EventsWithoutIdOrOrderArePoison) {
  bus::Message m = Placed("cmd_1", "pm_x", 100);
  for (auto& h : m.headers) {
    if (h.name == bus::kCeId) h.value.clear();
  }
  EXPECT_TRUE(absl::IsInvalidArgument(handler_(m)));
  EXPECT_TRUE(absl::IsInvalidArgument(handler_(Placed("", "pm_x", 100))));
  EXPECT_TRUE(absl::IsInvalidArgument(handler_(Cancelled("", true))));
  EXPECT_TRUE(Outbox().empty());
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(PaymentEventsTest, CardNumbersAndCvcsAppearNowhere) {
  std::ostringstream logs;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(logs);
  std::vector<std::shared_ptr<spdlog::logger>> loggers = {log::Get("payment"), log::Get("payment-provider")};
  for (auto& l : loggers) {
    l->sinks().push_back(sink);
    l->set_level(spdlog::level::trace);
  }

  const std::string numbers[] = {std::string(kCardSucceeds), std::string(kCardInsufficientFunds),
                                 std::string(kCardProcessingError), "5555555555554444"};
  int order = 0;
  for (const std::string& number : numbers) {
    const std::string token = Tokenize(number, "989");
    const bus::Message m = Placed("cmd_" + std::to_string(++order), token, 4'200);
    for (int attempt = 0; attempt < 4 && !handler_(m).ok(); ++attempt) {
    }
  }
  ASSERT_TRUE(handler_(Cancelled("cmd_1", true)).ok());
  // A refused card goes through validation's error path too.
  EXPECT_FALSE(service_->TokenizeCard(CardDetails{"4242424242424241", 12, 2030, "989", ""}).ok());
  for (auto& l : loggers) {
    l->flush();
    l->sinks().pop_back();
  }

  // Everything that could hold a trace: both databases with their WAL files,
  // the outgoing events and the captured logs.
  std::string stored;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) stored += ReadFile(entry.path());
  for (const bus::Message& m : Outbox()) {
    stored += m.payload;
    for (const auto& h : m.headers) stored += h.value;
  }
  const std::string logged = logs.str();
  EXPECT_THAT(logged, HasSubstr("4242"));  // the last four digits are fine, and logged
  EXPECT_GT(stored.size(), 10'000u);
  for (const std::string& number : numbers) {
    for (const std::string* haystack : {&std::as_const(stored), &logged}) {
      EXPECT_THAT(*haystack, Not(HasSubstr(number)));
      EXPECT_THAT(*haystack, Not(HasSubstr(number.substr(0, 12))));  // nor its first 12 digits
      EXPECT_THAT(*haystack, Not(HasSubstr("4242424242424241")));
    }
  }
  // The CVC is short enough to occur by chance in a log's timestamp; the
  // stored bytes have no decimal text where it could.
  EXPECT_THAT(stored, Not(HasSubstr("989")));
}

}  // namespace
}  // namespace parfumerie::payment::testing

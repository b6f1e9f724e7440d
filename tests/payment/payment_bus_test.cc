// The payment service wired as the app wires it: the embedded event bus, a
// ConsumerRunner on topic "commandes" (group "payment") with the service's
// handler, and an OutboxRelay publishing the store's outbox to "paiements".
// Results are observed as another consumer group would see them.
#include <chrono>

#include "bus/consumer_runner.h"
#include "bus/embedded/embedded_bus.h"
#include "bus/outbox.h"
#include "gtest/gtest.h"
#include "service_fixture.h"

namespace parfumerie::payment::testing {
namespace {

constexpr auto kDeadline = std::chrono::seconds(20);

class PaymentBusTest : public PaymentServiceFixture {
 protected:
  void SetUp() override {
    PaymentServiceFixture::SetUp();
    Wire();
  }
  void TearDown() override { Unwire(); }

  void Wire() {
    auto bus = bus::OpenEmbeddedBus(dir_.path() + "/bus.db");
    ASSERT_TRUE(bus.ok()) << bus.status();
    bus_ = *std::move(bus);
    runner_ = std::make_unique<bus::ConsumerRunner>(
        *bus_,
        bus::ConsumerRunnerOptions{.group = std::string(kPaymentConsumer),
                                   .topics = {std::string(bus::kTopicCommandes)},
                                   .max_attempts = 5,
                                   .initial_backoff = std::chrono::milliseconds(1),
                                   .max_backoff = std::chrono::milliseconds(10),
                                   .poll_timeout = std::chrono::milliseconds(20)},
        MakePaymentEventHandler(*service_));
    ASSERT_TRUE(runner_->Start().ok());
    relay_ = std::make_unique<bus::OutboxRelay>(
        *store_, *bus_, bus::OutboxRelayOptions{.name = "payment-outbox", .poll_interval = std::chrono::milliseconds(10)});
    relay_->Start();
    auto observer = bus_->Subscribe("observer", {std::string(bus::kTopicPaiements), "commandes.dlq"});
    ASSERT_TRUE(observer.ok()) << observer.status();
    observer_ = *std::move(observer);
  }

  void Unwire() {
    if (runner_) runner_->Stop();
    if (relay_) relay_->Stop();
    if (observer_) observer_->Close();
    observer_.reset();
    runner_.reset();
    relay_.reset();
    bus_.reset();
  }

  void Publish(const bus::Message& m) {
    bus::Message copy = m;
    ASSERT_TRUE(bus_->Publish({&copy, 1}).ok());
  }

  // Waits (up to a deadline) for the next message the observer sees.
  std::optional<bus::Message> Next() {
    const auto until = std::chrono::steady_clock::now() + kDeadline;
    while (std::chrono::steady_clock::now() < until) {
      auto batch = observer_->Poll(1, std::chrono::milliseconds(100));
      EXPECT_TRUE(batch.ok()) << batch.status();
      if (!batch.ok()) return std::nullopt;
      if (!batch->empty()) return std::move(batch->front());
    }
    return std::nullopt;
  }

  std::unique_ptr<bus::EventBus> bus_;
  std::unique_ptr<bus::ConsumerRunner> runner_;
  std::unique_ptr<bus::OutboxRelay> relay_;
  std::unique_ptr<bus::Consumer> observer_;
};

TEST_F(PaymentBusTest, OrderPlacedBecomesPaymentSucceededOnPaiements) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  Publish(Placed("cmd_1", token, 12'900));
  std::optional<bus::Message> m = Next();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->topic, bus::kTopicPaiements);
  EXPECT_EQ(m->key, "cmd_1");
  EXPECT_EQ(m->Type(), "parfumerie.v1.PaymentSucceeded");
  v1::PaymentSucceeded e;
  ASSERT_TRUE(e.ParseFromString(m->payload));
  EXPECT_EQ(e.montant_cents(), 12'900);
}

TEST_F(PaymentBusTest, DuplicatePublicationChargesAndPublishesOnce) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  const bus::Message placed = Placed("cmd_1", token, 4'200);
  Publish(placed);
  Publish(placed);  // a relay that published twice: same ce_id
  // Behind them on the same key (so handled after both): a cancellation,
  // whose PaymentRefunded marks the end. A duplicate charge or event would
  // show up before it.
  Publish(Cancelled("cmd_1", true));
  std::optional<bus::Message> first = Next();
  std::optional<bus::Message> second = Next();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->Type(), "parfumerie.v1.PaymentSucceeded");
  EXPECT_EQ(second->Type(), "parfumerie.v1.PaymentRefunded");
  EXPECT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(hooked_->charge_calls.load(), 1);
}

TEST_F(PaymentBusTest, TransientProviderFailureIsRetriedByTheRunner) {
  Unwire();
  Start({.transient_failures_per_key = 3});
  Wire();
  const std::string token = Tokenize(std::string(kCardProcessingError));
  Publish(Placed("cmd_1", token, 4'200));
  std::optional<bus::Message> m = Next();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->Type(), "parfumerie.v1.PaymentSucceeded");
  EXPECT_EQ(Ledger().size(), 1u);
  EXPECT_EQ(hooked_->charge_calls.load(), 4);
}

TEST_F(PaymentBusTest, CancellationAfterPaymentPublishesPaymentRefunded) {
  const std::string token = Tokenize(std::string(kCardSucceeds));
  Publish(Placed("cmd_1", token, 4'200));
  Publish(Cancelled("cmd_1", true));
  std::optional<bus::Message> first = Next();
  std::optional<bus::Message> second = Next();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->Type(), "parfumerie.v1.PaymentSucceeded");
  EXPECT_EQ(second->Type(), "parfumerie.v1.PaymentRefunded");
}

TEST_F(PaymentBusTest, UndecodableOrderPlacedIsDeadLettered) {
  bus::Message poison = Placed("cmd_1", "pm_x", 100);
  poison.payload = "\xff\xff not a protobuf";
  Publish(poison);
  std::optional<bus::Message> m = Next();
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->topic, "commandes.dlq");
  EXPECT_EQ(m->Id(), poison.Id());
  EXPECT_TRUE(m->Get(bus::kDlqError).has_value());
  // The partition is not blocked: the next order is paid.
  const std::string token = Tokenize(std::string(kCardSucceeds));
  Publish(Placed("cmd_2", token, 100));
  std::optional<bus::Message> next = Next();
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->Type(), "parfumerie.v1.PaymentSucceeded");
}

}  // namespace
}  // namespace parfumerie::payment::testing

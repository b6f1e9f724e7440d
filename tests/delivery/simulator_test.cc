// The demo simulator: one step per delivery per round, final deliveries left
// alone, and the background thread observed through its round hook.
#include "delivery/simulator.h"

#include <condition_variable>
#include <mutex>

#include "delivery_test_support.h"
#include "gtest/gtest.h"

namespace parfumerie::delivery::testing {
namespace {

using SimulatorTest = DeliveryFixture;

TEST_F(SimulatorTest, EachRoundMovesEveryActiveDeliveryOneStep) {
  const std::string a = Created("cmd_a");
  const std::string b = Created("cmd_b");
  const std::string failed = Created("cmd_c");
  ASSERT_TRUE(service_->Fail(failed, std::nullopt, "colis endommagé").ok());
  DeliverySimulator simulator(*service_, {});

  EXPECT_EQ(simulator.Tick().value_or(-1), 2);
  EXPECT_EQ(service_->Get(a)->statut, Statut::kExpediee);
  EXPECT_EQ(service_->Get(b)->statut, Statut::kExpediee);
  const std::string late = Created("cmd_d");
  EXPECT_EQ(simulator.Tick().value_or(-1), 3);
  EXPECT_EQ(service_->Get(a)->statut, Statut::kEnTransit);
  EXPECT_EQ(service_->Get(late)->statut, Statut::kExpediee);
  EXPECT_EQ(simulator.Tick().value_or(-1), 3);
  EXPECT_EQ(service_->Get(a)->statut, Statut::kLivree);
  EXPECT_EQ(simulator.Tick().value_or(-1), 1);
  EXPECT_EQ(simulator.Tick().value_or(-1), 0);
  EXPECT_EQ(service_->Get(late)->statut, Statut::kLivree);
  EXPECT_EQ(service_->Get(failed)->statut, Statut::kEchec);
  EXPECT_EQ(service_->Get(a)->suivi.size(), 4u) << "no step skipped";
  // 4 creations + 1 failure + 3 steps for each of the 3 delivered.
  EXPECT_EQ(Events().size(), 4u + 1u + 9u);
}

TEST_F(SimulatorTest, RoundsWalkEveryPage) {
  for (int i = 0; i < kMaxPageSize + 5; ++i) Created("cmd_" + std::to_string(i));
  DeliverySimulator simulator(*service_, {});
  EXPECT_EQ(simulator.Tick().value_or(-1), kMaxPageSize + 5);
  EXPECT_EQ(service_->List({.statut = Statut::kExpediee, .page_size = 1, .page_token = {}})->total, kMaxPageSize + 5);
}

TEST_F(SimulatorTest, TheBackgroundThreadDeliversOnItsSchedule) {
  const std::string id = Created("cmd_a");
  std::mutex mu;
  std::condition_variable cv;
  int rounds = 0;
  SimulatorOptions options;
  options.step_interval = std::chrono::milliseconds(1);
  options.on_round = [&](const absl::StatusOr<int>& moved) {
    EXPECT_TRUE(moved.ok()) << moved.status();
    std::lock_guard lock(mu);
    ++rounds;
    cv.notify_all();
  };
  DeliverySimulator simulator(*service_, options);
  simulator.Start();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return rounds >= 3; }));
  }
  simulator.Stop();
  EXPECT_EQ(service_->Get(id)->statut, Statut::kLivree);
  simulator.Stop();  // idempotent
}

TEST_F(SimulatorTest, StopWithoutStartAndRestartAreSafe) {
  DeliverySimulator simulator(*service_, {});
  simulator.Stop();
  simulator.Start();
  simulator.Start();
  simulator.Stop();
}

}  // namespace
}  // namespace parfumerie::delivery::testing

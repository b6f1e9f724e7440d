#include "app/module.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::app {

struct Runtime {};  // the modules under test need none of the real state

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class Recorder final : public Service {
 public:
  Recorder(std::string name, std::vector<std::string>& log, bool fail)
      : name_(std::move(name)), log_(log), fail_(fail) {}
  absl::Status Start() override {
    if (fail_) return absl::UnavailableError("port in use");
    log_.push_back("start " + name_);
    return absl::OkStatus();
  }
  void Stop() override { log_.push_back("stop " + name_); }

 private:
  std::string name_;
  std::vector<std::string>& log_;
  bool fail_;
};

struct Fixture {
  ModuleManager manager;
  std::vector<std::string> log;
  std::vector<std::string> constructed;

  void Add(const std::string& name, std::vector<std::string> deps, bool target,
           bool fail = false) {
    manager.Register(name, ModuleDef{std::move(deps), target,
                                     [this, name, fail](Runtime&)
                                         -> absl::StatusOr<std::unique_ptr<Service>> {
                                       constructed.push_back(name);
                                       return std::make_unique<Recorder>(name, log, fail);
                                     }});
  }
};

TEST(ModuleManagerTest, DependenciesComeFirstAndEachOnce) {
  Fixture f;
  f.Add("store", {}, false);
  f.Add("pool", {}, false);
  f.Add("catalog", {"store", "pool"}, true);
  f.Add("gateway", {"pool"}, true);
  auto order = f.manager.Resolve({"catalog", "gateway"});
  ASSERT_TRUE(order.ok());
  EXPECT_THAT(*order, ElementsAre("store", "pool", "catalog", "gateway"));
}

TEST(ModuleManagerTest, UntargetedModulesAreNeverConstructed) {
  Fixture f;
  f.Add("store", {}, false);
  f.Add("catalog", {"store"}, true);
  f.Add("payment", {}, true);
  Runtime rt;
  auto order = f.manager.Resolve({"payment"});
  ASSERT_TRUE(order.ok());
  ASSERT_TRUE(f.manager.StartAll(*order, rt).ok());
  EXPECT_THAT(f.constructed, ElementsAre("payment"));
  f.manager.StopAll();
}

TEST(ModuleManagerTest, UnknownOrInternalTargetIsRejectedWithTheList) {
  Fixture f;
  f.Add("store", {}, false);
  f.Add("catalog", {"store"}, true);
  auto unknown = f.manager.Resolve({"paymnet"});
  ASSERT_TRUE(absl::IsInvalidArgument(unknown.status()));
  EXPECT_THAT(std::string(unknown.status().message()), HasSubstr("available: catalog"));
  EXPECT_TRUE(absl::IsInvalidArgument(f.manager.Resolve({"store"}).status()));
}

TEST(ModuleManagerTest, StopsInReverseOrder) {
  Fixture f;
  f.Add("a", {}, false);
  f.Add("b", {"a"}, true);
  Runtime rt;
  ASSERT_TRUE(f.manager.StartAll(*f.manager.Resolve({"b"}), rt).ok());
  f.manager.StopAll();
  EXPECT_THAT(f.log, ElementsAre("start a", "start b", "stop b", "stop a"));
}

TEST(ModuleManagerTest, FailedStartStopsWhatStartedAndNamesTheModule) {
  Fixture f;
  f.Add("a", {}, false);
  f.Add("b", {"a"}, true, /*fail=*/true);
  Runtime rt;
  absl::Status s = f.manager.StartAll(*f.manager.Resolve({"b"}), rt);
  ASSERT_TRUE(absl::IsUnavailable(s));
  EXPECT_EQ(std::string(s.message()), "b: port in use");
  EXPECT_THAT(f.log, ElementsAre("start a", "stop a"));
}

}  // namespace
}  // namespace parfumerie::app

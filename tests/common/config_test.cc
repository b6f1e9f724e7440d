#include "common/config.h"

#include <filesystem>
#include <fstream>
#include <map>

#include "CLI/CLI.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parfumerie::config {
namespace {

using ::testing::HasSubstr;

struct Fixture {
  std::string name;
  int port = 0;
  bool flag = false;
  int64_t threads = 0;
  double rate = 0;
  std::string format;
  Registry registry;
  CLI::App app;
  std::map<std::string, std::string> env;

  Fixture() {
    registry.String("name", &name, "shop", "a name");
    registry.Port("grpc-port", &port, 50053, "a port");
    registry.Bool("verbose", &flag, false, "a flag");
    registry.Int("threads", &threads, 4, 1, 64, "threads");
    registry.Double("rate", &rate, 0.5, 0, 1, "a probability");
    registry.Choice("log-format", &format, "text", {"text", "json"}, "format");
    registry.AddOptions(app);
  }

  absl::Status Parse(std::vector<std::string> args, const std::string& file = "") {
    std::vector<const char*> argv{"parfumerie"};
    for (const auto& a : args) argv.push_back(a.c_str());
    app.parse(static_cast<int>(argv.size()), argv.data());
    return registry.Resolve(file, [this](const std::string& k) -> std::optional<std::string> {
      auto it = env.find(k);
      if (it == env.end()) return std::nullopt;
      return it->second;
    });
  }
};

std::string WriteFile(const std::string& text) {
  static int n = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("parfumerie_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(n++) +
               ".toml");
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, DefaultsApplyWhenNothingIsGiven) {
  Fixture f;
  ASSERT_TRUE(f.Parse({}).ok());
  EXPECT_EQ(f.name, "shop");
  EXPECT_EQ(f.port, 50053);
  EXPECT_FALSE(f.flag);
  EXPECT_EQ(f.threads, 4);
}

TEST(ConfigTest, FlagBeatsEnvironmentBeatsFileBeatsDefault) {
  const std::string file = WriteFile("grpc-port = 1111\nname = \"from-file\"\nthreads = 9\n");
  Fixture f;
  f.env["PARFUMERIE_GRPC_PORT"] = "2222";
  f.env["PARFUMERIE_NAME"] = "from-env";
  ASSERT_TRUE(f.Parse({"--grpc-port=3333"}, file).ok());
  EXPECT_EQ(f.port, 3333);        // flag
  EXPECT_EQ(f.name, "from-env");  // env over file
  EXPECT_EQ(f.threads, 9);        // file over default
  EXPECT_EQ(f.format, "text");    // default
}

TEST(ConfigTest, FileAcceptsUnderscoreKeysAndBooleans) {
  const std::string file = WriteFile("grpc_port = 4444\nverbose = true\n");
  Fixture f;
  ASSERT_TRUE(f.Parse({}, file).ok());
  EXPECT_EQ(f.port, 4444);
  EXPECT_TRUE(f.flag);
}

TEST(ConfigTest, BareFlagMeansTrue) {
  Fixture f;
  ASSERT_TRUE(f.Parse({"--verbose"}).ok());
  EXPECT_TRUE(f.flag);
}

TEST(ConfigTest, BadValueNamesTheSettingAndItsSource) {
  Fixture f;
  f.env["PARFUMERIE_GRPC_PORT"] = "70000";
  absl::Status s = f.Parse({});
  ASSERT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(std::string(s.message()), HasSubstr("grpc-port"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("PARFUMERIE_GRPC_PORT"));
  EXPECT_THAT(std::string(s.message()), HasSubstr("between 0 and 65535"));
}

TEST(ConfigTest, RejectsOutOfRangeIntegersAndUnknownChoices) {
  Fixture f1;
  EXPECT_THAT(std::string(f1.Parse({"--threads=0"}).message()), HasSubstr("threads"));
  Fixture f2;
  EXPECT_THAT(std::string(f2.Parse({"--log-format=xml"}).message()), HasSubstr("text, json"));
  Fixture f3;
  EXPECT_THAT(std::string(f3.Parse({"--verbose=maybe"}).message()), HasSubstr("true or false"));
}

TEST(ConfigTest, DoublesAreRangeChecked) {
  Fixture f1;
  ASSERT_TRUE(f1.Parse({"--rate=0.25"}).ok());
  EXPECT_DOUBLE_EQ(f1.rate, 0.25);
  Fixture f2;
  EXPECT_THAT(std::string(f2.Parse({"--rate=1.5"}).message()), HasSubstr("between 0 and 1"));
  Fixture f3;
  EXPECT_THAT(std::string(f3.Parse({"--rate=nan"}).message()), HasSubstr("rate"));
}

TEST(ConfigTest, UnknownFileKeyIsAnError) {
  const std::string file = WriteFile("grpc-prot = 1\n");
  Fixture f;
  absl::Status s = f.Parse({}, file);
  ASSERT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(std::string(s.message()), HasSubstr("unknown setting \"grpc-prot\""));
}

TEST(ConfigTest, MalformedFileIsAnError) {
  const std::string file = WriteFile("grpc-port = = 1\n");
  Fixture f;
  absl::Status s = f.Parse({}, file);
  ASSERT_TRUE(absl::IsInvalidArgument(s));
  EXPECT_THAT(std::string(s.message()), HasSubstr("line 1"));
}

TEST(ConfigTest, EnvNameIsDerivedFromTheSettingName) {
  EXPECT_EQ(Registry::EnvName("catalog-grpc-port"), "PARFUMERIE_CATALOG_GRPC_PORT");
}

}  // namespace
}  // namespace parfumerie::config

// The process metrics: the standard names, plausible values, live updates.
#include <fcntl.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>

#include "metrics/registry.h"

namespace parfumerie::metrics {
namespace {

// The value of the unlabelled sample `name` in `text`.
std::optional<double> Sample(const std::string& text, const std::string& name) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with(name + " ")) return std::stod(line.substr(name.size() + 1));
  }
  return std::nullopt;
}

TEST(ProcessMetricsTest, ExposesTheStandardNamesWithPlausibleValues) {
  Registry r;
  r.AddProcessMetrics();
  r.AddProcessMetrics();  // idempotent: no doubled values
  const std::string text = r.Exposition();
  for (const char* name : {"process_cpu_seconds_total", "process_resident_memory_bytes",
                           "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
                           "process_start_time_seconds", "process_threads"}) {
    EXPECT_EQ(text.find(std::string("# HELP ") + name), text.rfind(std::string("# HELP ") + name))
        << name;
    ASSERT_TRUE(Sample(text, name).has_value()) << name << " missing in\n" << text;
  }
  EXPECT_GE(*Sample(text, "process_cpu_seconds_total"), 0);
  EXPECT_GT(*Sample(text, "process_resident_memory_bytes"), 1024 * 1024);
  EXPECT_GT(*Sample(text, "process_virtual_memory_bytes"),
            *Sample(text, "process_resident_memory_bytes"));
  EXPECT_GE(*Sample(text, "process_open_fds"), 3);  // stdin, stdout, stderr
  EXPECT_GE(*Sample(text, "process_max_fds"), *Sample(text, "process_open_fds"));
  EXPECT_GE(*Sample(text, "process_threads"), 1);
  const double now = std::chrono::duration<double>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  const double start = *Sample(text, "process_start_time_seconds");
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 24 * 3600);
  EXPECT_THAT(text, ::testing::HasSubstr("# TYPE process_cpu_seconds_total counter\n"));
}

TEST(ProcessMetricsTest, OpenFdsFollowTheProcess) {
  Registry r;
  r.AddProcessMetrics();
  const double before = *Sample(r.Exposition(), "process_open_fds");
  int fd = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  const double during = *Sample(r.Exposition(), "process_open_fds");
  ::close(fd);
  EXPECT_EQ(during, before + 1);
}

TEST(ProcessMetricsTest, TheDefaultRegistryHasThem) {
  EXPECT_TRUE(Sample(Registry::Default().Exposition(), "process_threads").has_value());
}

}  // namespace
}  // namespace parfumerie::metrics

#include "saga_layouts.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace parfumerie::bench {
namespace {

using namespace std::chrono_literals;

// Every server of `targets` on a free port of 127.0.0.1, JSON logs.
std::vector<std::string> Argv(const std::string& binary, const std::string& data_dir,
                              std::vector<std::string> extra) {
  std::vector<std::string> argv{binary};
  argv.insert(argv.end(), extra.begin(), extra.end());
  for (const char* a : {"--listen-host=127.0.0.1", "--catalog-grpc-port=0", "--catalog-http-port=0",
                        "--payment-grpc-port=0", "--delivery-grpc-port=0", "--gateway-port=0", "--web-port=0",
                        "--demo-data=false", "--delivery-simulator=false", "--log-format=json"}) {
    argv.emplace_back(a);
  }
  argv.push_back("--data-dir=" + data_dir);
  std::filesystem::create_directories(data_dir);
  return argv;
}

std::optional<std::string> GrpcAddress(testing::ChildProcess& p, const std::string& logger) {
  auto port = p.WaitForLine(
      std::regex("\"logger\":\"" + logger + "\",\"msg\":\"gRPC listening on [^\"]*:(\\d+)"), 60s);
  if (!port) return std::nullopt;
  return "127.0.0.1:" + *port;
}

// Starts one process; waits for the gRPC address that `logger` logs and for
// the "ready" line.
absl::StatusOr<std::string> Start(Layout& layout, std::vector<std::string> argv, const std::string& logger) {
  layout.processes.push_back(std::make_unique<testing::ChildProcess>(std::move(argv)));
  testing::ChildProcess& p = *layout.processes.back();
  std::optional<std::string> address = GrpcAddress(p, logger);
  if (!address || !p.WaitForLine(std::regex(R"(("msg":"ready))"), 60s)) {
    return absl::UnavailableError(absl::StrCat("the shop did not start:\n", p.Output()));
  }
  return *address;
}

// /proc/<pid>/stat fields 14 and 15 (utime, stime), in seconds.
double ProcessCpuSeconds(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t comm_end = stat.rfind(')');  // the command name may hold spaces
  if (comm_end == std::string::npos) return 0;
  std::istringstream fields(stat.substr(comm_end + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i >= 14) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

std::string TargetOf(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/cmdline");
  std::string arg;
  while (std::getline(in, arg, '\0')) {
    if (arg.rfind("--target=", 0) == 0) return arg.substr(9);
  }
  return "all-in-one";
}

}  // namespace

std::map<std::string, double> CpuSeconds() {
  std::map<std::string, double> cpu{{"bench", ProcessCpuSeconds("self")}};
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream children(task.path() / "children");
    std::string pid;
    while (children >> pid) cpu[TargetOf(pid)] += ProcessCpuSeconds(pid);
  }
  return cpu;
}

Layout::~Layout() {
  for (auto& p : processes) p->Signal(SIGTERM);
  for (auto& p : processes) {
    if (!p->WaitForExit(30s)) p->Signal(SIGKILL);
  }
}

absl::StatusOr<std::unique_ptr<Layout>> StartAllInOne(const std::string& binary, const std::string& data_dir,
                                                      std::vector<std::string> extra) {
  auto layout = std::make_unique<Layout>();
  absl::StatusOr<std::string> catalog = Start(*layout, Argv(binary, data_dir, std::move(extra)), "catalog");
  if (!catalog.ok()) return catalog.status();
  std::optional<std::string> payment = GrpcAddress(*layout->processes.back(), "payment");
  if (!payment) return absl::UnavailableError("the shop logged no payment gRPC address");
  layout->catalog_address = *catalog;
  layout->payment_address = *payment;
  return layout;
}

absl::StatusOr<std::unique_ptr<Layout>> StartDistributed(const std::string& binary, const std::string& data_dir,
                                                         const std::string& kafka, const std::string& mongo_uri) {
  std::string uri = mongo_uri;
  while (!uri.empty() && uri.back() == '/') uri.pop_back();
  // Databases bench<pid>_catalog, bench<pid>_payment, ...: a run never
  // reads another run's data.
  const std::vector<std::string> common{"--bus=kafka://" + kafka,
                                        "--store=" + uri + "/bench" + std::to_string(::getpid())};
  auto layout = std::make_unique<Layout>();
  for (const std::string target : {"catalog", "payment", "delivery"}) {
    std::vector<std::string> extra{"serve", "--target=" + target};
    extra.insert(extra.end(), common.begin(), common.end());
    absl::StatusOr<std::string> address =
        Start(*layout, Argv(binary, data_dir + "/" + target, extra), target);
    if (!address.ok()) return address.status();
    if (target == "catalog") layout->catalog_address = *address;
    if (target == "payment") layout->payment_address = *address;
  }
  return layout;
}

}  // namespace parfumerie::bench

// Registry::AddProcessMetrics: the process metrics every Prometheus client
// library exports under the same names, read from /proc/self at scrape time.
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "metrics/registry.h"

namespace parfumerie::metrics {
namespace {

// The fields of /proc/self/stat we use (proc(5) numbers them from 1).
struct ProcStat {
  double utime_ticks = 0;  // 14
  double stime_ticks = 0;  // 15
  double threads = 0;      // 20
  double start_ticks = 0;  // 22: since boot
  double vsize_bytes = 0;  // 23
  double rss_pages = 0;    // 24
};

ProcStat ReadProcStat() {
  ProcStat s;
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return s;
  // Field 2, the command, is in parentheses and may hold spaces: start after it.
  size_t close = line.rfind(')');
  if (close == std::string::npos) return s;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  for (int n = 3; n <= 24 && fields >> field; ++n) {
    double value = std::strtod(field.c_str(), nullptr);
    switch (n) {
      case 14: s.utime_ticks = value; break;
      case 15: s.stime_ticks = value; break;
      case 20: s.threads = value; break;
      case 22: s.start_ticks = value; break;
      case 23: s.vsize_bytes = value; break;
      case 24: s.rss_pages = value; break;
      default: break;
    }
  }
  return s;
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double OpenFds() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  double n = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n - 1;  // the descriptor of `dir` itself
}

double MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
  return static_cast<double>(limit.rlim_cur);
}

}  // namespace

void Registry::AddProcessMetrics() {
  {
    std::lock_guard lock(mu_);
    if (process_metrics_) return;
    process_metrics_ = true;
  }
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  const double start = BootTimeSeconds() + ReadProcStat().start_ticks / ticks;

  std::vector<CallbackHandle> handles;
  auto gauge = [&](const char* name, const char* help, std::function<double()> read) {
    handles.push_back(AddGaugeCallback({.name = name, .help = help}, {}, std::move(read)));
  };
  handles.push_back(AddCounterCallback(
      {.name = "process_cpu_seconds_total", .help = "Total user and system CPU time spent in seconds."},
      {}, [ticks] {
        ProcStat s = ReadProcStat();
        return (s.utime_ticks + s.stime_ticks) / ticks;
      }));
  gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
        [page] { return ReadProcStat().rss_pages * page; });
  gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
        [] { return ReadProcStat().vsize_bytes; });
  gauge("process_threads", "Number of OS threads in the process.",
        [] { return ReadProcStat().threads; });
  gauge("process_open_fds", "Number of open file descriptors.", OpenFds);
  gauge("process_max_fds", "Maximum number of open file descriptors.", MaxFds);
  gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
        [start] { return start; });
  std::lock_guard lock(mu_);
  for (auto& h : handles) process_callbacks_.push_back(std::move(h));
}

}  // namespace parfumerie::metrics

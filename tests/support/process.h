// Test support: runs a program as a child process, collects its stderr lines,
// and waits on conditions with a deadline (never a bare sleep).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace parfumerie::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with `argv`, the current environment plus `env`.
  ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env = {});
  ~ChildProcess();  // kills the child if still running

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The first submatch of the first stderr line matching `pattern`, waiting up
  // to `timeout`; nullopt if the process exits or time runs out first.
  std::optional<std::string> WaitForLine(const std::regex& pattern,
                                         std::chrono::milliseconds timeout);

  void Signal(int signal);

  // Exit code (or 128 + signal) once the child exits, nullopt on timeout.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);

  std::string Output();  // everything written to stdout and stderr so far

 private:
  void ReadLoop(int fd);

  pid_t pid_ = -1;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> lines_;
  bool eof_ = false;
  std::optional<int> exit_code_;
};

// Runs a command to completion; returns {exit code, stdout+stderr}.
std::pair<int, std::string> RunToCompletion(std::vector<std::string> argv,
                                            std::map<std::string, std::string> env = {},
                                            std::chrono::milliseconds timeout =
                                                std::chrono::seconds(30));

// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Minimal HTTP/1.1 client over a real socket to 127.0.0.1, for tests only.
struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};
std::optional<HttpResponse> HttpRequest(int port, const std::string& method,
                                        const std::string& target, const std::string& body = "",
                                        const std::map<std::string, std::string>& headers = {});

}  // namespace parfumerie::testing

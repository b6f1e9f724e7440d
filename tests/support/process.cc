#include "support/process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

extern char** environ;

namespace parfumerie::testing {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::map<std::string, std::string> env) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  std::vector<char*> c_env;
  for (auto& e : env_strings) c_env.push_back(e.data());
  c_env.push_back(nullptr);

  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    // The test runner may have blocked signals; the child starts clean.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execve(c_argv[0], c_argv.data(), c_env.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  reader_ = std::thread([this, fd = pipe_fds[0]] { ReadLoop(fd); });
}

ChildProcess::~ChildProcess() {
  if (!WaitForExit(std::chrono::milliseconds(0))) {
    kill(pid_, SIGKILL);
    WaitForExit(std::chrono::seconds(10));
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadLoop(int fd) {
  std::string partial;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    std::lock_guard lock(mu_);
    partial.append(buf, static_cast<size_t>(n));
    size_t pos;
    while ((pos = partial.find('\n')) != std::string::npos) {
      lines_.push_back(partial.substr(0, pos));
      partial.erase(0, pos + 1);
    }
    cv_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mu_);
  if (!partial.empty()) lines_.push_back(partial);
  eof_ = true;
  cv_.notify_all();
}

std::optional<std::string> ChildProcess::WaitForLine(const std::regex& pattern,
                                                     std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  size_t checked = 0;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (; checked < lines_.size(); ++checked) {
      std::smatch m;
      if (std::regex_search(lines_[checked], m, pattern)) {
        return m.size() > 1 ? m[1].str() : m[0].str();
      }
    }
    if (eof_) return std::nullopt;
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
  }
}

void ChildProcess::Signal(int signal) { kill(pid_, signal); }

std::optional<int> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    // Polling a child's exit has no portable blocking-with-timeout form.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::string ChildProcess::Output() {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& l : lines_) out += l + "\n";
  return out;
}

std::pair<int, std::string> RunToCompletion(std::vector<std::string> argv,
                                            std::map<std::string, std::string> env,
                                            std::chrono::milliseconds timeout) {
  ChildProcess child(std::move(argv), std::move(env));
  auto code = child.WaitForExit(timeout);
  if (!code) return {-1, child.Output()};
  // Let the reader drain the pipe before reading the output.
  child.WaitForLine(std::regex("$^"), std::chrono::seconds(5));
  return {*code, child.Output()};
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "parfumerie-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  // For post-mortems: PARFUMERIE_TEST_KEEP_DIRS=1 keeps every test's files.
  if (std::getenv("PARFUMERIE_TEST_KEEP_DIRS") != nullptr) {
    std::fprintf(stderr, "kept test directory %s\n", path_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::optional<HttpResponse> HttpRequest(int port, const std::string& method,
                                        const std::string& target, const std::string& body,
                                        const std::map<std::string, std::string>& headers) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return std::nullopt;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  if (send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size())) {
    close(fd);
    return std::nullopt;
  }
  std::string raw;
  char buf[8192];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<size_t>(n));
  close(fd);
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos || raw.size() < 12) return std::nullopt;
  HttpResponse resp;
  resp.status = std::atoi(raw.substr(9, 3).c_str());
  size_t line_start = raw.find("\r\n") + 2;
  while (line_start < head_end) {
    size_t line_end = raw.find("\r\n", line_start);
    std::string line = raw.substr(line_start, line_end - line_start);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = line.find_first_not_of(' ', colon + 1);
      resp.headers[name] = v == std::string::npos ? "" : line.substr(v);
    }
    line_start = line_end + 2;
  }
  resp.body = raw.substr(head_end + 4);
  if (resp.headers["transfer-encoding"] == "chunked") {
    std::string decoded;
    size_t pos = 0;
    for (;;) {
      size_t eol = resp.body.find("\r\n", pos);
      if (eol == std::string::npos) break;
      size_t len = std::strtoul(resp.body.substr(pos, eol - pos).c_str(), nullptr, 16);
      if (len == 0) break;
      decoded += resp.body.substr(eol + 2, len);
      pos = eol + 2 + len + 2;
    }
    resp.body = decoded;
  }
  return resp;
}

}  // namespace parfumerie::testing

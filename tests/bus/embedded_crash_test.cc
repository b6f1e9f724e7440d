// kill -9 at random moments: a child process publishes (three threads, so
// that group commit is in play) and consumes with commits, reporting every
// acknowledged publish and commit on a pipe; the parent SIGKILLs it after a
// random number of acknowledgements, reopens the file and checks that
// - every acknowledged publish is in the log, once, in per-key order;
// - the group resumes after every acknowledged commit, but not past what the
//   child was handed, and its partitions continue without a gap.
// Several rounds run on the same file, each child resuming where the last
// one died.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bus/embedded/embedded_bus.h"
#include "bus_test_util.h"
#include "temp_dir.h"

namespace parfumerie::bus::testing {
namespace {

constexpr char kTopic[] = "crash";
constexpr char kGroup[] = "worker";
constexpr int kPublishers = 3;

void WriteLine(int fd, const std::string& line) {
  const std::string l = line + "\n";
  // Shorter than PIPE_BUF, so each line arrives whole even from several threads.
  if (::write(fd, l.data(), l.size()) != static_cast<ssize_t>(l.size())) ::_exit(3);
}

[[noreturn]] void RunChild(const std::string& path, int fd, int round) {
  absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenEmbeddedBus(path);
  if (!bus.ok()) ::_exit(2);
  std::vector<std::thread> publishers;
  for (int t = 0; t < kPublishers; ++t) {
    publishers.emplace_back([&, t] {
      for (int i = 0;; ) {
        std::vector<Message> batch;
        for (int n = 1 + i % 3; n > 0; --n, ++i) {
          // Key per (round, thread, i % 2); payload = sequence within the key.
          batch.push_back(Msg(kTopic, absl::StrCat("r", round, "t", t, "k", i % 2),
                              absl::StrCat("r", round, "-t", t, "-", i), std::to_string(i / 2)));
        }
        if (!(*bus)->Publish(batch).ok()) ::_exit(4);
        for (const Message& m : batch) WriteLine(fd, absl::StrCat("p ", std::string(m.Id()), " ", m.key, " ", m.payload));
      }
    });
  }
  absl::StatusOr<std::unique_ptr<Consumer>> consumer = (*bus)->Subscribe(kGroup, {kTopic});
  if (!consumer.ok()) ::_exit(5);
  for (;;) {
    absl::StatusOr<std::vector<Message>> got = (*consumer)->Poll(16, std::chrono::milliseconds(50));
    if (!got.ok()) ::_exit(6);
    std::map<int32_t, const Message*> last;
    for (const Message& m : *got) last[m.partition] = &m;
    for (const auto& [p, m] : last) {
      // Reported before the commit: a durable commit implies the report.
      WriteLine(fd, absl::StrCat("r ", p, " ", m->offset));
      if (!(*consumer)->Commit(*m).ok()) ::_exit(7);
      WriteLine(fd, absl::StrCat("c ", p, " ", m->offset));
    }
  }
}

struct Acked {
  std::map<std::string, std::pair<std::string, int>> publishes;  // id -> key, seq
  std::map<int32_t, int64_t> commits;                             // partition -> highest offset
  std::map<int32_t, int64_t> received;                            // partition -> highest offset given
};

void ParseLine(const std::string& line, Acked& acked) {
  std::istringstream in(line);
  std::string kind;
  in >> kind;
  if (kind == "p") {
    std::string id, key;
    int seq = 0;
    in >> id >> key >> seq;
    acked.publishes[id] = {key, seq};
  } else if (kind == "c" || kind == "r") {
    int32_t p = 0;
    int64_t offset = 0;
    in >> p >> offset;
    std::map<int32_t, int64_t>& highest = kind == "c" ? acked.commits : acked.received;
    highest[p] = std::max(highest.count(p) ? highest[p] : -1, offset);
  }
}

// Runs one child until `kill_after` acknowledged publishes, then SIGKILLs it
// and collects every line it wrote.
void RunAndKill(const std::string& path, int round, int kill_after, Acked& acked) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    RunChild(path, fds[1], round);
  }
  ::close(fds[1]);
  FILE* in = ::fdopen(fds[0], "r");
  ASSERT_NE(in, nullptr);
  char buf[512];
  int published = 0;
  bool killed = false;
  while (std::fgets(buf, sizeof buf, in) != nullptr) {
    const std::string line(buf);
    ParseLine(line, acked);
    if (line[0] == 'p' && ++published >= kill_after && !killed) {
      ASSERT_EQ(::kill(pid, SIGKILL), 0);
      killed = true;  // keep reading what it wrote before dying, up to EOF
    }
  }
  std::fclose(in);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(killed) << "the child ended by itself, status " << status;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
}

void Verify(const std::string& path, int round, const Acked& acked) {
  absl::StatusOr<std::unique_ptr<EventBus>> bus = OpenEmbeddedBus(path);
  ASSERT_TRUE(bus.ok()) << bus.status();
  // The whole log, through a group that never committed.
  absl::StatusOr<std::unique_ptr<Consumer>> audit = (*bus)->Subscribe(absl::StrCat("audit-", round), {kTopic});
  ASSERT_TRUE(audit.ok());
  std::set<std::string> ids;
  std::map<std::string, int> next_seq;
  size_t missing = acked.publishes.size();
  const auto until = std::chrono::steady_clock::now() + kDeliveryDeadline;
  while (missing > 0 && std::chrono::steady_clock::now() < until) {
    absl::StatusOr<std::vector<Message>> got = (*audit)->Poll(1000, std::chrono::milliseconds(100));
    ASSERT_TRUE(got.ok()) << got.status();
    for (const Message& m : *got) {
      const std::string id(m.Id());
      EXPECT_TRUE(ids.insert(id).second) << "stored twice: " << id;
      const int seq = std::stoi(m.payload);
      auto [it, fresh] = next_seq.try_emplace(m.key, 0);
      EXPECT_EQ(seq, it->second) << "key " << m.key << " out of order or with a hole";
      it->second = seq + 1;
      if (acked.publishes.count(id)) --missing;
    }
  }
  EXPECT_EQ(missing, 0u) << "acknowledged publishes lost";

  // The worker group resumes at or after each acknowledged commit, gap-free.
  absl::StatusOr<std::unique_ptr<Consumer>> worker = (*bus)->Subscribe(kGroup, {kTopic});
  ASSERT_TRUE(worker.ok());
  std::map<int32_t, int64_t> next_offset;
  for (;;) {
    absl::StatusOr<std::vector<Message>> got = (*worker)->Poll(1000, std::chrono::milliseconds(0));
    ASSERT_TRUE(got.ok());
    if (got->empty()) break;  // the file is closed to writers: the log is all there
    for (const Message& m : *got) {
      auto [it, first] = next_offset.try_emplace(m.partition, m.offset);
      if (first) {
        auto c = acked.commits.find(m.partition);
        if (c != acked.commits.end()) {
          EXPECT_GT(m.offset, c->second) << "partition " << m.partition << " redelivered past a commit";
        }
        // It cannot have committed beyond what it was given.
        auto r = acked.received.find(m.partition);
        EXPECT_LE(m.offset, r == acked.received.end() ? 0 : r->second + 1)
            << "partition " << m.partition << " resumed past messages never handed out";
      }
      EXPECT_EQ(m.offset, it->second) << "partition " << m.partition << " skipped";
      it->second = m.offset + 1;
    }
  }
}

TEST(EmbeddedBusCrash, SurvivesKillNineAtRandomMoments) {
  TempDir dir;
  const std::string path = dir.File("bus.db");
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE(absl::StrCat("seed ", seed));
  std::mt19937 rng(seed);
  Acked acked;
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    RunAndKill(path, round, std::uniform_int_distribution<int>(20, 400)(rng), acked);
    if (HasFatalFailure()) return;
    Verify(path, round, acked);
  }
  EXPECT_GT(acked.commits.size(), 0u) << "the worker never committed: the test proved little";
}

}  // namespace
}  // namespace parfumerie::bus::testing

// Group commit on a real database file: concurrent writers share commits,
// each write stays all or nothing, and nothing is reported done before it
// is durable.
#include "sqlite/group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "sqlite/migrate.h"
#include "support/process.h"

namespace parfumerie::sqlite {
namespace {

const char* const kMigrations[] = {"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) STRICT;"};

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<Connection>> conn =
        Connection::Open(dir_.path() + "/db.sqlite", std::chrono::seconds(5));
    ASSERT_TRUE(conn.ok()) << conn.status();
    writer_ = std::move(*conn);
    ASSERT_TRUE(Migrate(*writer_, "the test database", kMigrations).ok());
    absl::StatusOr<std::unique_ptr<Connection>> reader =
        Connection::Open(dir_.path() + "/db.sqlite", std::chrono::seconds(5));
    ASSERT_TRUE(reader.ok()) << reader.status();
    reader_ = std::move(*reader);
  }

  // One write as a store writes it: its own transaction, failing (after
  // writing) when `fail`.
  absl::Status Insert(const std::string& k, bool fail = false) {
    absl::StatusOr<Transaction> tx = Transaction::Begin(*writer_, Transaction::Kind::kImmediate);
    if (!tx.ok()) return tx.status();
    if (absl::Status s = writer_->Exec(absl::StrCat("INSERT INTO t (k, v) VALUES ('", k, "', 1)")); !s.ok()) return s;
    if (fail) return absl::FailedPreconditionError("refused: " + k);
    return tx->Commit();
  }

  int64_t Count() { return *reader_->QueryInt("SELECT COUNT(*) FROM t"); }

  testing::TempDir dir_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
  std::recursive_mutex writer_mu_;
};

TEST_F(GroupCommitTest, ALoneWriteIsDurableWhenRunReturns) {
  GroupCommit group(*writer_, writer_mu_);
  ASSERT_TRUE(group.Run([&] { return Insert("a"); }).ok());
  EXPECT_EQ(Count(), 1);
  EXPECT_EQ(group.Run([&] { return Insert("b", /*fail=*/true); }).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(), 1);
}

TEST_F(GroupCommitTest, ConcurrentWritesShareCommitsAndEachStaysAllOrNothing) {
  // Counts the real (outermost) commits of the writer connection.
  std::atomic<int> commits{0};
  sqlite3_commit_hook(
      writer_->db(),
      [](void* n) {
        ++*static_cast<std::atomic<int>*>(n);
        return 0;
      },
      &commits);
  GroupCommit group(*writer_, writer_mu_);
  constexpr int kThreads = 8;
  constexpr int kWrites = 50;
  std::atomic<int> ok{0};
  std::atomic<int> refused{0};
  std::atomic<int> reported_before_durable{0};
  std::atomic<int> foreign_context{0};
  std::mutex reader_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Whichever thread leads, a work runs in its caller's trace.
      const std::string trace_id = absl::StrCat("trace-of-thread-", t);
      log::ScopedContext context(log::Context{.trace_id = trace_id});
      for (int i = 0; i < kWrites; ++i) {
        const std::string k = absl::StrCat("k", t, "_", i);
        absl::Status s = group.Run([&] {
          if (log::CurrentContext().trace_id != trace_id) ++foreign_context;
          return Insert(k, /*fail=*/i % 5 == 0);
        });
        if (!s.ok()) {
          EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
          ++refused;
          continue;
        }
        ++ok;
        // Another connection sees it: committed, not merely released.
        std::lock_guard lock(reader_mu);
        absl::StatusOr<int64_t> seen = reader_->QueryInt(absl::StrCat("SELECT COUNT(*) FROM t WHERE k = '", k, "'"));
        if (!seen.ok() || *seen != 1) ++reported_before_durable;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ok.load(), kThreads * kWrites * 4 / 5);
  EXPECT_EQ(refused.load(), kThreads * kWrites / 5);
  EXPECT_EQ(reported_before_durable.load(), 0);
  EXPECT_EQ(foreign_context.load(), 0);
  std::lock_guard lock(reader_mu);
  EXPECT_EQ(Count(), ok.load());
  // Writers that queued behind a commit in flight shared the next one.
  EXPECT_LT(commits.load(), kThreads * kWrites);
  EXPECT_GT(commits.load(), 0);
}

TEST_F(GroupCommitTest, AFailedSharedCommitFailsEveryWriteOfItsBatch) {
  GroupCommit group(*writer_, writer_mu_);
  // The commit hook turns the COMMIT into a rollback.
  sqlite3_commit_hook(writer_->db(), [](void*) { return 1; }, nullptr);
  absl::Status s = group.Run([&] { return Insert("a"); });
  EXPECT_FALSE(s.ok());
  sqlite3_commit_hook(writer_->db(), nullptr, nullptr);
  EXPECT_EQ(Count(), 0);
  ASSERT_TRUE(group.Run([&] { return Insert("a"); }).ok());
  EXPECT_EQ(Count(), 1);
}

}  // namespace
}  // namespace parfumerie::sqlite

// Database::SerializeWrites() across processes on the FerretDB of ctest's
// fixture: writers with Database objects of their own (as replicas have),
// in this process and in child processes (mongo_write_lock_client), lose no
// update; a holder that dies without giving the lock back is taken over once
// its lease has expired, not before; a lock held too long makes a waiter give
// up with UNAVAILABLE, and then its writes fail too.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "guarded_counter.h"
#include "mongo/database.h"
#include "mongo/write_lock.h"
#include "mongo_test_env.h"
#include "support/process.h"

namespace parfumerie::mongo {
namespace {

using ::parfumerie::testing::ChildProcess;
using ::parfumerie::testing::CreateCounter;
using ::parfumerie::testing::IncrementCounter;
using ::parfumerie::testing::ReadCounter;
using ::parfumerie::testing::ScratchDatabase;
using std::chrono::milliseconds;

int64_t WallMs() {
  return std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ClientBinary() {
  const char* path = std::getenv("PARFUMERIE_MONGO_LOCK_CLIENT");
  EXPECT_NE(path, nullptr) << "PARFUMERIE_MONGO_LOCK_CLIENT is not set: run through ctest";
  return path == nullptr ? "/nonexistent" : path;
}

class MongoWriteLockTest : public ::testing::Test {
 protected:
  // A Database of its own, as another process would have.
  std::shared_ptr<Database> Open(MongoOptions options = {}) {
    absl::StatusOr<std::shared_ptr<Database>> db = OpenMongo(scratch_.uri(), scratch_.name(), options);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? *std::move(db) : nullptr;
  }

  int64_t Leases(Database& db) {
    absl::StatusOr<int64_t> n = db.collection(kLocksCollection).Count(*Bson());
    EXPECT_TRUE(n.ok()) << n.status();
    return n.value_or(-1);
  }

  ScratchDatabase scratch_{"writelock"};
};

TEST_F(MongoWriteLockTest, TwoDatabasesHammeringOneDocumentLoseNoUpdate) {
  std::shared_ptr<Database> a = Open();
  std::shared_ptr<Database> b = Open();
  ASSERT_TRUE(a && b);
  ASSERT_FALSE(a->atomic_updates()) << "the lease is only used on FerretDB 1.x";
  ASSERT_TRUE(CreateCounter(*a).ok());
  constexpr int kThreadsEach = 3;
  constexpr int kIncrements = 15;
  std::vector<std::thread> threads;
  std::vector<absl::Status> results(2 * kThreadsEach);
  for (int t = 0; t < 2 * kThreadsEach; ++t) {
    Database& db = t % 2 == 0 ? *a : *b;
    threads.emplace_back([&db, &results, t] { results[t] = IncrementCounter(db, kIncrements); });
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(*ReadCounter(*a), 2 * kThreadsEach * kIncrements);
  EXPECT_EQ(Leases(*a), 0) << "every lease was given back";
}

TEST_F(MongoWriteLockTest, ProcessesHammeringOneDocumentLoseNoUpdate) {
  std::shared_ptr<Database> db = Open();
  ASSERT_TRUE(db);
  ASSERT_TRUE(CreateCounter(*db).ok());
  constexpr int kIncrements = 20;
  std::vector<std::unique_ptr<ChildProcess>> children;
  for (int i = 0; i < 2; ++i) {
    children.push_back(std::make_unique<ChildProcess>(std::vector<std::string>{
        ClientBinary(), scratch_.uri(), scratch_.name(), "increment", std::to_string(kIncrements)}));
  }
  EXPECT_TRUE(IncrementCounter(*db, kIncrements).ok());
  for (auto& child : children) {
    EXPECT_EQ(child->WaitForExit(std::chrono::seconds(60)), 0) << child->Output();
  }
  EXPECT_EQ(*ReadCounter(*db), 3 * kIncrements);
  EXPECT_EQ(Leases(*db), 0);
}

TEST_F(MongoWriteLockTest, ACrashedHolderIsTakenOverWhenItsLeaseExpires) {
  constexpr int kLeaseMs = 1500;
  ChildProcess holder({ClientBinary(), scratch_.uri(), scratch_.name(), "hold", std::to_string(kLeaseMs)});
  ASSERT_TRUE(holder.WaitForLine(std::regex("holding"), std::chrono::seconds(30))) << holder.Output();
  ASSERT_EQ(holder.WaitForExit(std::chrono::seconds(30)), 0) << holder.Output();

  std::shared_ptr<Database> db = Open();
  ASSERT_TRUE(db);
  // The dead holder's lease is still there.
  absl::StatusOr<std::optional<Bson>> stale = db->collection(kLocksCollection).FindOne(*Bson());
  ASSERT_TRUE(stale.ok() && stale->has_value()) << stale.status();
  const int64_t expires_at = *GetInt64(***stale, "expires_at_ms", "lease");
  const std::string stale_id = *GetString(***stale, "_id", "lease");
  {
    WriteLock lock = db->SerializeWrites();
    ASSERT_TRUE(lock.ok()) << lock.status();
    EXPECT_GE(WallMs(), expires_at) << "taken over before the lease expired";
    absl::StatusOr<std::optional<Bson>> mine = db->collection(kLocksCollection).FindOne(*Bson());
    ASSERT_TRUE(mine.ok() && mine->has_value());
    EXPECT_NE(*GetString(***mine, "_id", "lease"), stale_id);
    EXPECT_EQ(Leases(*db), 1);
    ASSERT_TRUE(CreateCounter(*db).ok());
  }
  EXPECT_EQ(Leases(*db), 0);
  EXPECT_TRUE(IncrementCounter(*db, 3).ok());
  EXPECT_EQ(*ReadCounter(*db), 3);
}

TEST_F(MongoWriteLockTest, AWaiterGivesUpWithUnavailableAndCannotWriteMeanwhile) {
  std::shared_ptr<Database> holder_db = Open();
  MongoOptions impatient;
  impatient.write_lock.wait = milliseconds(300);
  std::shared_ptr<Database> waiter_db = Open(impatient);
  ASSERT_TRUE(holder_db && waiter_db);
  ASSERT_TRUE(CreateCounter(*holder_db).ok());
  std::optional<WriteLock> held(holder_db->SerializeWrites());
  ASSERT_TRUE(held->ok()) << held->status();

  const auto start = std::chrono::steady_clock::now();
  {
    WriteLock refused = waiter_db->SerializeWrites();
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_TRUE(absl::IsUnavailable(refused.status())) << refused.status();
    EXPECT_GE(waited, milliseconds(300));
    EXPECT_LT(waited, std::chrono::seconds(10));
    // A caller that ignored the status still cannot write unserialised.
    absl::StatusOr<UpdateResult> r = waiter_db->collection(testing::kCounterCollection)
                                         .UpdateOne(*Bson(BCON_NEW("_id", BCON_UTF8(testing::kCounterId))),
                                                    *Bson(BCON_NEW("$set", "{", "n", BCON_INT64(99), "}")));
    EXPECT_TRUE(absl::IsUnavailable(r.status())) << r.status();
  }
  held.reset();
  WriteLock granted = waiter_db->SerializeWrites();
  EXPECT_TRUE(granted.ok()) << granted.status();
  EXPECT_EQ(*ReadCounter(*waiter_db), 0);
}

}  // namespace
}  // namespace parfumerie::mongo

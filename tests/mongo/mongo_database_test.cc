// The shared MongoDB layer (src/mongo) against the FerretDB of ctest's
// fixture: opening, error mapping, indexes, the write serialisation that
// FerretDB 1.x needs, and the outbox kept inside documents.
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <cstdint>
#include <thread>
#include <vector>

#include "bus/message.h"
#include "gtest/gtest.h"
#include "mongo/database.h"
#include "mongo/outbox.h"
#include "mongo_test_env.h"
#include "trace/tracer.h"

namespace parfumerie::mongo {
namespace {

using ::parfumerie::testing::ScratchDatabase;

// A port on 127.0.0.1 that nothing listens on (bound, then released).
int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

class MongoDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::shared_ptr<Database>> db = OpenMongo(scratch_.uri(), scratch_.name());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  static Bson Doc(const char* id) { return Bson(BCON_NEW("_id", BCON_UTF8(id), "n", BCON_INT64(0))); }

  // Pushes `message` with a fresh seq into document `id`'s outbox.
  int64_t Push(const char* id, const bus::Message& message, int64_t at_ms = 1'700'000'000'000) {
    auto lock = db_->SerializeWrites();
    absl::StatusOr<int64_t> seq = NextOutboxSeq(*db_);
    EXPECT_TRUE(seq.ok()) << seq.status();
    Bson update;
    bson_t push;
    BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$push", &push);
    AppendOutboxEntry(&push, kOutboxField, *seq, message, at_ms);
    bson_append_document_end(update.get(), &push);
    absl::StatusOr<UpdateResult> r = db_->collection("things").UpdateOne(*Bson(BCON_NEW("_id", BCON_UTF8(id))), *update);
    EXPECT_TRUE(r.ok() && r->matched == 1) << r.status();
    return *seq;
  }

  static bus::Message Event(const std::string& key, const std::string& payload) {
    return bus::Message{.topic = "livraisons",
                        .key = key,
                        .headers = {{std::string(bus::kCeId), "id-" + payload}, {"traceparent", "00-ab-cd-01"}},
                        .payload = payload};
  }

  ScratchDatabase scratch_{"layer"};
  std::shared_ptr<Database> db_;
};

TEST(MongoOpenTest, NoServerIsUnavailableWithinTheSelectionTimeout) {
  const auto start = std::chrono::steady_clock::now();
  MongoOptions options;
  options.server_selection_timeout = std::chrono::milliseconds(300);
  absl::StatusOr<std::shared_ptr<Database>> db =
      OpenMongo("mongodb://127.0.0.1:" + std::to_string(UnusedPort()) + "/", "x", options);
  EXPECT_TRUE(absl::IsUnavailable(db.status())) << db.status();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(MongoOpenTest, AMalformedUriIsInvalidArgument) {
  EXPECT_TRUE(absl::IsInvalidArgument(OpenMongo("not-a-uri").status()));
}

TEST_F(MongoDatabaseTest, FerretDbIsRecognisedAsHavingNoAtomicUpdates) {
  EXPECT_FALSE(db_->atomic_updates()) << "FerretDB 1.x: writes must be serialised";
  EXPECT_EQ(db_->name(), scratch_.name());
}

TEST_F(MongoDatabaseTest, ADuplicateKeyIsAlreadyExists) {
  Collection things = db_->collection("things");
  ASSERT_TRUE(things.InsertOne(*Doc("a")).ok());
  absl::Status again = things.InsertOne(*Doc("a"));
  EXPECT_TRUE(absl::IsAlreadyExists(again)) << again;
  std::vector<IndexSpec> unique;
  unique.push_back(IndexSpec{"k_unique", Bson(BCON_NEW("k", BCON_INT32(1))), true});
  ASSERT_TRUE(db_->CreateIndexes("things", unique).ok());
  ASSERT_TRUE(db_->CreateIndexes("things", unique).ok()) << "creating existing indexes again is harmless";
  ASSERT_TRUE(things.InsertOne(*Bson(BCON_NEW("_id", BCON_UTF8("b"), "k", BCON_UTF8("x")))).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(things.InsertOne(*Bson(BCON_NEW("_id", BCON_UTF8("c"), "k", BCON_UTF8("x"))))));
  absl::StatusOr<int64_t> count = things.Count(*Bson());
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2);
}

// Collects the spans ended while it is the tracer's exporter.
class CollectSpans final : public trace::Exporter {
 public:
  void Export(trace::SpanData span) override {
    std::lock_guard lock(mu);
    names.push_back(span.name);
  }
  std::mutex mu;
  std::vector<std::string> names;
};

// Inside a trace, each collection call is one span named after it (FindOne is
// not also a find); outside a trace, none.
TEST_F(MongoDatabaseTest, EachCallInsideATraceIsOneSpan) {
  auto collect = std::make_shared<CollectSpans>();
  trace::Tracer::Global().SetExporter(collect);
  Collection things = db_->collection("things");
  ASSERT_TRUE(things.InsertOne(*Doc("untraced")).ok());
  {
    trace::ScopedSpan request("request");
    ASSERT_TRUE(things.InsertOne(*Doc("a")).ok());
    ASSERT_TRUE(things.FindOne(*Doc("a")).ok());
    ASSERT_TRUE(things.Find(*Bson(), nullptr, [](DocRef) { return absl::OkStatus(); }).ok());
    ASSERT_TRUE(things.Count(*Bson()).ok());
  }
  trace::Tracer::Global().SetExporter(nullptr);
  std::lock_guard lock(collect->mu);
  EXPECT_EQ(collect->names, (std::vector<std::string>{"mongo.insertOne", "mongo.findOne", "mongo.find",
                                                      "mongo.count", "request"}));
}

TEST_F(MongoDatabaseTest, SerialisedConditionalUpdatesLoseNothing) {
  ASSERT_TRUE(db_->collection("things").InsertOne(*Doc("counter")).ok());
  constexpr int kThreads = 6;
  constexpr int kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        // Read, then compare-and-set: the pattern of every versioned write.
        auto lock = db_->SerializeWrites();
        Collection things = db_->collection("things");
        absl::StatusOr<std::optional<Bson>> doc = things.FindOne(*Bson(BCON_NEW("_id", BCON_UTF8("counter"))));
        ASSERT_TRUE(doc.ok() && doc->has_value());
        const int64_t n = *GetInt64(***doc, "n", "test");
        absl::StatusOr<UpdateResult> r =
            things.UpdateOne(*Bson(BCON_NEW("_id", BCON_UTF8("counter"), "n", BCON_INT64(n))),
                             *Bson(BCON_NEW("$set", "{", "n", BCON_INT64(n + 1), "}")));
        ASSERT_TRUE(r.ok()) << r.status();
        EXPECT_EQ(r->matched, 1);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<std::optional<Bson>> doc = db_->collection("things").FindOne(*Bson(BCON_NEW("_id", BCON_UTF8("counter"))));
  ASSERT_TRUE(doc.ok() && doc->has_value());
  EXPECT_EQ(*GetInt64(***doc, "n", "test"), kThreads * kEach);
}

TEST_F(MongoDatabaseTest, TheOutboxInDocumentsIsReadInSeqOrderAndPulledExactly) {
  Collection things = db_->collection("things");
  ASSERT_TRUE(things.InsertOne(*Doc("a")).ok());
  ASSERT_TRUE(things.InsertOne(*Doc("b")).ok());
  const int64_t a1 = Push("a", Event("a", "a1"));
  const int64_t b1 = Push("b", Event("b", "b1"));
  const int64_t a2 = Push("a", Event("a", "a2"));
  EXPECT_LT(a1, b1);
  EXPECT_LT(b1, a2);
  absl::StatusOr<std::vector<bus::OutboxEntry>> pending = PendingOutbox(things, 10);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 3u);
  EXPECT_EQ((*pending)[0].seq, a1);
  EXPECT_EQ((*pending)[1].seq, b1);
  EXPECT_EQ((*pending)[2].seq, a2);
  EXPECT_EQ((*pending)[2].message.payload, "a2");
  EXPECT_EQ((*pending)[2].message.key, "a");
  EXPECT_EQ((*pending)[2].message.headers, Event("a", "a2").headers);
  EXPECT_EQ(PendingOutbox(things, 2)->size(), 2u);

  // An event written after the relay read stays when the read ones go.
  const int64_t a3 = Push("a", Event("a", "a3"));
  const int64_t read[] = {a1, b1, a2};
  {
    auto lock = db_->SerializeWrites();
    ASSERT_TRUE(MarkPublished(things, read).ok());
    ASSERT_TRUE(MarkPublished(things, read).ok()) << "twice is harmless";
  }
  pending = PendingOutbox(things, 10);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].seq, a3);
}

TEST_F(MongoDatabaseTest, OutboxStatsCountEveryDocumentsEntriesAndFindTheOldest) {
  Collection things = db_->collection("things");
  absl::StatusOr<bus::OutboxStats> empty = PendingOutboxStats(things);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->backlog, 0);
  EXPECT_EQ(empty->oldest_created_ms, 0);
  ASSERT_TRUE(things.InsertOne(*Doc("a")).ok());
  ASSERT_TRUE(things.InsertOne(*Doc("b")).ok());
  const int64_t a1 = Push("a", Event("a", "a1"), 3000);
  const int64_t b1 = Push("b", Event("b", "b1"), 1000);
  Push("a", Event("a", "a2"), 2000);
  absl::StatusOr<bus::OutboxStats> three = PendingOutboxStats(things);
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(three->backlog, 3);
  EXPECT_EQ(three->oldest_created_ms, 1000);
  const int64_t read[] = {a1, b1};
  {
    auto lock = db_->SerializeWrites();
    ASSERT_TRUE(MarkPublished(things, read).ok());
  }
  absl::StatusOr<bus::OutboxStats> one = PendingOutboxStats(things);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->backlog, 1);
  EXPECT_EQ(one->oldest_created_ms, 2000);
}

TEST_F(MongoDatabaseTest, InboxMarksAreFoundInAnyDocument) {
  Collection things = db_->collection("things");
  const std::string key = InboxKey("delivery", "msg-1");
  EXPECT_EQ(key, "delivery/msg-1");
  ASSERT_TRUE(things.InsertOne(*Bson(BCON_NEW("_id", BCON_UTF8("a"), kAppliedField, "[", BCON_UTF8(key.c_str()), "]")))
                  .ok());
  EXPECT_TRUE(*AppliedAnywhere(things, key));
  EXPECT_FALSE(*AppliedAnywhere(things, InboxKey("audit", "msg-1")));
}

}  // namespace
}  // namespace parfumerie::mongo

#include "gateway/core/batch_loader.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <gtest/gtest.h>

namespace parfumerie::gateway {
namespace {

// A fake service: values are "v<key>", key "missing" is absent; every call
// is recorded and answered on the executor later, as gRPC would.
struct Fixture {
  boost::asio::io_context io;
  std::vector<std::vector<std::string>> calls;
  absl::Status fail;

  BatchLoader<std::string> Loader(size_t max_batch = 100) {
    return BatchLoader<std::string>(
        io.get_executor(),
        [this](std::vector<std::string> keys, std::function<void(BatchLoader<std::string>::Batch)> done) {
          calls.push_back(keys);
          boost::asio::post(io, [this, keys, done] {
            if (!fail.ok()) return done(fail);
            std::unordered_map<std::string, std::string> found;
            for (const auto& k : keys) {
              if (k != "missing") found[k] = "v" + k;
            }
            done(found);
          });
        },
        max_batch);
  }
};

TEST(BatchLoaderTest, OneWaveOfLoadsIsOneCallWithoutDuplicates) {
  Fixture f;
  auto loader = f.Loader();
  std::map<std::string, std::string> got;
  int absent = 0;
  boost::asio::post(f.io, [&] {
    for (const char* key : {"a", "b", "a", "missing", "c", "b"}) {
      loader.Load(key, [&, key = std::string(key)](const auto& r) {
        ASSERT_TRUE(r.ok());
        if (r->has_value()) {
          got[key] = **r;
        } else {
          ++absent;
        }
      });
    }
  });
  f.io.run();
  ASSERT_EQ(f.calls.size(), 1u);
  EXPECT_EQ(f.calls[0], (std::vector<std::string>{"a", "b", "missing", "c"}));
  EXPECT_EQ(got, (std::map<std::string, std::string>{{"a", "va"}, {"b", "vb"}, {"c", "vc"}}));
  EXPECT_EQ(absent, 1);
  EXPECT_EQ(loader.fetches(), 1u);
}

TEST(BatchLoaderTest, CachedKeysAreNotFetchedAgainUntilCleared) {
  Fixture f;
  auto loader = f.Loader();
  int answers = 0;
  auto count = [&](const auto& r) { answers += r.ok() ? 1 : 0; };
  boost::asio::post(f.io, [&] { loader.Load("a", count); });
  f.io.run();
  f.io.restart();
  boost::asio::post(f.io, [&] {
    loader.Load("a", count);  // cached: answered at once
    loader.Load("b", count);
  });
  f.io.run();
  EXPECT_EQ(answers, 3);
  ASSERT_EQ(f.calls.size(), 2u);
  EXPECT_EQ(f.calls[1], (std::vector<std::string>{"b"}));
  loader.Clear();
  f.io.restart();
  boost::asio::post(f.io, [&] { loader.Load("a", count); });
  f.io.run();
  EXPECT_EQ(f.calls.size(), 3u);
}

TEST(BatchLoaderTest, ClearAlsoForgetsLookupsStillInFlight) {
  Fixture f;
  auto loader = f.Loader();
  int answers = 0;
  boost::asio::post(f.io, [&] {
    loader.Load("a", [&](const auto&) { ++answers; });
  });
  f.io.run_one();  // the Load
  f.io.run_one();  // its dispatch: the call is in flight, not answered
  ASSERT_EQ(f.calls.size(), 1u);
  loader.Clear();  // e.g. the next event of a subscription
  loader.Load("a", [&](const auto&) { ++answers; });
  f.io.restart();
  f.io.run();
  EXPECT_EQ(answers, 2);
  EXPECT_EQ(f.calls.size(), 2u) << "a lookup that started before Clear() must not answer loads made after it";
}

TEST(BatchLoaderTest, SplitsLargeWavesIntoBoundedCalls) {
  Fixture f;
  auto loader = f.Loader(/*max_batch=*/100);
  int answers = 0;
  boost::asio::post(f.io, [&] {
    for (int i = 0; i < 250; ++i) loader.Load(std::to_string(i), [&](const auto&) { ++answers; });
  });
  f.io.run();
  EXPECT_EQ(answers, 250);
  ASSERT_EQ(f.calls.size(), 3u);
  EXPECT_EQ(f.calls[0].size(), 100u);
  EXPECT_EQ(f.calls[2].size(), 50u);
}

TEST(BatchLoaderTest, AFailedCallFailsEveryWaiter) {
  Fixture f;
  f.fail = absl::UnavailableError("catalog down");
  auto loader = f.Loader();
  std::vector<absl::StatusCode> codes;
  boost::asio::post(f.io, [&] {
    loader.Load("a", [&](const auto& r) { codes.push_back(r.status().code()); });
    loader.Load("a", [&](const auto& r) { codes.push_back(r.status().code()); });
  });
  f.io.run();
  EXPECT_EQ(codes, (std::vector<absl::StatusCode>{absl::StatusCode::kUnavailable, absl::StatusCode::kUnavailable}));
}

}  // namespace
}  // namespace parfumerie::gateway

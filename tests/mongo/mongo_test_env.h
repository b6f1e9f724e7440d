// Where the MongoDB-wire-protocol tests find their server: ctest's fixture
// (tests/mongo/CMakeLists.txt) starts FerretDB with scripts/ferretdb.sh and
// writes its URI to the file named by PARFUMERIE_MONGO_URI_FILE. A missing
// server is a failure, never a skip. Each test gets its own database, dropped
// when the test ends, so tests and reruns never see each other's data.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include <unistd.h>

#include "gtest/gtest.h"
#include "mongo/database.h"

namespace parfumerie::testing {

// The fixture's URI; fails the test (fatal at the call site) without one.
inline std::string MongoUri() {
  const char* file = std::getenv("PARFUMERIE_MONGO_URI_FILE");
  if (file == nullptr) {
    ADD_FAILURE() << "PARFUMERIE_MONGO_URI_FILE is not set: run through ctest, whose ferretdb_start "
                     "fixture starts FerretDB (or: scripts/ferretdb.sh start --uri-file F)";
    return "mongodb://127.0.0.1:1/";
  }
  std::ifstream in(file);
  std::string uri;
  std::getline(in, uri);
  if (uri.empty()) ADD_FAILURE() << "no MongoDB URI in " << file << ": did ferretdb_start fail?";
  return uri.empty() ? "mongodb://127.0.0.1:1/" : uri;
}

// A database name no other test or run uses: "<prefix>_<pid>_<n>_<random>".
inline std::string UniqueDatabaseName(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return prefix + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

// Names a fresh database and drops it when destroyed.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& prefix) : uri_(MongoUri()), name_(UniqueDatabaseName(prefix)) {}
  ~ScratchDatabase() {
    absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(uri_, name_);
    if (db.ok()) (void)(*db)->Drop();
  }
  const std::string& uri() const { return uri_; }
  const std::string& name() const { return name_; }

 private:
  std::string uri_;
  std::string name_;
};

}  // namespace parfumerie::testing

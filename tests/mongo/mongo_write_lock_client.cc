// Another process writing to the same database, for mongo_write_lock_test:
//   mongo_write_lock_client URI DATABASE increment N    N guarded increments, then "done"
//   mongo_write_lock_client URI DATABASE hold LEASE_MS  takes the write lock, says
//                                                       "holding", and exits without
//                                                       giving it back (a crash)
// Messages go to stderr; exit 0 on success, 1 on an error, 2 on bad arguments.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "guarded_counter.h"
#include "mongo/database.h"

int main(int argc, char** argv) {
  using namespace parfumerie;
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s URI DATABASE (increment N | hold LEASE_MS)\n", argv[0]);
    return 2;
  }
  const std::string mode = argv[3];
  const int number = std::atoi(argv[4]);
  mongo::MongoOptions options;
  if (mode == "hold") options.write_lock.lease = std::chrono::milliseconds(number);
  absl::StatusOr<std::shared_ptr<mongo::Database>> db = mongo::OpenMongo(argv[1], argv[2], options);
  if (!db.ok()) {
    std::fprintf(stderr, "open: %s\n", db.status().ToString().c_str());
    return 1;
  }
  if (mode == "increment") {
    absl::Status s = testing::IncrementCounter(**db, number);
    std::fprintf(stderr, "%s\n", s.ok() ? "done" : s.ToString().c_str());
    return s.ok() ? 0 : 1;
  }
  if (mode == "hold") {
    mongo::WriteLock lock = (*db)->SerializeWrites();
    std::fprintf(stderr, "%s\n", lock.ok() ? "holding" : lock.status().ToString().c_str());
    std::fflush(stderr);
    std::_Exit(lock.ok() ? 0 : 1);  // no destructor runs: the lease stays behind
  }
  std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
  return 2;
}

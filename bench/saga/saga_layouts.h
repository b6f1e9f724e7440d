// The shop under measurement, as child processes of the bench: the
// all-in-one process, or catalog, payment and delivery each in its own
// `parfumerie serve` process over Kafka and a MongoDB server.
//
// Ports are free ones, read back from each process's JSON log. A layout owns
// its processes: the destructor stops them (SIGTERM, then SIGKILL after the
// grace period). Not thread-safe; used by the bench's main thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "support/process.h"

namespace parfumerie::bench {

struct Layout {
  Layout() = default;
  ~Layout();  // SIGTERM to every process, SIGKILL after 30 s
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  std::vector<std::unique_ptr<testing::ChildProcess>> processes;
  // "127.0.0.1:port" of the catalogue's and the payment's gRPC APIs.
  std::string catalog_address;
  std::string payment_address;
};

// `binary` with every target in one process, its SQLite files and embedded
// bus in `data_dir`, and the `extra` arguments. UNAVAILABLE (with the
// process's output) if it is not ready within a minute.
absl::StatusOr<std::unique_ptr<Layout>> StartAllInOne(const std::string& binary, const std::string& data_dir,
                                                      std::vector<std::string> extra = {});

// `binary serve --target=X` for catalog, payment and delivery, over
// `kafka` ("host:port") and `mongo_uri` ("mongodb://host:port/"), with a
// database prefix unique to this bench process.
absl::StatusOr<std::unique_ptr<Layout>> StartDistributed(const std::string& binary, const std::string& data_dir,
                                                         const std::string& kafka, const std::string& mongo_uri);

// CPU seconds (user + system) used so far by this process ("bench") and by
// each of its children, named by target ("all-in-one", "catalog", ...): the
// processes of the layout that is running. Read from /proc.
std::map<std::string, double> CpuSeconds();

}  // namespace parfumerie::bench

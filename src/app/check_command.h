// `parfumerie check`: verifies the saga's invariants on a running shop.
#pragma once

#include "CLI/CLI.hpp"

namespace parfumerie::app {

struct CheckOptions {
  std::string catalog = "localhost:50053";
  std::string payment = "localhost:50054";
  std::string delivery = "localhost:50055";
  int64_t settle_ms = 0;
};

// Adds the `check` subcommand to `cli`; `options` receives its flags.
CLI::App* AddCheckCommand(CLI::App& cli, CheckOptions& options);

// Fetches a snapshot and checks it, retrying while violations remain until
// `settle_ms` has passed (orders in flight settle meanwhile). Prints the
// verdict. Exit code: 0 consistent, 1 violations, 3 shop unreachable.
int RunCheck(const CheckOptions& options);

}  // namespace parfumerie::app

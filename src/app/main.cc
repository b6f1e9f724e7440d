// parfumerie: the whole shop in one binary.
//
//   parfumerie                          every target in one process (all-in-one)
//   parfumerie serve --target=catalog   only the listed targets
//   parfumerie check                    verify the saga's invariants on a running shop
//
// Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM), 2 for a bad command
// line or setting, 1 when a module fails to start.
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "app/check_command.h"
#include "app/module.h"
#include "app/modules.h"
#include "app/runtime.h"
#include "app/settings.h"
#include "app/tracing.h"
#include "common/config.h"
#include "common/log.h"
#include "metrics/registry.h"

namespace parfumerie::app {
namespace {

constexpr int kExitBadUsage = 2;
constexpr int kExitStartFailed = 1;

// Blocks the shutdown signals in this thread and, by inheritance, in every
// thread started afterwards, so that only WaitForShutdownSignal() sees them.
sigset_t BlockShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int WaitForShutdownSignal(const sigset_t& set) {
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

int Run(int argc, char** argv) {
  const sigset_t shutdown_signals = BlockShutdownSignals();

  ModuleManager modules;
  RegisterModules(modules);
  const std::vector<std::string> targets = modules.Targets();

  Settings settings;
  config::Registry registry;
  Declare(registry, settings);

  CLI::App cli{"Parfumerie: a perfume shop (catalogue, orders, payments, deliveries).\n"
               "Without a subcommand, runs every target in one process with embedded stores.",
               "parfumerie"};
  cli.set_version_flag("--version", "parfumerie " PARFUMERIE_VERSION);
  cli.add_option("--config", settings.config_file,
                 "TOML file of settings (keys are the flag names)")
      ->envname("PARFUMERIE_CONFIG")
      ->check(CLI::ExistingFile);
  registry.AddOptions(cli);
  std::string target_list = "all";
  CLI::App* serve = cli.add_subcommand(
      "serve", "Run only the given targets (distributed mode: one or several per process)");
  serve->add_option("--target", target_list,
                    "Comma-separated targets: " + absl::StrJoin(targets, ", ") + ", or all")
      ->envname("PARFUMERIE_TARGET")
      ->capture_default_str();
  serve->fallthrough();  // settings may follow the subcommand
  CheckOptions check_options;
  CLI::App* check = AddCheckCommand(cli, check_options);
  CLI::App* print_schema = cli.add_subcommand(
      "print-schema", "Print the gateway's GraphQL schema (SDL, as in schema.graphql) and exit");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : kExitBadUsage;
  }

  if (check->parsed()) return RunCheck(check_options);
  if (print_schema->parsed()) return PrintGatewaySchema();

  if (auto status = registry.Resolve(settings.config_file, config::ProcessEnv()); !status.ok()) {
    std::cerr << "parfumerie: " << status.message() << "\n";
    return kExitBadUsage;
  }
  if (auto status = log::Init(settings.log_format == "json" ? log::Format::kJson
                                                            : log::Format::kText,
                              settings.log_level);
      !status.ok()) {
    std::cerr << "parfumerie: " << status.message() << "\n";
    return kExitBadUsage;
  }

  metrics::Registry::Default().SetRecording(settings.metrics);
  // Abseil's mutexes look for lock-order cycles on every acquisition unless
  // told not to (Debian's build keeps it on): a debugging aid, not for serving.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  const bool all_in_one = !serve->parsed();
  std::vector<std::string> wanted = absl::StrSplit(target_list, ',', absl::SkipWhitespace());
  if (wanted.empty() || (wanted.size() == 1 && wanted[0] == "all")) wanted = targets;
  // The gateway starts after the other targets (and so stops before them): it calls the
  // services of this process through their servers' in-process channels. The web server starts last
  // (and stops first): it serves the routes the targets of its process lend it
  // (Runtime::web_routes).
  auto start_rank = [](const std::string& t) { return t == "web" ? 2 : t == "gateway" ? 1 : 0; };
  std::stable_sort(wanted.begin(), wanted.end(), [&](const std::string& a, const std::string& b) {
    return start_rank(a) < start_rank(b);
  });
  auto order = modules.Resolve(wanted);
  if (!order.ok()) {
    std::cerr << "parfumerie: --target: " << order.status().message() << "\n";
    return kExitBadUsage;
  }

  auto logger = log::Get("app");
  auto tracing = Tracing::Start(settings, wanted, all_in_one, PARFUMERIE_VERSION);
  if (!tracing.ok()) {
    std::cerr << "parfumerie: " << tracing.status().message() << "\n";
    return kExitBadUsage;
  }
  Runtime runtime(settings, all_in_one);
  if (auto status = modules.StartAll(*order, runtime); !status.ok()) {
    logger->critical("start-up failed: {}", std::string(status.message()));
    (*tracing)->Stop(std::chrono::seconds(2));
    return kExitStartFailed;
  }
  logger->info("ready: targets {} ({} mode)", absl::StrJoin(wanted, ","),
               all_in_one ? "all-in-one" : "distributed");

  const int signal = WaitForShutdownSignal(shutdown_signals);
  logger->info("{} received: shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
  modules.StopAll();
  // After every module: the spans of the drain are exported too.
  (*tracing)->Stop(std::chrono::seconds(5));
  logger->info("stopped cleanly");
  return 0;
}

}  // namespace
}  // namespace parfumerie::app

int main(int argc, char** argv) { return parfumerie::app::Run(argc, argv); }

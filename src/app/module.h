// Targets and modules, as in Grafana Loki: a target is a module a user can ask
// for (`--target=catalog`); modules name the modules they depend on, are
// constructed in dependency order, only when something targeted needs them,
// and stopped in reverse order.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace parfumerie::app {

// A running part of the process. Start() may block briefly (open a store,
// bind a port); Stop() drains and releases everything, and is called once,
// only after a successful Start().
class Service {
 public:
  virtual ~Service() = default;
  virtual absl::Status Start() = 0;
  virtual void Stop() = 0;
};

struct Runtime;  // shared state the modules fill in (see runtime.h)

struct ModuleDef {
  std::vector<std::string> deps;
  bool is_target = false;  // listed in --help and accepted by --target
  std::function<absl::StatusOr<std::unique_ptr<Service>>(Runtime&)> init;
};

class ModuleManager {
 public:
  void Register(std::string name, ModuleDef def);

  // Names accepted by --target, sorted.
  std::vector<std::string> Targets() const;

  // The modules needed for `targets`, dependencies first. INVALID_ARGUMENT
  // naming an unknown target.
  absl::StatusOr<std::vector<std::string>> Resolve(const std::vector<std::string>& targets) const;

  // Constructs and starts `order` one by one. On failure, stops what started
  // (in reverse) and returns the error prefixed with the module's name.
  absl::Status StartAll(const std::vector<std::string>& order, Runtime& runtime);

  // Stops every started module in reverse start order.
  void StopAll();

 private:
  std::map<std::string, ModuleDef> modules_;
  std::vector<std::pair<std::string, std::unique_ptr<Service>>> started_;
};

}  // namespace parfumerie::app

#include "app/module.h"

#include <functional>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/log.h"

namespace parfumerie::app {

void ModuleManager::Register(std::string name, ModuleDef def) {
  modules_.emplace(std::move(name), std::move(def));
}

std::vector<std::string> ModuleManager::Targets() const {
  std::vector<std::string> out;
  for (const auto& [name, def] : modules_) {
    if (def.is_target) out.push_back(name);
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> ModuleManager::Resolve(
    const std::vector<std::string>& targets) const {
  std::vector<std::string> order;
  std::set<std::string> done;
  std::set<std::string> visiting;
  // Depth-first, dependencies before dependants. The module graph is ours and
  // acyclic; a cycle is a programming error, reported rather than looped on.
  std::function<absl::Status(const std::string&)> visit = [&](const std::string& name) {
    if (done.count(name)) return absl::OkStatus();
    if (!visiting.insert(name).second) {
      return absl::InternalError(absl::StrCat("module dependency cycle through ", name));
    }
    auto it = modules_.find(name);
    if (it == modules_.end()) return absl::InternalError(absl::StrCat("no module ", name));
    for (const auto& dep : it->second.deps) {
      if (auto s = visit(dep); !s.ok()) return s;
    }
    visiting.erase(name);
    done.insert(name);
    order.push_back(name);
    return absl::OkStatus();
  };
  for (const auto& target : targets) {
    auto it = modules_.find(target);
    if (it == modules_.end() || !it->second.is_target) {
      return absl::InvalidArgumentError(absl::StrCat("unknown target \"", target,
                                                     "\" (available: ",
                                                     absl::StrJoin(Targets(), ", "), ", all)"));
    }
    if (auto s = visit(target); !s.ok()) return s;
  }
  return order;
}

absl::Status ModuleManager::StartAll(const std::vector<std::string>& order, Runtime& runtime) {
  auto logger = log::Get("app");
  for (const auto& name : order) {
    auto service = modules_.at(name).init(runtime);
    absl::Status status = service.ok() ? (*service)->Start() : service.status();
    if (!status.ok()) {
      StopAll();
      return absl::Status(status.code(), absl::StrCat(name, ": ", status.message()));
    }
    logger->debug("module {} started", name);
    started_.emplace_back(name, std::move(*service));
  }
  return absl::OkStatus();
}

void ModuleManager::StopAll() {
  auto logger = log::Get("app");
  while (!started_.empty()) {
    auto& [name, service] = started_.back();
    service->Stop();
    logger->debug("module {} stopped", name);
    started_.pop_back();
  }
}

}  // namespace parfumerie::app

// Settings declared once, resolved from four layers in order of precedence:
//   command-line flag  >  PARFUMERIE_* environment variable  >  config file  >  default.
//
// A setting named "catalog-grpc-port" is the flag `--catalog-grpc-port`, the
// environment variable `PARFUMERIE_CATALOG_GRPC_PORT` and the key
// `catalog-grpc-port` (or `catalog_grpc_port`) in the TOML config file. `--help`
// is generated from the declarations. Any bad value stops start-up with a message
// naming the setting, where the value came from, and what was expected.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace parfumerie::config {

// Looks up an environment variable; injectable so tests need not touch the
// process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup ProcessEnv();

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Each declaration binds a setting to a field that receives the resolved
  // value; the field must outlive Resolve().
  void String(std::string name, std::string* field, std::string default_value, std::string help);
  // One of `allowed` (compared exactly).
  void Choice(std::string name, std::string* field, std::string default_value,
              std::vector<std::string> allowed, std::string help);
  void Int(std::string name, int64_t* field, int64_t default_value, int64_t min, int64_t max,
           std::string help);
  void Double(std::string name, double* field, double default_value, double min, double max,
              std::string help);
  // A TCP port, 0..65535 (0 = any free port, for tests).
  void Port(std::string name, int* field, int default_value, std::string help);
  // true/false, yes/no, on/off, 1/0. On the command line `--name` alone means true.
  void Bool(std::string name, bool* field, bool default_value, std::string help);

  // Adds every declared setting to `app` as an option (help shows the default
  // and the environment variable). Call once, before app.parse().
  void AddOptions(CLI::App& app);

  // After app.parse(): resolves every setting. `config_file` may be empty (no
  // file). Fails on the first bad value, unknown file key or unreadable file.
  absl::Status Resolve(const std::string& config_file, const EnvLookup& env);

  // "PARFUMERIE_CATALOG_GRPC_PORT" for "catalog-grpc-port".
  static std::string EnvName(const std::string& name);

  struct Setting;

 private:
  std::vector<Setting> settings_;
};

}  // namespace parfumerie::config

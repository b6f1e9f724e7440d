#include "common/config.h"

#include <cstdlib>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "toml++/toml.h"

namespace parfumerie::config {

struct Registry::Setting {
  std::string name;
  std::string help;
  std::string default_text;
  bool is_flag = false;
  // Parses and validates `raw`, assigning the field on success; on failure
  // returns what was expected ("an integer between 0 and 65535").
  std::function<std::optional<std::string>(const std::string& raw)> apply;
  std::string cli_value;
  CLI::Option* option = nullptr;
};

EnvLookup ProcessEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Registry::Registry() = default;
Registry::~Registry() = default;

std::string Registry::EnvName(const std::string& name) {
  return "PARFUMERIE_" + absl::AsciiStrToUpper(absl::StrReplaceAll(name, {{"-", "_"}}));
}

void Registry::String(std::string name, std::string* field, std::string default_value,
                      std::string help) {
  *field = default_value;
  settings_.push_back({std::move(name), std::move(help), std::move(default_value), false,
                       [field](const std::string& raw) -> std::optional<std::string> {
                         *field = raw;
                         return std::nullopt;
                       }});
}

void Registry::Choice(std::string name, std::string* field, std::string default_value,
                      std::vector<std::string> allowed, std::string help) {
  *field = default_value;
  help += " (one of: " + absl::StrJoin(allowed, ", ") + ")";
  settings_.push_back({std::move(name), std::move(help), std::move(default_value), false,
                       [field, allowed](const std::string& raw) -> std::optional<std::string> {
                         for (const auto& a : allowed) {
                           if (a == raw) {
                             *field = raw;
                             return std::nullopt;
                           }
                         }
                         return "one of: " + absl::StrJoin(allowed, ", ");
                       }});
}

void Registry::Int(std::string name, int64_t* field, int64_t default_value, int64_t min,
                   int64_t max, std::string help) {
  *field = default_value;
  settings_.push_back(
      {std::move(name), std::move(help), absl::StrCat(default_value), false,
       [field, min, max](const std::string& raw) -> std::optional<std::string> {
         int64_t v = 0;
         if (!absl::SimpleAtoi(raw, &v) || v < min || v > max) {
           return absl::StrCat("an integer between ", min, " and ", max);
         }
         *field = v;
         return std::nullopt;
       }});
}

void Registry::Double(std::string name, double* field, double default_value, double min,
                      double max, std::string help) {
  *field = default_value;
  settings_.push_back(
      {std::move(name), std::move(help), absl::StrCat(default_value), false,
       [field, min, max](const std::string& raw) -> std::optional<std::string> {
         double v = 0;
         if (!absl::SimpleAtod(raw, &v) || !(v >= min && v <= max)) {
           return absl::StrCat("a number between ", min, " and ", max);
         }
         *field = v;
         return std::nullopt;
       }});
}

void Registry::Port(std::string name, int* field, int default_value, std::string help) {
  *field = default_value;
  settings_.push_back({std::move(name), std::move(help), absl::StrCat(default_value), false,
                       [field](const std::string& raw) -> std::optional<std::string> {
                         int v = 0;
                         if (!absl::SimpleAtoi(raw, &v) || v < 0 || v > 65535) {
                           return "a TCP port between 0 and 65535";
                         }
                         *field = v;
                         return std::nullopt;
                       }});
}

void Registry::Bool(std::string name, bool* field, bool default_value, std::string help) {
  *field = default_value;
  settings_.push_back({std::move(name), std::move(help), default_value ? "true" : "false", true,
                       [field](const std::string& raw) -> std::optional<std::string> {
                         const std::string v = absl::AsciiStrToLower(raw);
                         if (v == "true" || v == "yes" || v == "on" || v == "1") {
                           *field = true;
                         } else if (v == "false" || v == "no" || v == "off" || v == "0") {
                           *field = false;
                         } else {
                           return "true or false";
                         }
                         return std::nullopt;
                       }});
}

void Registry::AddOptions(CLI::App& app) {
  for (Setting& s : settings_) {
    const std::string description =
        absl::StrCat(s.help, "\n[default: ", s.default_text.empty() ? "\"\"" : s.default_text,
                     "] [env: ", EnvName(s.name), "]");
    if (s.is_flag) {
      // `--flag` alone means true; `--flag=false` is accepted too.
      s.option = app.add_option("--" + s.name, s.cli_value, description)
                     ->expected(0, 1)
                     ->default_str("true")
                     ->type_name("[BOOL]");
    } else {
      s.option = app.add_option("--" + s.name, s.cli_value, description);
    }
  }
}

namespace {

std::optional<std::string> TomlValueText(const toml::node& node) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto i = node.value_exact<int64_t>()) return absl::StrCat(*i);
  if (auto d = node.value_exact<double>()) return absl::StrCat(*d);
  return std::nullopt;
}

}  // namespace

absl::Status Registry::Resolve(const std::string& config_file, const EnvLookup& env) {
  toml::table file;
  if (!config_file.empty()) {
    try {
      file = toml::parse_file(config_file);
    } catch (const toml::parse_error& e) {
      return absl::InvalidArgumentError(absl::StrCat("config file ", config_file, ": ",
                                                     std::string(e.description()), " at line ",
                                                     static_cast<int64_t>(e.source().begin.line)));
    }
    // Reject unknown keys: a typo in a config file must not be ignored silently.
    for (const auto& [key, value] : file) {
      const std::string k = absl::StrReplaceAll(std::string(key.str()), {{"_", "-"}});
      bool known = false;
      for (const Setting& s : settings_) known = known || s.name == k;
      if (!known) {
        return absl::InvalidArgumentError(
            absl::StrCat("config file ", config_file, ": unknown setting \"", std::string(key.str()), "\""));
      }
    }
  }
  for (Setting& s : settings_) {
    std::string raw;
    std::string source;
    if (s.option != nullptr && s.option->count() > 0) {
      raw = s.cli_value.empty() && s.is_flag ? "true" : s.cli_value;
      source = "flag --" + s.name;
    } else if (auto v = env(EnvName(s.name))) {
      raw = *v;
      source = "environment variable " + EnvName(s.name);
    } else {
      const toml::node* node = file.get(s.name);
      if (node == nullptr) node = file.get(absl::StrReplaceAll(s.name, {{"-", "_"}}));
      if (node == nullptr) continue;  // keep the default
      auto text = TomlValueText(*node);
      if (!text) {
        return absl::InvalidArgumentError(absl::StrCat("config file ", config_file, ": setting \"",
                                                       s.name,
                                                       "\" must be a string, number or boolean"));
      }
      raw = *text;
      source = "config file " + config_file;
    }
    if (auto expected = s.apply(raw)) {
      return absl::InvalidArgumentError(absl::StrCat("invalid value \"", raw, "\" for setting ",
                                                     s.name, " (from ", source, "): expected ",
                                                     *expected));
    }
  }
  return absl::OkStatus();
}

}  // namespace parfumerie::config

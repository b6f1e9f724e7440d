// Test certificates made with the openssl tool: a CA and certificates it
// signs, valid for localhost and 127.0.0.1, in a directory the caller owns.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace parfumerie::testing {

class Pki {
 public:
  explicit Pki(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // <name>.crt and <name>.key, self-signed. False if openssl failed.
  bool MakeCa(const std::string& name) {
    return Sh("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name + " -keyout " +
              Path(name, "key") + " -out " + Path(name, "crt"));
  }
  // <name>.crt and <name>.key signed by `ca`.
  bool MakeCert(const std::string& ca, const std::string& name) {
    std::ofstream(Path(name, "ext")) << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    return Sh("openssl req -newkey rsa:2048 -nodes -subj /CN=" + name + " -keyout " + Path(name, "key") +
              " -out " + Path(name, "csr")) &&
           Sh("openssl x509 -req -days 2 -in " + Path(name, "csr") + " -CA " + Path(ca, "crt") + " -CAkey " +
              Path(ca, "key") + " -CAcreateserial -extfile " + Path(name, "ext") + " -out " + Path(name, "crt"));
  }
  std::string Path(const std::string& name, const std::string& ext) const {
    return (dir_ / (name + "." + ext)).string();
  }

 private:
  static bool Sh(const std::string& command) {
    return std::system((command + " >/dev/null 2>&1").c_str()) == 0;
  }
  std::filesystem::path dir_;
};

}  // namespace parfumerie::testing

// A blocking HTTP/1.1 client for tests: one TCP connection to 127.0.0.1,
// requests sent one after the other on it (so keep-alive can be observed),
// and raw bytes for malformed or partial requests. Every read gives up after
// a few seconds so a broken server fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace parfumerie::net::testing {

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  bool keep_alive = false;

  std::string Header(const std::string& lowercase_name) const {
    auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class TestClient {
 public:
  // Connects; throws std::runtime_error when the connection is refused.
  explicit TestClient(uint16_t port,
                      std::chrono::milliseconds read_timeout = std::chrono::seconds(10));
  ~TestClient();

  // Sends one request (Content-Length is set from `body`) and reads the reply.
  // Throws std::runtime_error when the connection fails or times out.
  Reply Send(const std::string& method, const std::string& target, const std::string& body = "",
             const HeaderList& headers = {});
  void SendRaw(const std::string& bytes);
  Reply ReadReply();
  // Reads one raw byte (after any buffered reply data); false at end of stream.
  bool ReadByte(char& c);
  // True when the server closed the connection (a read sees end of stream)
  // within `within`.
  bool ClosedByPeer(std::chrono::milliseconds within);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One request on a fresh connection.
Reply Fetch(uint16_t port, const std::string& method, const std::string& target,
            const std::string& body = "", const HeaderList& headers = {});

}  // namespace parfumerie::net::testing

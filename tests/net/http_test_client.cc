#include "http_test_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

namespace parfumerie::net::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct TestClient::Impl {
  asio::io_context io;
  tcp::socket socket{io};
  beast::flat_buffer buffer;
};

namespace {

void SetReadTimeout(tcp::socket& socket, std::chrono::milliseconds timeout) {
  timeval tv{};
  tv.tv_sec = timeout.count() / 1000;
  tv.tv_usec = (timeout.count() % 1000) * 1000;
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

TestClient::TestClient(uint16_t port, std::chrono::milliseconds read_timeout)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  impl_->socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) throw std::runtime_error("connect: " + ec.message());
  SetReadTimeout(impl_->socket, read_timeout);
}

TestClient::~TestClient() = default;

Reply TestClient::Send(const std::string& method, const std::string& target,
                       const std::string& body, const HeaderList& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  if (req.method() == http::verb::unknown) req.method_string(method);
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) req.insert(name, value);
  req.body() = body;
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
    req.prepare_payload();
  }
  beast::error_code ec;
  http::write(impl_->socket, req, ec);
  if (ec) throw std::runtime_error("write: " + ec.message());
  return ReadReply();
}

void TestClient::SendRaw(const std::string& bytes) {
  beast::error_code ec;
  asio::write(impl_->socket, asio::buffer(bytes), ec);
  if (ec) throw std::runtime_error("write: " + ec.message());
}

Reply TestClient::ReadReply() {
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  beast::error_code ec;
  http::read(impl_->socket, impl_->buffer, parser, ec);
  if (ec) throw std::runtime_error("read: " + ec.message());
  const auto& msg = parser.get();
  Reply reply;
  reply.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    reply.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
  }
  reply.body = msg.body();
  reply.keep_alive = msg.keep_alive();
  return reply;
}

bool TestClient::ReadByte(char& c) {
  if (impl_->buffer.size() > 0) {
    c = *static_cast<const char*>(impl_->buffer.data().data());
    impl_->buffer.consume(1);
    return true;
  }
  beast::error_code ec;
  return impl_->socket.read_some(asio::buffer(&c, 1), ec) == 1 && !ec;
}

bool TestClient::ClosedByPeer(std::chrono::milliseconds within) {
  SetReadTimeout(impl_->socket, within);
  char c;
  beast::error_code ec;
  size_t n = impl_->socket.read_some(asio::buffer(&c, 1), ec);
  return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

Reply Fetch(uint16_t port, const std::string& method, const std::string& target,
            const std::string& body, const HeaderList& headers) {
  TestClient client(port);
  return client.Send(method, target, body, headers);
}

}  // namespace parfumerie::net::testing

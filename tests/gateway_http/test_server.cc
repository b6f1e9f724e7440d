// The GraphQL endpoint of test_endpoint.h on an HTTP server, for tools that
// test it from outside (graphql-http's audits). Prints "listening on port N"
// on stderr once it serves, and stops on SIGTERM or SIGINT.
//
//   gateway_http_test_server [--port=N] [--cors-origin=ORIGIN]... [--graphiql-dir=DIR]
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

#include "gateway/http/graphql_http.h"
#include "graphql/service.h"
#include "net/http_server.h"
#include "test_endpoint.h"

int main(int argc, char** argv) {
  using namespace parfumerie;
  net::HttpServerOptions server_options;
  server_options.name = "graphql-http";
  server_options.address = "127.0.0.1";
  server_options.io_threads = 2;
  gateway::http::GraphqlHttpOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&](std::string_view flag) { return std::string(arg.substr(flag.size())); };
    if (arg.starts_with("--port=")) {
      server_options.port = static_cast<uint16_t>(std::stoi(value("--port=")));
    } else if (arg.starts_with("--cors-origin=")) {
      options.cors.allowed_origins.push_back(value("--cors-origin="));
    } else if (arg.starts_with("--graphiql-dir=")) {
      options.graphiql_dir = value("--graphiql-dir=");
    } else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  // Blocked before any thread starts, so every thread inherits the mask and
  // sigwait below receives the signal.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto schema = gateway::testing::MakeTestSchema();
  graphql::Service service(*schema);
  net::Router router;
  gateway::http::RegisterGraphqlHttp(router, "/graphql", options, service,
                                     gateway::testing::MakeTestContextFactory());
  net::HttpServer server(server_options, std::move(router));
  if (auto status = server.Start(); !status.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", std::string(status.message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "listening on port %u\n", static_cast<unsigned>(server.port()));
  std::fflush(stderr);
  int received = 0;
  sigwait(&signals, &received);
  server.Shutdown(std::chrono::seconds(2));
  return 0;
}

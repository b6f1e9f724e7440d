// The `web` target of the binary over real HTTP: a fake build in a temp dir
// served by `parfumerie serve --target=web`, and the all-in-one process
// serving the gateway's /graphql and the catalogue's pictures on the web port.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/process.h"
#include "support/shop.h"

namespace parfumerie::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kIndex = "<!doctype html><title>Parfumerie</title><div id=root></div>";
constexpr const char* kScript = "console.log('app');";
// Not real gzip: the server sends the sibling as it is, which is what we check.
constexpr const char* kScriptGz = "gz-bytes-of-the-script";

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A build as Vite writes it, plus a file outside it and a link to that file.
void WriteFakeBuild(const fs::path& root) {
  Write(root / "index.html", kIndex);
  Write(root / "assets/index-4f2a9c1b.js", kScript);
  Write(root / "assets/index-4f2a9c1b.js.gz", kScriptGz);
  Write(root / "assets/index-77aa01de.css", "body{margin:0}");
  Write(root / "assets/font-0c1d.woff2", "wOF2");
  Write(root / "favicon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>");
  Write(root / "robots.txt", "User-agent: *");
  Write(root / "data.bin", "\x01\x02");
  Write(root / ".env", "SECRET=1");
  Write(root.parent_path() / "secret.txt", "the-secret-content");
  fs::create_symlink(root.parent_path() / "secret.txt", root / "leak.txt");
}

// `parfumerie [args] --web-port=0 ...` until it logs its web port.
class Server {
 public:
  explicit Server(std::vector<std::string> args) {
    std::vector<std::string> argv{Binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    for (std::string a : {std::string("--listen-host=127.0.0.1"), std::string("--web-port=0"),
                          std::string("--log-format=json"), "--data-dir=" + data_.path()}) {
      argv.push_back(a);
    }
    process_ = std::make_unique<ChildProcess>(argv);
    auto port = process_->WaitForLine(
        std::regex(R"("logger":"web","msg":"front end listening on http://[^"]*:(\d+)/)"), 60s);
    auto ready = process_->WaitForLine(std::regex(R"("msg":"(ready))"), 60s);
    if (!port || !ready) {
      ADD_FAILURE() << "the web server did not start:\n" << process_->Output();
      return;
    }
    port_ = std::stoi(*port);
  }
  ~Server() {
    process_->Signal(SIGTERM);
    EXPECT_EQ(process_->WaitForExit(30s), 0) << process_->Output();
  }

  int port() const { return port_; }
  ChildProcess& process() { return *process_; }

  HttpResponse Get(const std::string& target, const std::map<std::string, std::string>& headers = {},
                   const std::string& method = "GET") const {
    auto r = HttpRequest(port_, method, target, "", headers);
    if (!r) {
      ADD_FAILURE() << "no response to " << method << " " << target;
      return {};
    }
    return *r;
  }

 private:
  TempDir data_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
};

class WebStaticTest : public ::testing::Test {
 protected:
  WebStaticTest() : root_(fs::path(dir_.path()) / "dist") { WriteFakeBuild(root_); }

  std::unique_ptr<Server> Serve(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"serve", "--target=web", "--web-dir=" + root_.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<Server>(args);
  }

  TempDir dir_;
  fs::path root_;
};

TEST_F(WebStaticTest, ServesEveryFileWithItsContentType) {
  auto web = Serve();
  struct Case {
    std::string path, type, body;
  };
  for (const Case& c : std::vector<Case>{
           {"/", "text/html; charset=utf-8", kIndex},
           {"/index.html", "text/html; charset=utf-8", kIndex},
           {"/assets/index-4f2a9c1b.js", "text/javascript; charset=utf-8", kScript},
           {"/assets/index-77aa01de.css", "text/css; charset=utf-8", "body{margin:0}"},
           {"/assets/font-0c1d.woff2", "font/woff2", "wOF2"},
           {"/favicon.svg", "image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>"},
           {"/robots.txt", "text/plain; charset=utf-8", "User-agent: *"},
           {"/data.bin", "application/octet-stream", "\x01\x02"},
       }) {
    HttpResponse r = web->Get(c.path);
    EXPECT_EQ(r.status, 200) << c.path;
    EXPECT_EQ(r.headers["content-type"], c.type) << c.path;
    EXPECT_EQ(r.body, c.body) << c.path;
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff") << c.path;
  }
}

TEST_F(WebStaticTest, HashedAssetsAreImmutableAndThePageIsRevalidated) {
  auto web = Serve();
  EXPECT_EQ(web->Get("/assets/index-4f2a9c1b.js").headers["cache-control"],
            "public, max-age=31536000, immutable");
  for (const char* page : {"/", "/index.html", "/commandes/42"}) {
    HttpResponse r = web->Get(page, {{"Accept", "text/html"}});
    EXPECT_EQ(r.headers["cache-control"], "no-cache") << page;
    ASSERT_FALSE(r.headers["etag"].empty()) << page;
    HttpResponse again = web->Get(page, {{"Accept", "text/html"}, {"If-None-Match", r.headers["etag"]}});
    EXPECT_EQ(again.status, 304) << page;
    EXPECT_EQ(again.body, "") << page;
  }
  EXPECT_EQ(web->Get("/robots.txt").headers["cache-control"], "no-cache");
}

TEST_F(WebStaticTest, TheAppsRoutesGetThePageOnlyInABrowser) {
  auto web = Serve();
  const std::map<std::string, std::string> browser{
      {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}};
  for (const char* route : {"/parfums/prf_abc", "/compte/", "/admin/commandes/cmd_1/livraison"}) {
    HttpResponse r = web->Get(route, browser);
    EXPECT_EQ(r.status, 200) << route;
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8") << route;
    EXPECT_EQ(r.body, kIndex) << route;
  }
  // Scripts, fetches and missing hashed assets are plain 404s, never HTML.
  EXPECT_EQ(web->Get("/parfums/prf_abc").status, 404);
  EXPECT_EQ(web->Get("/parfums/prf_abc", {{"Accept", "application/json"}}).status, 404);
  EXPECT_EQ(web->Get("/parfums/prf_abc", {{"Accept", "text/html;q=0"}}).status, 404);
  HttpResponse missing = web->Get("/assets/index-00000000.js", browser);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.headers["content-type"], "application/problem+json");
  // Only GET and HEAD.
  EXPECT_EQ(web->Get("/parfums", {}, "POST").status, 405);
}

TEST_F(WebStaticTest, PathsOutOfTheDirectoryAreRefused) {
  auto web = Serve();
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/%2E%2E/secret.txt",
                           "/%2e%2e%2fsecret.txt", "/..%5csecret.txt", "/a%00b"}) {
    HttpResponse r = web->Get(path, {{"Accept", "text/html"}});
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_THAT(r.body, Not(HasSubstr("the-secret-content"))) << path;
  }
  // A link out of the directory and hidden files are not files of the site.
  EXPECT_EQ(web->Get("/leak.txt").status, 404);
  EXPECT_EQ(web->Get("/.env").status, 404);
  EXPECT_EQ(web->Get("/.env", {{"Accept", "text/html"}}).body, kIndex);
}

TEST_F(WebStaticTest, HeadAnswersTheHeaderOfGet) {
  auto web = Serve();
  HttpResponse r = web->Get("/assets/index-4f2a9c1b.js", {}, "HEAD");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-length"], std::to_string(std::string(kScript).size()));
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(web->Get("/commandes", {{"Accept", "text/html"}}, "HEAD").status, 200);
}

TEST_F(WebStaticTest, TheGzipSiblingGoesToClientsThatAcceptIt) {
  auto web = Serve();
  HttpResponse gz = web->Get("/assets/index-4f2a9c1b.js", {{"Accept-Encoding", "br, gzip, deflate"}});
  EXPECT_EQ(gz.headers["content-encoding"], "gzip");
  EXPECT_EQ(gz.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(gz.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(gz.body, kScriptGz);
  for (const char* refused : {"", "br", "gzip;q=0"}) {
    HttpResponse plain = web->Get("/assets/index-4f2a9c1b.js", {{"Accept-Encoding", refused}});
    EXPECT_EQ(plain.headers.count("content-encoding"), 0u) << refused;
    EXPECT_EQ(plain.body, kScript) << refused;
  }
  // No sibling: the file as it is.
  EXPECT_EQ(web->Get("/robots.txt", {{"Accept-Encoding", "gzip"}}).headers.count("content-encoding"), 0u);
}

TEST_F(WebStaticTest, ConfigScriptNamesTheConfiguredGraphqlUrl) {
  {
    auto web = Serve();
    HttpResponse r = web->Get("/config.js");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers["content-type"], "text/javascript; charset=utf-8");
    EXPECT_EQ(r.headers["cache-control"], "no-cache");
    EXPECT_EQ(r.body, "window.PARFUMERIE_CONFIG = {};\n");
  }
  {
    auto web = Serve({"--web-graphql-url=https://api.parfumerie.test/graphql?x=\"1\""});
    EXPECT_EQ(web->Get("/config.js").body,
              "window.PARFUMERIE_CONFIG = {\"graphqlUrl\":\"https://api.parfumerie.test/graphql?x=\\\"1\\\"\"};\n");
  }
  auto [code, out] = RunToCompletion({Binary(), "serve", "--target=web", "--web-port=0",
                                      "--web-graphql-url=javascript:alert(1)", "--data-dir=" + dir_.path()});
  EXPECT_EQ(code, 1);
  EXPECT_THAT(out, HasSubstr("web-graphql-url: \"javascript:alert(1)\" is neither a path"));
}

TEST(WebNotBuiltTest, AMissingBuildIsAPageSayingHowToBuildIt) {
  TempDir dir;
  Server web({"serve", "--target=web", "--web-dir=" + dir.path() + "/nothing-here"});
  EXPECT_THAT(web.process().Output(), HasSubstr("no front end built in"));
  for (const char* page : {"/", "/parfums/prf_abc"}) {
    HttpResponse r = web.Get(page, {{"Accept", "text/html"}});
    EXPECT_EQ(r.status, 503) << page;
    EXPECT_EQ(r.headers["content-type"], "text/html; charset=utf-8") << page;
    EXPECT_THAT(r.body, HasSubstr("npm --prefix web/app ci &amp;&amp; npm --prefix web/app run build"))
        << page;
  }
  EXPECT_EQ(web.Get("/config.js").status, 200);
  EXPECT_EQ(web.Get("/assets/index-4f2a9c1b.js").status, 404);
}

// A WebSocket opening handshake on `path`; the status line of the answer.
std::string WebSocketHandshake(int port, const std::string& path) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  const std::string req = "GET " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                          "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n";
  send(fd, req.data(), req.size(), MSG_NOSIGNAL);
  std::string head;
  char c;
  while (head.find("\r\n") == std::string::npos && recv(fd, &c, 1, 0) == 1) head += c;
  close(fd);
  return head.substr(0, head.find("\r\n"));
}

TEST(WebSameOriginTest, TheAllInOneServesTheApiAndThePicturesOnTheWebPort) {
  TempDir dir;
  Write(fs::path(dir.path()) / "dist/index.html", kIndex);
  Server web({"--web-dir=" + dir.path() + "/dist", "--catalog-grpc-port=0", "--catalog-http-port=0",
              "--payment-grpc-port=0", "--delivery-grpc-port=0", "--gateway-port=0"});
  EXPECT_THAT(web.process().Output(), HasSubstr("same origin for: catalog, gateway"));
  auto r = HttpRequest(web.port(), "POST", "/graphql",
                       R"({"query":"{ parfums(first: 1) { totalCount edges { node { id image } } } }"})",
                       {{"Content-Type", "application/json"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_THAT(r->body, HasSubstr("\"totalCount\":53"));
  std::smatch id;
  ASSERT_TRUE(std::regex_search(r->body, id, std::regex(R"re("id":"(prf_[a-z0-9]+)")re")));
  HttpResponse svg = web.Get("/images/parfums/" + id[1].str() + ".svg");
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(svg.headers["content-type"], "image/svg+xml");
  EXPECT_THAT(WebSocketHandshake(web.port(), "/graphql"), StartsWith("HTTP/1.1 101"));
  // The page is still the app's.
  EXPECT_EQ(web.Get("/commandes", {{"Accept", "text/html"}}).body, kIndex);
}

TEST(WebSameOriginTest, TheWebTargetAloneServesOnlyItsFiles) {
  TempDir dir;
  Write(fs::path(dir.path()) / "dist/index.html", kIndex);
  Server web({"serve", "--target=web", "--web-dir=" + dir.path() + "/dist"});
  EXPECT_THAT(web.process().Output(), HasSubstr("same origin for: none"));
  EXPECT_EQ(HttpRequest(web.port(), "POST", "/graphql", "{}", {{"Content-Type", "application/json"}})->status,
            405);
  EXPECT_EQ(web.Get("/images/parfums/prf_1.svg").status, 404);
  EXPECT_THAT(WebSocketHandshake(web.port(), "/graphql"), Not(StartsWith("HTTP/1.1 101")));
}

}  // namespace
}  // namespace parfumerie::testing

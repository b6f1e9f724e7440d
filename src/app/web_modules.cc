// The `web` target: the shop's front end (web/app, a single-page app built
// into web-dir) on web-port.
//
//   GET /config.js        window.PARFUMERIE_CONFIG, from web-graphql-url
//   GET /assets/...       hashed build output: cached for a year, immutable
//   GET /<file>           any other file of web-dir (favicon, robots.txt...)
//   GET /<anything else>  index.html when the client accepts text/html (the
//                         app's own routes), else 404
//   /graphql, /images/parfums/{id}.svg
//                         the gateway's and the catalogue's own handlers, when
//                         they run in this process (Runtime::web_routes)
//
// Files are read on the blocking pool at each request, so a rebuild is served
// without a restart; a `.gz` sibling is sent to clients that accept gzip.
// index.html and the other unhashed files are `no-cache` with an ETag. A path
// with a `..`, `\` or NUL segment is refused (400), and whatever resolves
// outside web-dir (a symbolic link) is 404. When web-dir has no index.html,
// pages answer 503 with a short page saying how to build the front end.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "app/modules.h"
#include "common/log.h"
#include "net/blocking_pool.h"
#include "net/http_server.h"
#include "net/json_writer.h"
#include "net/problem.h"

namespace parfumerie::app {
namespace {

namespace fs = std::filesystem;
using boost::asio::awaitable;
using net::Request;
using net::Response;

constexpr const char* kImmutable = "public, max-age=31536000, immutable";
constexpr const char* kAssetsDir = "assets";
// The router has no catch-all pattern: the SPA's routes are matched by one
// pattern per depth, up to this many segments.
constexpr int kMaxDepth = 12;

constexpr const char* kNotBuilt = R"(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Parfumerie: the front end is not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>The front end is not built</h1>
<p>This server shows the shop's web pages, but their build was not found in
its web directory (setting <code>web-dir</code>).</p>
<p>Build them from the source tree (Node.js 20 and npm), then reload this page:</p>
<pre>npm --prefix web/app ci &amp;&amp; npm --prefix web/app run build</pre>
<p>The GraphQL API does not need them: <a href="/graphql">/graphql</a> answers
when the gateway runs in this process.</p>
</body>
</html>
)";

absl::string_view Absl(std::string_view v) { return absl::string_view(v.data(), v.size()); }

std::string_view ContentType(std::string_view name) {
  static const auto* const kTypes = new std::map<std::string, std::string_view, std::less<>>{
      {"html", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"webmanifest", "application/manifest+json"},
      {"txt", "text/plain; charset=utf-8"},
      {"xml", "application/xml"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"otf", "font/otf"},
      {"wasm", "application/wasm"},
  };
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  auto it = kTypes->find(absl::AsciiStrToLower(Absl(name.substr(dot + 1))));
  return it == kTypes->end() ? "application/octet-stream" : it->second;
}

// Whether a header list (Accept, Accept-Encoding) names `token` without q=0.
bool Accepts(const Request& req, std::string_view header, std::string_view token) {
  auto value = req.headers.Get(header);
  if (!value) return false;
  for (absl::string_view item : absl::StrSplit(Absl(*value), ',')) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    if (!absl::EqualsIgnoreCase(absl::StripAsciiWhitespace(parts[0]),
                                Absl(token))) {
      continue;
    }
    for (size_t i = 1; i < parts.size(); ++i) {
      absl::string_view q = absl::StripAsciiWhitespace(parts[i]);
      if (absl::StartsWith(q, "q=") && q.find_first_not_of("q=0.") == absl::string_view::npos) {
        return false;
      }
    }
    return true;
  }
  return false;
}

// The decoded segments of a request path, empty for "/". INVALID_ARGUMENT for
// a segment that could leave the directory or name something odd.
absl::StatusOr<std::vector<std::string>> PathSegments(std::string_view path) {
  std::vector<std::string> segments;
  for (absl::string_view raw : absl::StrSplit(Absl(path), '/', absl::SkipEmpty())) {
    auto decoded = net::PercentDecode(std::string_view(raw.data(), raw.size()), false);
    if (!decoded || *decoded == "." || *decoded == ".." ||
        decoded->find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
      return absl::InvalidArgumentError("The path leaves the web directory or is malformed.");
    }
    segments.push_back(std::move(*decoded));
  }
  return segments;
}

struct Site {
  fs::path root;
  std::string config_js;
  net::BlockingPool* pool = nullptr;
};

// A file read from the site, or nothing.
struct StaticFile {
  bool found = false;
  std::string body;
  std::string etag;
  bool gzipped = false;
};

// Reads root/rel (or root/rel.gz when `gzip` and it exists). Blocking. Only
// regular files inside the root are found: a link out of it is not.
StaticFile ReadFile(const fs::path& root, const std::string& rel, bool gzip) {
  StaticFile out;
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(root, ec);
  if (ec) return out;
  for (bool gz : {true, false}) {
    if (gz && !gzip) continue;
    const fs::path path = fs::weakly_canonical(root / (gz ? rel + ".gz" : rel), ec);
    if (ec) continue;
    auto [end, unused] = std::mismatch(base.begin(), base.end(), path.begin(), path.end());
    if (end != base.end()) continue;  // outside the root
    struct stat st;
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream body;
    if (!in || (st.st_size > 0 && !(body << in.rdbuf()))) continue;
    out.found = true;
    out.body = body.str();
    out.gzipped = gz;
    out.etag = absl::StrCat("\"", absl::Hex(st.st_size), "-", absl::Hex(st.st_mtim.tv_sec), "-",
                            absl::Hex(st.st_mtim.tv_nsec), gz ? "-gz" : "", "\"");
    return out;
  }
  return out;
}

Response FileResponse(const Request& req, StaticFile file, std::string_view name, bool immutable) {
  Response res;
  if (auto inm = req.headers.Get("If-None-Match"); inm && *inm == file.etag) {
    res.status = 304;
  } else {
    res = Response::WithBody(200, ContentType(name), std::move(file.body));
  }
  res.headers.Set("Cache-Control", immutable ? kImmutable : "no-cache");
  res.headers.Set("ETag", file.etag);
  res.headers.Set("Vary", "Accept-Encoding");
  res.headers.Set("X-Content-Type-Options", "nosniff");
  if (file.gzipped) res.headers.Set("Content-Encoding", "gzip");
  return res;
}

Response NotBuiltResponse() {
  Response res = Response::WithBody(503, "text/html; charset=utf-8", kNotBuilt);
  res.headers.Set("Cache-Control", "no-store");
  return res;
}

awaitable<Response> ServeStatic(const Site* site, Request req) {
  auto segments = PathSegments(req.path);
  if (!segments.ok()) co_return net::StatusResponse(segments.status(), req);
  const bool gzip = Accepts(req, "Accept-Encoding", "gzip");
  // Hidden files (.env, .git) are never served, whatever the build put there.
  bool hidden = false;
  for (const auto& s : *segments) hidden = hidden || s.starts_with('.');
  std::string rel = absl::StrJoin(*segments, "/");
  const bool asset = !segments->empty() && (*segments)[0] == kAssetsDir;
  if (!rel.empty() && !hidden) {
    auto read = [root = site->root, rel, gzip] { return ReadFile(root, rel, gzip); };
    StaticFile file = co_await net::RunBlocking(*site->pool, req.context, std::move(read));
    if (file.found) co_return FileResponse(req, std::move(file), rel, asset);
  }
  // A missing hashed asset must never come back as a page (the browser would
  // run HTML as a script); other paths are the app's routes for browsers.
  if (!rel.empty() && (asset || !Accepts(req, "Accept", "text/html"))) {
    co_return net::ProblemResponse(404, absl::StatusCode::kNotFound,
                                   "No such file in the web front end.", req);
  }
  auto read_index = [root = site->root, gzip] { return ReadFile(root, "index.html", gzip); };
  StaticFile index = co_await net::RunBlocking(*site->pool, req.context, std::move(read_index));
  if (!index.found) co_return NotBuiltResponse();
  co_return FileResponse(req, std::move(index), "index.html", false);
}

awaitable<Response> ServeConfig(const Site* site, Request) {
  Response res = Response::WithBody(200, "text/javascript; charset=utf-8", site->config_js);
  res.headers.Set("Cache-Control", "no-cache");
  res.headers.Set("X-Content-Type-Options", "nosniff");
  co_return res;
}

// window.PARFUMERIE_CONFIG for the app: {} lets it use its default, /graphql
// on its own origin (HTTP, and WebSocket for subscriptions).
absl::StatusOr<std::string> ConfigScript(const std::string& graphql_url) {
  net::JsonWriter json;
  json.BeginObject();
  if (!graphql_url.empty()) {
    if (!graphql_url.starts_with("/") && !graphql_url.starts_with("http://") &&
        !graphql_url.starts_with("https://")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "web-graphql-url: \"", graphql_url, "\" is neither a path (/graphql) nor an http(s):// URL"));
    }
    json.Key("graphqlUrl").String(graphql_url);
  }
  json.EndObject();
  return absl::StrCat("window.PARFUMERIE_CONFIG = ", json.str(), ";\n");
}

// Registers the site's routes: config.js, then "/", "/{s1}", "/{s1}/",
// "/{s1}/{s2}", ... so that every path up to kMaxDepth segments reaches
// ServeStatic. Routes registered before these (the lent ones) win.
void AddSiteRoutes(net::Router& router, const Site* site) {
  router.Add("GET", "/config.js", [site](Request r) { return ServeConfig(site, std::move(r)); });
  std::string pattern;
  router.Add("GET", "/", [site](Request r) { return ServeStatic(site, std::move(r)); });
  for (int depth = 1; depth <= kMaxDepth; ++depth) {
    absl::StrAppend(&pattern, "/{s", depth, "}");
    router.Add("GET", pattern, [site](Request r) { return ServeStatic(site, std::move(r)); });
    router.Add("GET", pattern + "/", [site](Request r) { return ServeStatic(site, std::move(r)); });
  }
}

class WebModule final : public Service {
 public:
  explicit WebModule(Runtime& rt) : rt_(rt) {}

  absl::Status Start() override {
    const Settings& s = rt_.settings;
    auto logger = log::Get("web");
    auto config = ConfigScript(s.web_graphql_url);
    if (!config.ok()) return config.status();
    site_ = std::make_unique<Site>(Site{.root = s.web_dir, .config_js = std::move(*config),
                                        .pool = rt_.blocking_pool.get()});
    std::error_code ec;
    if (!fs::is_regular_file(site_->root / "index.html", ec)) {
      logger->warn("no front end built in {}: pages say how to build it "
                   "(npm --prefix web/app ci && npm --prefix web/app run build)",
                   s.web_dir);
    }

    net::Router router;
    std::vector<std::string> lenders;
    for (const auto& [target, add_routes] : rt_.web_routes) {
      add_routes(router);
      lenders.push_back(target);
    }
    AddSiteRoutes(router, site_.get());
    server_ = std::make_unique<net::HttpServer>(
        net::HttpServerOptions{.name = "web-http",
                               .address = s.listen_host,
                               .port = static_cast<uint16_t>(s.web_port),
                               .io_threads = static_cast<int>(s.io_threads),
                               .max_body_bytes = static_cast<size_t>(s.http_max_body_bytes)},
        std::move(router));
    if (absl::Status st = server_->Start(); !st.ok()) return st;
    logger->info("front end listening on http://{}:{}/ (files from {}; same origin for: {})",
                 s.listen_host, server_->port(), s.web_dir,
                 lenders.empty() ? "none" : absl::StrJoin(lenders, ", "));
    return absl::OkStatus();
  }

  // Before the targets whose handlers it borrowed: it starts after them.
  void Stop() override {
    server_->Shutdown(std::chrono::milliseconds(rt_.settings.shutdown_grace_ms));
    server_.reset();
    site_.reset();
  }

 private:
  Runtime& rt_;
  std::unique_ptr<Site> site_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace

void RegisterWebModules(ModuleManager& m) {
  m.Register("web", MakeModule<WebModule>({"metrics", "blocking-pool"}, true));
}

}  // namespace parfumerie::app

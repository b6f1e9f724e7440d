#include "gateway/http/graphiql_page.h"

#include <fstream>
#include <sstream>

namespace parfumerie::gateway::http {
namespace {

constexpr const char* kNotBuilt = R"(<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>GraphiQL is not built</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>GraphiQL is not built</h1>
<p>This endpoint serves GraphQL over HTTP (POST, or GET for queries) and would
show GraphiQL here, but its page was not found.</p>
<p>Build it from the source tree (Node.js 20 and npm, which fetches the pinned
packages once), then restart the gateway:</p>
<pre>web/graphiql/build.sh build/graphiql</pre>
<p>and point the gateway's GraphiQL directory at <code>build/graphiql</code>.</p>
</body>
</html>
)";

}  // namespace

GraphiqlPage LoadGraphiqlPage(const std::string& dir) {
  GraphiqlPage page;
  if (!dir.empty()) {
    std::ifstream in(dir + "/index.html", std::ios::binary);
    std::ostringstream html;
    if (in && (html << in.rdbuf())) {
      page.built = true;
      page.html = html.str();
      return page;
    }
  }
  page.html = kNotBuilt;
  return page;
}

}  // namespace parfumerie::gateway::http

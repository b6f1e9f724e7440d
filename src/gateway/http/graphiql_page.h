// The page a browser gets at the GraphQL endpoint: GraphiQL's built
// index.html, or, when it was not built, a short page saying how to build it.
#pragma once

#include <string>

namespace parfumerie::gateway::http {

struct GraphiqlPage {
  bool built = false;
  std::string html;
};

// Reads `<dir>/index.html` (blocking file I/O: call at start-up).
GraphiqlPage LoadGraphiqlPage(const std::string& dir);

}  // namespace parfumerie::gateway::http

#!/usr/bin/env bash
# Sets everything up and runs the whole shop in one process (all-in-one mode):
# embedded stores under ./data, demo catalogue on first start. Ctrl-C stops it.
# Extra arguments are passed to `parfumerie` (see `parfumerie --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh release parfumerie
web/graphiql/build.sh web/graphiql/dist >/dev/null || echo "GraphiQL could not be built; the API still works"
if [[ -f web/app/package.json ]]; then
  { npm --prefix web/app ci --no-audit --no-fund && npm --prefix web/app run build; } >/dev/null ||
    echo "The web front end could not be built; port 3000 says how to build it, the API still works"
fi
echo
echo "Parfumerie all-in-one:"
echo "  web shop        http://localhost:3000/   (the front end; /graphql there too)"
echo "  GraphQL API     http://localhost:3001/graphql   (GraphiQL in a browser; schema.graphql)"
echo "                  demo operator: admin@parfumerie.test / parfumerie-admin"
echo "  catalogue REST  http://localhost:3003/parfums   (OpenAPI: /openapi.json)"
echo "  catalogue gRPC  localhost:50053   (perfumes, orders)"
echo "  payment gRPC    localhost:50054"
echo "  delivery gRPC   localhost:50055"
echo "  check the saga: build/release/src/app/parfumerie check"
echo
exec build/release/src/app/parfumerie "$@"

#!/bin/sh
# graphql-http's audits against the GraphQL-over-HTTP transport: installs the
# pinned npm packages when missing, then audits the test server ($1).
set -eu
server="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"
if [ ! -d node_modules/graphql-http ]; then
  npm ci --no-audit --no-fund
fi
exec node audit.mjs "$server"

#!/bin/sh
# The graphql-ws client against the test server ($1): installs the pinned npm
# packages when missing, then runs every check.
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/graphql-ws ] || [ ! -d node_modules/ws ]; then
  npm ci --no-audit --no-fund
fi
exec node graphql_ws_test.mjs "$1"

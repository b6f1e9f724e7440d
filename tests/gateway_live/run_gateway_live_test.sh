#!/bin/sh
# The gateway of the all-in-one binary ($1) against Node clients: installs the
# pinned npm packages when missing, then runs every check (schema.graphql: $2).
set -eu
binary="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
schema="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
cd "$(dirname "$0")"
if [ ! -d node_modules/graphql-ws ] || [ ! -d node_modules/ws ] || [ ! -d node_modules/graphql-http ]; then
  npm ci --no-audit --no-fund
fi
exec node gateway_live_test.mjs "$binary" "$schema"

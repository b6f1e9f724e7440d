#!/bin/sh
# The differential test against graphql-js: installs the pinned npm packages
# when missing, then checks every golden case with graphql-exec ($1).
set -eu
cd "$(dirname "$0")"
if [ ! -d node_modules/graphql ]; then
  npm ci --no-audit --no-fund
fi
exec node check.mjs --exec "$1"

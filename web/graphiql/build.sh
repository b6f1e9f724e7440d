#!/bin/sh
# Builds GraphiQL into one self-contained page: web/graphiql/build.sh [out-dir]
# (default web/graphiql/dist). Installs the pinned npm packages on first use
# (the only step that needs the npm registry); the page itself loads nothing
# from the network. Point the gateway's GraphiQL directory at out-dir.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="$(mkdir -p "${1:-$here/dist}" && cd "${1:-$here/dist}" && pwd)"
cd "$here"
if [ ! -d node_modules/graphiql ] || [ ! -d node_modules/esbuild ]; then
  npm ci --no-audit --no-fund
fi
exec node build.mjs "$out"

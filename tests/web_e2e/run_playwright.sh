#!/bin/sh
# The web front end in headless Chromium against the all-in-one binary ($1),
# screenshots and timings in $2: installs the pinned playwright-core when
# missing (it never downloads a browser: Debian's chromium is used), builds
# web/app when it has no build yet, then runs every scenario of web_e2e.mjs.
set -eu
if [ $# -ne 2 ]; then
  echo "usage: $0 <parfumerie binary> <artifacts dir>" >&2
  exit 2
fi
binary="$(realpath "$1")"
artifacts="$(realpath -m "$2")"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -f "$root/web/app/package.json" ]; then
  echo "web/app not built: there is no web/app/package.json to build the front end from" >&2
  exit 1
fi
if [ ! -f "$root/web/app/dist/index.html" ]; then
  echo "web/app/dist is missing: building the front end"
  if ! { npm --prefix "$root/web/app" ci --no-audit --no-fund && npm --prefix "$root/web/app" run build; }; then
    echo "web/app not built: npm --prefix web/app run build failed" >&2
    exit 1
  fi
fi
cd "$here"
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
exec node web_e2e.mjs "$binary" "$root/web/app/dist" "$artifacts"

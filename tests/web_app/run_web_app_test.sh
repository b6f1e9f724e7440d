#!/bin/sh
# The web front end's own checks, then its production build: installs the
# pinned npm packages when missing, runs Vitest (components and client
# logic), then `npm run build` (type check + Vite) into web/app/dist, which
# the Playwright test serves. The bundle's chunk sizes are printed.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
app="$root/web/app"
if [ ! -d "$app/node_modules/vite" ]; then
  npm --prefix "$app" ci --no-audit --no-fund
fi
npm --prefix "$app" test
npm --prefix "$app" run build

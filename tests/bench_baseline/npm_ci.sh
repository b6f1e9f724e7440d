#!/bin/sh
# Installs the baseline's pinned npm packages ($1/package-lock.json) when missing.
set -eu
if [ ! -d "$1/node_modules/@apollo/server" ] || [ ! -d "$1/node_modules/@grpc/grpc-js" ]; then
  npm --prefix "$1" ci --no-audit --no-fund
fi

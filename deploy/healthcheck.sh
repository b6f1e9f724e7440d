#!/usr/bin/env bash
# Container health check of a Parfumerie process, with nothing but bash and
# coreutils (the runtime image has no curl, wget or gRPC client).
#
#   parfumerie-healthcheck http PORT [PATH]   GET PATH (default /readyz) on 127.0.0.1:PORT; healthy on 200
#   parfumerie-healthcheck tcp PORT           healthy if 127.0.0.1:PORT accepts a connection
#   parfumerie-healthcheck                    the all-in-one process: gateway and catalogue /readyz
#
# A gRPC-only target (payment, delivery) can only be checked by `tcp` here;
# Kubernetes asks its grpc.health.v1 service directly (deploy/k8s/).
# Exit status: 0 healthy, 1 not, 2 usage. Each check gives up after 3 seconds.
set -uo pipefail

usage() { echo "usage: parfumerie-healthcheck [http PORT [PATH] | tcp PORT]" >&2; exit 2; }
port_ok() { [[ "$1" =~ ^[0-9]{1,5}$ ]] || usage; }

case "${1:-all-in-one}" in
  http)
    [[ $# -ge 2 && $# -le 3 ]] || usage
    port_ok "$2"
    path="${3:-/readyz}"
    [[ "$path" =~ ^/[A-Za-z0-9/._-]*$ ]] || usage
    exec timeout 3 "$0" _http "$2" "$path" ;;
  tcp)
    [[ $# -eq 2 ]] || usage
    port_ok "$2"
    exec timeout 3 "$0" _tcp "$2" ;;
  all-in-one)
    [[ $# -le 1 ]] || usage
    "$0" http "${PARFUMERIE_GATEWAY_PORT:-3001}" /readyz &&
      exec "$0" http "${PARFUMERIE_CATALOG_HTTP_PORT:-3003}" /readyz ;;
  _http)  # under timeout: one request, first line of the answer
    exec 3<>"/dev/tcp/127.0.0.1/$2" 2>/dev/null || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$3" >&3
    IFS= read -r line <&3 || exit 1
    [[ "$line" =~ ^HTTP/1\.[01]\ 200([[:space:]]|$) ]] ;;
  _tcp)
    exec 3<>"/dev/tcp/127.0.0.1/$2" 2>/dev/null ;;
  *) usage ;;
esac

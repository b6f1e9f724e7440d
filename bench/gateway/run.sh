#!/usr/bin/env bash
# Load test of the GraphQL gateway against the same server's trivial route.
#
#   bench/gateway/run.sh [--connections=N] [--seconds=S] [--threads=T] [--warmup=S]
#                        [--preset=release|relwithdebinfo]
#
# Builds and starts the all-in-one shop on loopback (free ports, temporary data
# with the demo catalogue), places one paid order, then runs wrk back to back on
#   healthz    GET /healthz of the gateway's HTTP server (the ceiling)
#   catalogue  POST /graphql, 20 perfumes
#   commande   POST /graphql, one order with its lines, payment and delivery
# and writes bench/results/gateway.{json,md}. README.md beside this file says
# how to read them. Exits 1 if any measured reply was not a good one.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/gateway

connections=32
seconds=10
threads=2
warmup=3
preset=release
for arg in "$@"; do
  case "$arg" in
    --connections=*) connections="${arg#*=}" ;;
    --seconds=*) seconds="${arg#*=}" ;;
    --threads=*) threads="${arg#*=}" ;;
    --warmup=*) warmup="${arg#*=}" ;;
    --preset=*) preset="${arg#*=}" ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$connections" "$seconds" "$threads" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "bench: '$n' is not a whole number" >&2; exit 2; }
done
((seconds >= 1 && seconds <= 300 && connections >= threads && threads >= 1)) ||
  { echo "bench: need 1 <= seconds <= 300 and connections >= threads >= 1" >&2; exit 2; }

command -v wrk >/dev/null || scripts/setup.sh
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/setup.sh installs it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is missing (apt-get install curl)" >&2; exit 1; }

scripts/build.sh "$preset" parfumerie >/dev/null
binary="build/$preset/src/app/parfumerie"

# shellcheck source=bench/gateway/shop.sh
source "$here/shop.sh"
trap shop_stop EXIT
trap 'exit 130' INT TERM
load_before="$(cut -d' ' -f1 /proc/loadavg)"
shop_start "$binary"
shop_prepare
echo "bench: shop on 127.0.0.1:$SHOP_PORT, order $BENCH_ORDER is PAYEE"

# Pre-flight: each route answers 200 with data and no errors before any load.
preflight() {  # name method path body token
  local auth=() data=()
  [[ -n "$5" ]] && auth=(-H "Authorization: Bearer $5")
  [[ -n "$4" ]] && data=(-H 'Content-Type: application/json' --data-binary "$4")
  local code
  code="$(curl -sS --max-time 10 -o "$SHOP_DIR/preflight" -w '%{http_code}' -X "$2" "${auth[@]}" "${data[@]}" \
    "http://127.0.0.1:$SHOP_PORT$3")"
  local reply
  reply="$(cat "$SHOP_DIR/preflight")"
  [[ "$code" == 200 ]] || shop_die "pre-flight $1: HTTP $code: ${reply:0:300}"
  if [[ "$3" == /graphql ]]; then
    [[ "$reply" == *'"data"'* && "$reply" != *'"errors"'* ]] || shop_die "pre-flight $1: ${reply:0:300}"
  fi
  echo "bench: pre-flight $1: 200, ${#reply} bytes"
}

# Runs wrk on one route (warm-up, then measured); prints the measured
# bench-result JSON object.
load() {  # name method path body token expect
  local url="http://127.0.0.1:$SHOP_PORT$3" out
  export BENCH_METHOD="$2" BENCH_BODY="$4" BENCH_TOKEN="$5" BENCH_EXPECT="$6"
  if ((warmup > 0)); then
    wrk -t"$threads" -c"$connections" -d"${warmup}s" --timeout 5s -s "$here/load.lua" "$url" >/dev/null
  fi
  out="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s --latency -s "$here/load.lua" "$url")"
  echo "$out" | grep -v '^bench-' | sed "s/^/  [$1] /" >&2
  echo "$out" | grep '^bench-bad-sample' | sed "s/^/  [$1] /" >&2 || true
  echo "$out" | sed -n 's/^bench-result //p'
}

field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }

commande="$(commande_body "$BENCH_ORDER")"
names=(healthz catalogue commande)
preflight healthz GET /healthz "" ""
preflight catalogue POST /graphql "$CATALOGUE_BODY" ""
preflight commande POST /graphql "$commande" "$BENCH_TOKEN"
declare -A result
result[healthz]="$(load healthz GET /healthz "" "" http)"
result[catalogue]="$(load catalogue POST /graphql "$CATALOGUE_BODY" "" graphql)"
result[commande]="$(load commande POST /graphql "$commande" "$BENCH_TOKEN" graphql)"
shop_stop
load_after="$(cut -d' ' -f1 /proc/loadavg)"

# Report: bench/results/gateway.json and gateway.md.
mkdir -p bench/results
ceiling="$(field rps "${result[healthz]}")"
invalid=0
routes_json=""
table="| route | requests/s | p50 (ms) | p99 (ms) | bytes/reply | bad replies | vs /healthz |
|---|---:|---:|---:|---:|---:|---:|"
for name in "${names[@]}"; do
  r="${result[$name]}"
  [[ -n "$r" ]] || { echo "bench: no result for $name" >&2; exit 1; }
  rps="$(field rps "$r")"
  ratio="$(awk -v a="$rps" -v b="$ceiling" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }')"
  bad=$(($(field bad "$r") + $(field socket_errors "$r") + $(field non_2xx "$r")))
  ((bad == 0 && $(field good "$r") > 0)) || invalid=1
  routes_json+="${routes_json:+,}
    \"$name\": {\"wrk\": $r, \"ratio_to_healthz\": $ratio}"
  table+="
$(awk -v n="$name" -v rps="$rps" -v p50="$(field p50_us "$r")" -v p99="$(field p99_us "$r")" \
      -v bytes="$(field bytes "$r")" -v req="$(field requests "$r")" -v bad="$bad" -v ratio="$ratio" \
      'BEGIN { printf "| %s | %.0f | %.2f | %.2f | %.0f | %d | %.2f |", n, rps, p50 / 1000, p99 / 1000, (req > 0 ? bytes / req : 0), bad, ratio }')"
done
worst="$(awk -v a="$(field rps "${result[catalogue]}")" -v b="$(field rps "${result[commande]}")" -v c="$ceiling" \
  'BEGIN { m = a < b ? a : b; printf "%.3f", (c > 0 ? m / c : 0) }')"
goal_met="$(awk -v w="$worst" 'BEGIN { print (w >= 0.5) ? "true" : "false" }')"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git status --porcelain -- src 2>/dev/null | grep -q . && echo true || echo false)"
when="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
wrk_version="$({ wrk -v 2>&1 || true; } | head -n 1 | cut -d' ' -f2)"

cat >bench/results/gateway.json <<JSON
{
  "benchmark": "bench/gateway/run.sh",
  "date": "$when",
  "commit": "$commit",
  "src_modified": $dirty,
  "machine": {"cpus": $(nproc), "load_generator": "wrk $wrk_version on the same machine, loopback",
              "loadavg_1min_before": $load_before, "loadavg_1min_after": $load_after},
  "settings": {"connections": $connections, "threads": $threads, "seconds": $seconds, "warmup_seconds": $warmup, "preset": "$preset"},
  "routes": {$routes_json
  },
  "worst_graphql_ratio": $worst,
  "goal": "each GraphQL route >= 0.5 x /healthz requests/s",
  "goal_met": $goal_met,
  "valid": $([[ $invalid == 0 ]] && echo true || echo false)
}
JSON

cat >bench/results/gateway.md <<MD
# Gateway benchmark

\`bench/gateway/run.sh --connections=$connections --seconds=$seconds --threads=$threads\`
($when, commit $commit, $(nproc) CPUs shared by the shop and wrk $wrk_version, loopback,
${warmup} s warm-up before each ${seconds} s run, preset $preset;
1-minute load average $load_before before the run: near 0 on an otherwise idle machine)

$table

Goal: each GraphQL route at least 0.50 of the /healthz rate on the same server.
Worst GraphQL route: **$worst** — goal $([[ $goal_met == true ]] && echo met || echo "not met").
MD

echo
cat bench/results/gateway.md
if ((invalid)); then
  echo "bench: some replies were errors: these numbers measure failures, not the gateway" >&2
  exit 1
fi

#!/usr/bin/env bash
# Our shop against the stack users would otherwise pick: the seed's gateway
# written in Node.js (bench/baseline: Apollo Server + grpc-js) in front of the
# same all-in-one services, measured back to back in one run on loopback.
#
#   bench/compare/run.sh [--seconds=S] [--warmup=S] [--connections=N] [--threads=T]
#                        [--drain=S] [--preset=release|relwithdebinfo] [--binary=PATH]
#
# Scenarios, each on ours then the baseline, wrk at fixed concurrency after a
# warm-up: catalogue (20 perfumes x 6 fields), commande (one order with lines,
# perfumes, payment, delivery), passerCommande (orders/s, latency, and orders
# that reached PAYEE per second after a bounded drain); then start-to-ready
# time and idle RSS from /proc. Writes bench/results/compare.{json,md} and
# compare-*.png (README.md beside this file says how to read them). Exits 1 if
# the gateways' answers differ or any measured reply was not a good one.
# --binary runs a parfumerie already built instead of building the preset.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/compare

seconds=8
warmup=3
connections=32
threads=2
drain=60
preset=release
binary=""
for arg in "$@"; do
  case "$arg" in
    --seconds=*) seconds="${arg#*=}" ;;
    --warmup=*) warmup="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --threads=*) threads="${arg#*=}" ;;
    --drain=*) drain="${arg#*=}" ;;
    --preset=*) preset="${arg#*=}" ;;
    --binary=*) binary="${arg#*=}" ;;
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$seconds" "$warmup" "$connections" "$threads" "$drain"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "compare: '$n' is not a whole number" >&2; exit 2; }
done
((seconds >= 1 && seconds <= 300 && connections >= threads && threads >= 1 && drain >= 1)) ||
  { echo "compare: need 1 <= seconds <= 300, connections >= threads >= 1, drain >= 1" >&2; exit 2; }

python=/usr/bin/python3  # Debian's, where python3-matplotlib lives
have_tools() { command -v wrk curl node >/dev/null && "$python" -c 'import matplotlib' 2>/dev/null; }
have_tools || scripts/setup.sh
have_tools || { echo "compare: needs wrk, curl, node and python3-matplotlib (scripts/setup.sh)" >&2; exit 1; }

if [[ -z "$binary" ]]; then
  scripts/build.sh "$preset" parfumerie >/dev/null
  binary="build/$preset/src/app/parfumerie"
fi
[[ -x "$binary" ]] || { echo "compare: $binary is not an executable" >&2; exit 1; }
[[ -d bench/baseline/node_modules/@apollo/server ]] || npm --prefix bench/baseline ci --no-audit --no-fund

# shellcheck source=bench/gateway/shop.sh
source bench/gateway/shop.sh  # shop_stop, shop_die
work="$(mktemp -d -t parfumerie-compare.XXXXXX)"
raw=bench/results/tmp/compare  # kept (not committed): report.py re-renders from it
rm -rf "$raw"
mkdir -p "$raw"
BASE_PID=""
stop_all() {
  if [[ -n "$BASE_PID" ]] && kill -0 "$BASE_PID" 2>/dev/null; then
    kill -TERM "$BASE_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$BASE_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$BASE_PID" 2>/dev/null || true
    wait "$BASE_PID" 2>/dev/null || true
  fi
  BASE_PID=""
  shop_stop
}
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

secret="$(head -c 48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
catalogue_body="$(node $here/shop.mjs body catalogue)"

now_ms() { local t="$EPOCHREALTIME"; echo "${t/[.,]/}" | cut -c1-13; }

# graphql_ok PORT: the catalogue query answers 200 with data and no errors.
graphql_ok() {
  local reply
  reply="$(curl -s --max-time 2 -H 'Content-Type: application/json' --data-binary "$catalogue_body" \
    "http://127.0.0.1:$1/graphql")" || return 1
  [[ "$reply" == *'"data"'* && "$reply" != *'"errors"'* ]]
}

# process_figures NAME PID START_MS READY_MS: start-to-ready time, and memory
# after 2 s of idleness (no request but the readiness probe).
process_figures() {
  sleep 2
  awk -v comm="$(cat "/proc/$2/comm")" -v ms=$(($4 - $3)) '
    /^VmRSS:/ { rss = $2 } /^RssAnon:/ { anon = $2 } /^RssFile:/ { file = $2 } /^Threads:/ { threads = $2 }
    END { printf "{\"comm\": \"%s\", \"start_to_ready_ms\": %d, \"idle_rss_kb\": %d, \"idle_rss_anon_kb\": %d, \"idle_rss_file_kb\": %d, \"threads\": %d}\n", comm, ms, rss, anon, file, threads }' \
    "/proc/$2/status" >"$raw/process-$1.json"
  echo "compare: $1 ready in $(($4 - $3)) ms; idle: $(cat "$raw/process-$1.json")"
}

after_load_figures() {  # NAME PID
  awk '/^VmRSS:/ { r = $2 } /^VmHWM:/ { h = $2 } END { printf "{\"rss_after_load_kb\": %d, \"peak_rss_kb\": %d}\n", r, h }' \
    "/proc/$2/status" >"$raw/memory-$1.json"
}

# CPU time (user + system, clock ticks) of the shop and of the baseline so far.
cpu_mark() {
  local t1 t2
  t1="$(awk '{ print $14 + $15 }' "/proc/$SHOP_PID/stat")"
  t2="$(awk '{ print $14 + $15 }' "/proc/$BASE_PID/stat")"
  echo "$t1 $t2"
}
cpu_save() {  # FILE "BEFORE": the CPU seconds each process used since BEFORE
  local before=($2) now=($(cpu_mark)) hz
  hz="$(getconf CLK_TCK)"
  awk -v s=$((now[0] - before[0])) -v b=$((now[1] - before[1])) -v hz="$hz" \
    'BEGIN { printf "{\"shop_cpu_s\": %.2f, \"baseline_cpu_s\": %.2f}\n", s / hz, b / hz }' >"$1"
}

# Ours: the whole all-in-one shop, as bench/gateway/shop.sh starts it, timed
# from the fork to the first good GraphQL answer.
load_before="$(cut -d' ' -f1 /proc/loadavg)"
SHOP_DIR="$work/shop"
SHOP_LOG="$SHOP_DIR/shop.log"
mkdir -p "$SHOP_DIR"
started="$(now_ms)"
"$binary" --data-dir="$SHOP_DIR/data" --listen-host=127.0.0.1 \
  --catalog-grpc-port=0 --catalog-http-port=0 --payment-grpc-port=0 --delivery-grpc-port=0 \
  --gateway-port=0 --web-port=0 --log-format=json --demo-data=true --delivery-simulator=false \
  --payment-latency-ms=0 --shutdown-grace-ms=2000 --jwt-secret="$secret" >"$SHOP_LOG" 2>&1 &
SHOP_PID=$!
SHOP_PORT=""
deadline=$((SECONDS + 60))
until [[ -n "$SHOP_PORT" ]] && graphql_ok "$SHOP_PORT"; do
  kill -0 "$SHOP_PID" 2>/dev/null || shop_die "the shop exited during start-up"
  ((SECONDS < deadline)) || shop_die "the shop did not answer GraphQL within 60 s"
  [[ -n "$SHOP_PORT" ]] ||
    SHOP_PORT="$(sed -n 's#.*GraphQL listening on http://127\.0\.0\.1:\([0-9]*\)/graphql.*#\1#p' "$SHOP_LOG" | head -n 1)"
  sleep 0.01
done
process_figures ours "$SHOP_PID" "$started" "$(now_ms)"
grpc_port() { sed -n "s/.*\"logger\":\"$1\",\"msg\":\"gRPC listening on 127\.0\.0\.1:\([0-9]*\)\".*/\1/p" "$SHOP_LOG" | head -n 1; }
catalog_port="$(grpc_port catalog)"
payment_port="$(grpc_port payment)"
delivery_port="$(grpc_port delivery)"
[[ -n "$catalog_port" && -n "$payment_port" && -n "$delivery_port" ]] || shop_die "no gRPC ports in the shop's log"

# The baseline: the node process alone, on the same services, in production mode.
base_log="$work/baseline.log"
base_port=""
started="$(now_ms)"
NODE_ENV=production PORT=0 HOST=127.0.0.1 JWT_SECRET="$secret" CATALOG_ADDR="127.0.0.1:$catalog_port" \
  PAYMENT_ADDR="127.0.0.1:$payment_port" DELIVERY_ADDR="127.0.0.1:$delivery_port" \
  node bench/baseline/index.js >"$base_log" 2>&1 &
BASE_PID=$!
deadline=$((SECONDS + 60))
until [[ -n "$base_port" ]] && graphql_ok "$base_port"; do
  kill -0 "$BASE_PID" 2>/dev/null || { cat "$base_log" >&2; shop_die "the baseline exited during start-up"; }
  ((SECONDS < deadline)) || shop_die "the baseline did not answer GraphQL within 60 s"
  [[ -n "$base_port" ]] || base_port="$(sed -n 's#^ready http://127\.0\.0\.1:\([0-9]*\)/graphql#\1#p' "$base_log")"
  sleep 0.01
done
process_figures baseline "$BASE_PID" "$started" "$(now_ms)"

ours_url="http://127.0.0.1:$SHOP_PORT/graphql"
base_url="http://127.0.0.1:$base_port/graphql"
node $here/shop.mjs prepare "$ours_url" >"$work/prepare.env" || shop_die "could not prepare the shop"
# shellcheck disable=SC1091
source "$work/prepare.env"
echo "compare: ours on $ours_url, baseline on $base_url, order $BENCH_ORDER is PAYEE"
node $here/shop.mjs same "$ours_url" "$base_url" "$READER_TOKEN" "$BENCH_ORDER" ||
  shop_die "the two gateways do not answer the same data: the comparison would not compare the same work"

# wrk_run NAME URL LUA BODY TOKEN KEY_PREFIX SECONDS: one run; prints the bench-result JSON.
wrk_run() {
  local out
  out="$(BENCH_METHOD=POST BENCH_BODY="$4" BENCH_TOKEN="$5" BENCH_EXPECT=graphql BENCH_KEY_PREFIX="$6" \
    wrk -t"$threads" -c"$connections" -d"$7s" --timeout 5s --latency -s "$3" "$2")"
  echo "$out" | grep -v '^bench-' | sed "s|^|  [$1] |" >&2
  echo "$out" | grep '^bench-bad-sample' | sed "s|^|  [$1] |" >&2 || true
  echo "$out" | sed -n 's/^bench-result //p'
}

# read_scenario NAME BODY TOKEN: ours, then the baseline, each after its warm-up.
read_scenario() {
  local side url
  for side in ours baseline; do
    url="$ours_url"
    [[ $side == baseline ]] && url="$base_url"
    ((warmup > 0)) && wrk_run "$1/$side warm-up" "$url" bench/gateway/load.lua "$2" "$3" "" "$warmup" >/dev/null
    local before
    before="$(cpu_mark)"
    wrk_run "$1/$side" "$url" bench/gateway/load.lua "$2" "$3" "" "$seconds" >"$raw/wrk-$1-$side.json"
    cpu_save "$raw/cpu-$1-$side.json" "$before"
  done
}

read_scenario catalogue "$catalogue_body" ""
read_scenario commande "$(node $here/shop.mjs body commande "$BENCH_ORDER")" "$READER_TOKEN"

# passerCommande: warm-up orders settle first; then the measured orders, of a
# customer of their own, are counted once none is EN_ATTENTE (at most --drain s).
run_id="$(date +%s)"
order_scenario() {  # SIDE URL WHO (prepare.env's OURS or BASE)
  local token="${3}_TOKEN" card="${3}_CARD" client="${3}_CLIENT"
  local warm_token="${3}_WARM_TOKEN" warm_card="${3}_WARM_CARD" warm_client="${3}_WARM_CLIENT"
  local body drained before
  if ((warmup > 0)); then
    body="$(node $here/shop.mjs body passerCommande "$BENCH_PARFUM" "${!warm_card}")"
    wrk_run "passerCommande/$1 warm-up" "$2" $here/order.lua "$body" "${!warm_token}" "warm-$1-$run_id" "$warmup" >/dev/null
    node $here/shop.mjs drain "$ours_url" "$ADMIN_TOKEN" "${!warm_client}" "$drain" >/dev/null ||
      echo "compare: $1's warm-up orders were not all settled after $drain s" >&2
  fi
  body="$(node $here/shop.mjs body passerCommande "$BENCH_PARFUM" "${!card}")"
  before="$(cpu_mark)"
  wrk_run "passerCommande/$1" "$2" $here/order.lua "$body" "${!token}" "run-$1-$run_id" "$seconds" >"$raw/wrk-order-$1.json"
  drained="$(node $here/shop.mjs drain "$ours_url" "$ADMIN_TOKEN" "${!client}" "$drain")" ||
    echo "compare: $1's orders were not all settled after $drain s" >&2
  cpu_save "$raw/cpu-order-$1.json" "$before"  # placing and settling
  node $here/shop.mjs settled "$ours_url" "$ADMIN_TOKEN" "${!client}" |
    sed "s/^{/{\"drain_s\": ${drained:-null}, /" >"$raw/settled-$1.json"
  echo "  [passerCommande/$1] $(cat "$raw/settled-$1.json")" >&2
}
order_scenario ours "$ours_url" OURS
order_scenario baseline "$base_url" BASE

after_load_figures ours "$SHOP_PID"
after_load_figures baseline "$BASE_PID"
stop_all
load_after="$(cut -d' ' -f1 /proc/loadavg)"

cat >"$raw/meta.json" <<JSON
{
  "benchmark": "bench/compare/run.sh",
  "command": "bench/compare/run.sh --seconds=$seconds --warmup=$warmup --connections=$connections --threads=$threads --drain=$drain --preset=$preset",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "src_modified": $(git status --porcelain -- src 2>/dev/null | grep -q . && echo true || echo false),
  "machine": {"cpus": $(nproc), "loadavg_1min_before": $load_before, "loadavg_1min_after": $load_after,
              "load_generator": "$({ wrk -v 2>&1 || true; } | head -n 1 | cut -d' ' -f1,2) on the same machine, loopback",
              "node": "$(node --version)"},
  "settings": {"connections": $connections, "threads": $threads, "seconds": $seconds, "warmup_seconds": $warmup,
               "drain_max_seconds": $drain, "preset": "$preset"},
  "baseline": {"packages": $(node -e "const p=require('./bench/baseline/package.json');console.log(JSON.stringify(p.dependencies))"),
               "node_env": "production"}
}
JSON
mkdir -p bench/results
"$python" $here/report.py "$raw" bench/results
echo
cat bench/results/compare.md

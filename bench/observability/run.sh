#!/usr/bin/env bash
# What metrics and tracing cost: the all-in-one shop with both on (every
# trace recorded and exported as OTLP/HTTP JSON to a local receiver), with
# metrics on and one trace in ten exported, and with both off (--metrics=false
# --trace-sample-ratio=0), measured back to back in one run, the variants
# taking turns round after round on fresh shops.
#
#   bench/observability/run.sh [--rounds=N] [--seconds=S] [--warmup=S] [--connections=N]
#                              [--drain=S] [--preset=release|relwithdebinfo] [--binary=PATH]
#
# Scenarios, wrk at fixed concurrency after a warm-up (the queries of
# bench/compare): catalogue (20 perfumes), commande (one order with lines,
# payment, delivery), passerCommande (orders placed/s, then orders reaching
# PAYEE/s after a bounded drain). Reports the median of the rounds per
# variant, each instrumented variant's difference from off (1 - variant/off)
# and the shop's CPU per request, in bench/results/observability.{json,md}.
# Goal: at most 5 % less throughput with instrumentation on. Exits 1 if any
# measured reply was not a good one.
set -euo pipefail
self="$(realpath "$0")"
cd "$(dirname "$self")/../.."
here=bench/observability

rounds=2
seconds=6
warmup=2
connections=32
drain=60
preset=release
binary=""
for arg in "$@"; do
  case "$arg" in
    --rounds=*) rounds="${arg#*=}" ;;
    --seconds=*) seconds="${arg#*=}" ;;
    --warmup=*) warmup="${arg#*=}" ;;
    --connections=*) connections="${arg#*=}" ;;
    --drain=*) drain="${arg#*=}" ;;
    --preset=*) preset="${arg#*=}" ;;
    --binary=*) binary="${arg#*=}" ;;
    -h | --help) sed -n '2,18p' "$self" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "observability: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$seconds" "$warmup" "$connections" "$drain"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "observability: '$n' is not a whole number" >&2; exit 2; }
done
((rounds >= 1 && rounds <= 10 && seconds >= 1 && seconds <= 300 && connections >= 2 && drain >= 1)) ||
  { echo "observability: need 1 <= rounds <= 10, 1 <= seconds <= 300, connections >= 2, drain >= 1" >&2; exit 2; }

python=/usr/bin/python3
command -v wrk >/dev/null && command -v node >/dev/null || scripts/setup.sh
if [[ -z "$binary" ]]; then
  scripts/build.sh "$preset" parfumerie >/dev/null
  binary="build/$preset/src/app/parfumerie"
fi
[[ -x "$binary" ]] || { echo "observability: $binary is not an executable" >&2; exit 1; }

# shellcheck source=bench/gateway/shop.sh
source bench/gateway/shop.sh
raw=bench/results/tmp/observability
rm -rf "$raw"
mkdir -p "$raw"
SINK_PID=""
stop_all() {
  shop_stop
  if [[ -n "$SINK_PID" ]] && kill -0 "$SINK_PID" 2>/dev/null; then
    kill -TERM "$SINK_PID"
    wait "$SINK_PID" 2>/dev/null || true
  fi
  SINK_PID=""
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# The OTLP receiver, for the whole run.
"$python" $here/otlp_sink.py "$raw/sink.json" >"$raw/sink.out" 2>&1 &
SINK_PID=$!
deadline=$((SECONDS + 10))
until grep -q '^port ' "$raw/sink.out"; do
  kill -0 "$SINK_PID" 2>/dev/null || { cat "$raw/sink.out" >&2; exit 1; }
  ((SECONDS < deadline)) || { echo "observability: the OTLP receiver did not start" >&2; exit 1; }
  sleep 0.05
done
sink_port="$(sed -n 's/^port //p' "$raw/sink.out")"

declare -A flags
flags[on]="--metrics=true --trace-sample-ratio=1 --otlp-endpoint=http://127.0.0.1:$sink_port"
flags[sampled]="--metrics=true --trace-sample-ratio=0.1 --otlp-endpoint=http://127.0.0.1:$sink_port"
flags[off]="--metrics=false --trace-sample-ratio=0"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SHOP_PID/stat"; }

# wrk_run NAME URL LUA BODY TOKEN KEY_PREFIX SECONDS: prints the bench-result JSON.
wrk_run() {
  local out
  out="$(BENCH_METHOD=POST BENCH_BODY="$4" BENCH_TOKEN="$5" BENCH_EXPECT=graphql BENCH_KEY_PREFIX="$6" \
    wrk -t2 -c"$connections" -d"$7s" --timeout 5s --latency -s "$3" "$2")"
  echo "$out" | grep '^bench-bad-sample' | sed "s|^|  [$1] |" >&2 || true
  echo "$out" | sed -n 's/^bench-result //p'
}

# measure NAME FILE URL LUA BODY TOKEN KEY: warm-up, then a measured run with the shop's CPU.
measure() {
  ((warmup > 0)) && wrk_run "$1 warm-up" "$3" "$4" "$5" "$6" "warm-$7" "$warmup" >/dev/null
  local before result
  before="$(cpu_ticks)"
  result="$(wrk_run "$1" "$3" "$4" "$5" "$6" "$7" "$seconds")"
  echo "{\"wrk\": $result, \"shop_cpu_ticks\": $(($(cpu_ticks) - before))}" >"$2"
  echo "  [$1] $(sed -n 's/.*"rps":\([0-9.]*\).*"p99_us":\([0-9]*\).*/\1 req\/s, p99 \2 us/p' <<<"$result")" >&2
}

one_round() {  # VARIANT ROUND
  local v="$1" r="$2" url
  # shellcheck disable=SC2086
  shop_start "$binary" ${flags[$v]}
  url="http://127.0.0.1:$SHOP_PORT/graphql"
  node bench/compare/shop.mjs prepare "$url" >"$raw/prepare.env" || shop_die "could not prepare the shop"
  # shellcheck disable=SC1091
  source "$raw/prepare.env"
  echo "observability: round $r, $v (${flags[$v]})" >&2
  measure "catalogue/$v/$r" "$raw/catalogue-$v-$r.json" "$url" bench/gateway/load.lua \
    "$(node bench/compare/shop.mjs body catalogue)" "" "c$r"
  measure "commande/$v/$r" "$raw/commande-$v-$r.json" "$url" bench/gateway/load.lua \
    "$(node bench/compare/shop.mjs body commande "$BENCH_ORDER")" "$READER_TOKEN" "d$r"
  # Warm-up orders by one customer, measured ones by another: only the latter are counted.
  ((warmup > 0)) && wrk_run "passerCommande/$v/$r warm-up" "$url" bench/compare/order.lua \
    "$(node bench/compare/shop.mjs body passerCommande "$BENCH_PARFUM" "$OURS_WARM_CARD")" "$OURS_WARM_TOKEN" \
    "warm-$v-$r" "$warmup" >/dev/null
  node bench/compare/shop.mjs drain "$url" "$ADMIN_TOKEN" "$OURS_WARM_CLIENT" "$drain" >/dev/null ||
    echo "observability: warm-up orders not settled after $drain s" >&2
  warmup=0 measure "passerCommande/$v/$r" "$raw/order-$v-$r.json" "$url" bench/compare/order.lua \
    "$(node bench/compare/shop.mjs body passerCommande "$BENCH_PARFUM" "$OURS_CARD")" "$OURS_TOKEN" "run-$v-$r"
  node bench/compare/shop.mjs drain "$url" "$ADMIN_TOKEN" "$OURS_CLIENT" "$drain" >/dev/null ||
    echo "observability: orders not settled after $drain s" >&2
  node bench/compare/shop.mjs settled "$url" "$ADMIN_TOKEN" "$OURS_CLIENT" >"$raw/settled-$v-$r.json"
  echo "  [passerCommande/$v/$r] $(cat "$raw/settled-$v-$r.json")" >&2
  shop_stop
}

load_before="$(cut -d' ' -f1 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  # Rotate which variant goes first, so that a drift in the machine's load
  # does not always favour the same one.
  case $((r % 3)) in
    1) order=(on sampled off) ;;
    2) order=(off on sampled) ;;
    0) order=(sampled off on) ;;
  esac
  for v in "${order[@]}"; do one_round "$v" "$r"; done
done
stop_all
load_after="$(cut -d' ' -f1 /proc/loadavg)"

cat >"$raw/meta.json" <<JSON
{
  "benchmark": "bench/observability/run.sh",
  "command": "bench/observability/run.sh --rounds=$rounds --seconds=$seconds --warmup=$warmup --connections=$connections --drain=$drain --preset=$preset",
  "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)",
  "machine": {"cpus": $(nproc), "loadavg_1min_before": $load_before, "loadavg_1min_after": $load_after,
              "clock_ticks_per_s": $(getconf CLK_TCK)},
  "variants": {"on": "${flags[on]}", "sampled": "${flags[sampled]}", "off": "${flags[off]}"},
  "rounds": $rounds
}
JSON
mkdir -p bench/results
"$python" $here/report.py "$raw" bench/results

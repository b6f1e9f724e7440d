#!/bin/sh
# Runs both benchmarks on this machine and prints graphql-js time / engine time,
# both in CPU time per operation (less sensitive to a busy machine than wall time).
# The two run in turns, ROUNDS times (default 3), and each side keeps its best
# time: a burst of other work on the machine then slows a round of one side
# without deciding the ratio.
# Usage: bench/graphql/compare.sh BUILD_DIR
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?build directory}"
rounds="${ROUNDS:-3}"
[ -d "$here/../../tests/graphql/oracle/node_modules/graphql" ] || (cd "$here/../../tests/graphql/oracle" && npm ci --no-audit --no-fund)
js=""
cpp=""
i=0
while [ "$i" -lt "$rounds" ]; do
  js="$js$(node "$here/graphql_js_bench.mjs")
"
  cpp="$cpp$("$build/bench/graphql/graphql_bench" --benchmark_filter='BM_(FullPipeline|Cached)/' --benchmark_format=json --benchmark_min_time=1 | tr -d '\n')
"
  i=$((i + 1))
done
JS="$js" CPP="$cpp" ROUNDS="$rounds" python3 - <<'PY'
import json, os
js_runs = [json.loads(line) for line in os.environ["JS"].splitlines() if line.strip()]
cpp_runs = [{b["name"]: b["cpu_time"] / 1000.0 for b in json.loads(line)["benchmarks"]}
            for line in os.environ["CPP"].splitlines() if line.strip()]
names = ["catalogue", "nested", "introspection"]
print(f"{'query':<14}{'mode':<8}{'graphql-js us':>14}{'engine us':>11}{'ratio':>8}   "
      f"(CPU time per operation, best of {os.environ['ROUNDS']} rounds each)")
for i, n in enumerate(names):
    for mode, key, bench in (("full", "full_us", "BM_FullPipeline"), ("cached", "cached_us", "BM_Cached")):
        theirs = min(run[n][key] for run in js_runs)
        ours = min(run[f"{bench}/{i}"] for run in cpp_runs)
        print(f"{n:<14}{mode:<8}{theirs:>14.2f}{ours:>11.2f}{theirs / ours:>7.1f}x")
PY

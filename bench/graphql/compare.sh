#!/bin/sh
# Runs both benchmarks on this machine and prints graphql-js time / engine time,
# both in CPU time per operation (less sensitive to a busy machine than wall time).
# Usage: bench/graphql/compare.sh BUILD_DIR
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
build="${1:?build directory}"
[ -d "$here/../../tests/graphql/oracle/node_modules/graphql" ] || (cd "$here/../../tests/graphql/oracle" && npm ci --no-audit --no-fund)
js="$(node "$here/graphql_js_bench.mjs")"
cpp="$("$build/bench/graphql/graphql_bench" --benchmark_filter='BM_(FullPipeline|Cached)' --benchmark_format=json --benchmark_min_time=1)"
JS="$js" CPP="$cpp" python3 - <<'PY'
import json, os
js = json.loads(os.environ["JS"])
cpp = {b["name"]: b["cpu_time"] / 1000.0 for b in json.loads(os.environ["CPP"])["benchmarks"]}
names = ["catalogue", "nested", "introspection"]
print(f"{'query':<14}{'mode':<8}{'graphql-js us':>14}{'engine us':>11}{'ratio':>8}   (CPU time per operation)")
for i, n in enumerate(names):
    for mode, key, bench in (("full", "full_us", "BM_FullPipeline"), ("cached", "cached_us", "BM_Cached")):
        ours = cpp[f"{bench}/{i}"]
        print(f"{n:<14}{mode:<8}{js[n][key]:>14.2f}{ours:>11.2f}{js[n][key] / ours:>7.1f}x")
PY

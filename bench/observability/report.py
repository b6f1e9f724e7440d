"""Renders bench/observability/run.sh's raw results as observability.{json,md}.

    report.py RAW_DIR OUT_DIR

Per scenario and variant: the median over the rounds of the requests (or
orders) per second, the p99 latency and the shop's CPU per request; then the
throughput difference 1 - on/off (positive: instrumentation costs that much).
Exits 1 when a measured run had bad replies.
"""
import glob
import json
import os
import statistics
import sys

GOAL = 0.05


def load(path):
    with open(path) as f:
        return json.load(f)


def main(raw, out):
    meta = load(os.path.join(raw, "meta.json"))
    hz = meta["machine"]["clock_ticks_per_s"]
    sink = load(os.path.join(raw, "sink.json")) if os.path.exists(os.path.join(raw, "sink.json")) else {}
    bad = 0
    scenarios = {}
    for name, prefix in (("catalogue", "catalogue"), ("commande", "commande"), ("passerCommande", "order")):
        per_variant = {}
        for variant in ("on", "off"):
            runs = []
            for path in sorted(glob.glob(os.path.join(raw, f"{prefix}-{variant}-*.json"))):
                r = load(path)
                w = r["wrk"]
                bad += w["bad"] + w["socket_errors"] + w["non_2xx"]
                run = {
                    "rps": w["rps"],
                    "p50_ms": w["p50_us"] / 1000,
                    "p99_ms": w["p99_us"] / 1000,
                    "cpu_us_per_request": r["shop_cpu_ticks"] / hz / max(w["requests"], 1) * 1e6,
                }
                if prefix == "order":
                    s = load(path.replace(f"order-{variant}", f"settled-{variant}"))
                    run["settled_per_s"] = s["settled_per_s"]
                    run["orders"] = s["orders"]
                    run["paid"] = s["paid"]
                runs.append(run)
            if not runs:
                sys.exit(f"report: no {prefix} runs for {variant} in {raw}")
            median = {k: statistics.median(run[k] for run in runs) for k in runs[0]}
            per_variant[variant] = {"median": median, "runs": runs}
        on, off = per_variant["on"]["median"], per_variant["off"]["median"]
        diff = {"throughput": 1 - on["rps"] / off["rps"]}
        if "settled_per_s" in on and off["settled_per_s"] > 0:
            diff["settled"] = 1 - on["settled_per_s"] / off["settled_per_s"]
        diff["cpu_per_request"] = on["cpu_us_per_request"] / off["cpu_us_per_request"] - 1
        scenarios[name] = {**per_variant, "difference": diff}

    worst = max(max(s["difference"]["throughput"], s["difference"].get("settled", -1)) for s in scenarios.values())
    result = {**meta, "otlp_receiver": sink, "scenarios": scenarios, "goal_max_difference": GOAL,
              "worst_difference": worst, "goal_met": worst <= GOAL, "bad_replies": bad}
    with open(os.path.join(out, "observability.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    m = meta["machine"]
    lines = [
        "# What metrics and tracing cost",
        "",
        f"`{meta['command']}`",
        f"({meta['date']}, commit {meta['commit']}, {m['cpus']} CPUs shared by the shop, wrk and the OTLP receiver;",
        f"1-minute load average {m['loadavg_1min_before']} before, {m['loadavg_1min_after']} after; "
        f"median of {meta['rounds']} round(s) per variant, the variants alternating on fresh shops)",
        "",
        f"**on**: `{meta['variants']['on']}` — every request traced, every span exported as OTLP/HTTP JSON "
        f"to a local receiver ({sink.get('spans', '?')} spans in {sink.get('requests', '?')} batches over the run).  ",
        f"**off**: `{meta['variants']['off']}` — no series recorded, no span made.",
        "",
        "| scenario | on: per s | off: per s | throughput difference | p99 on / off (ms) | shop CPU per request on / off (µs) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in scenarios.items():
        on, off, d = s["on"]["median"], s["off"]["median"], s["difference"]
        lines.append(f"| {name} | {on['rps']:.0f} | {off['rps']:.0f} | {d['throughput'] * 100:+.1f} % | "
                     f"{on['p99_ms']:.1f} / {off['p99_ms']:.1f} | "
                     f"{on['cpu_us_per_request']:.0f} / {off['cpu_us_per_request']:.0f} ({d['cpu_per_request'] * 100:+.1f} %) |")
        if "settled" in d:
            lines.append(f"| {name}: orders reaching PAYEE | {on['settled_per_s']:.0f} | {off['settled_per_s']:.0f} | "
                         f"{d['settled'] * 100:+.1f} % | | |")
    lines += [
        "",
        f"Goal: at most {GOAL * 100:.0f} % less throughput with everything on. Worst difference: "
        f"**{worst * 100:+.1f} %** — goal {'met' if worst <= GOAL else 'not met'}."
        + (f" **{bad} bad replies: the run is invalid.**" if bad else ""),
        "",
        "A positive difference is what instrumentation costs; a negative one is noise larger than that cost",
        "(the machine's two cores are shared with the load generator). The CPU per request is the steadier figure.",
    ]
    with open(os.path.join(out, "observability.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

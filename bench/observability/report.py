"""Renders bench/observability/run.sh's raw results as observability.{json,md}.

    report.py RAW_DIR OUT_DIR

Per scenario and variant (on, sampled, off): the median over the rounds of the
requests (or orders) per second, the p99 latency and the shop's CPU per
request; then each instrumented variant's throughput difference from off,
1 - variant/off (positive: instrumentation costs that much).
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
    variants = ("on", "sampled", "off")
    for name, prefix in (("catalogue", "catalogue"), ("commande", "commande"), ("passerCommande", "order")):
        per_variant = {}
        for variant in variants:
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
        off = per_variant["off"]["median"]
        differences = {}
        for variant in ("on", "sampled"):
            m = per_variant[variant]["median"]
            d = {"throughput": 1 - m["rps"] / off["rps"],
                 "cpu_per_request": m["cpu_us_per_request"] / off["cpu_us_per_request"] - 1}
            if "settled_per_s" in m and off["settled_per_s"] > 0:
                d["settled"] = 1 - m["settled_per_s"] / off["settled_per_s"]
            differences[variant] = d
        scenarios[name] = {**per_variant, "difference_from_off": differences}

    def worst(variant):
        return max(max(s["difference_from_off"][variant]["throughput"],
                       s["difference_from_off"][variant].get("settled", -1)) for s in scenarios.values())

    worst_on, worst_sampled = worst("on"), worst("sampled")
    result = {**meta, "otlp_receiver": sink, "scenarios": scenarios, "goal_max_difference": GOAL,
              "worst_difference": {"on": worst_on, "sampled": worst_sampled},
              "goal_met": {"on": worst_on <= GOAL, "sampled": worst_sampled <= GOAL}, "bad_replies": bad}
    with open(os.path.join(out, "observability.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")

    m = meta["machine"]
    v = meta["variants"]
    lines = [
        "# What metrics and tracing cost",
        "",
        f"`{meta['command']}`",
        f"({meta['date']}, commit {meta['commit']}, {m['cpus']} CPUs shared by the shop, wrk and the OTLP receiver;",
        f"1-minute load average {m['loadavg_1min_before']} before, {m['loadavg_1min_after']} after; "
        f"median of {meta['rounds']} round(s) per variant, the variants taking turns on fresh shops)",
        "",
        f"- **on**: `{v['on']}` — metrics, and every request traced with its spans exported as OTLP/HTTP",
        f"  JSON to a local receiver ({sink.get('spans', '?')} spans in {sink.get('requests', '?')} batches over the run, both exporting variants);",
        f"- **sampled**: `{v['sampled']}` — metrics, and one trace in ten exported;",
        f"- **off**: `{v['off']}` — no series recorded, no span made (log lines still carry trace ids).",
        "",
        "| scenario | off: per s | on: per s (difference) | sampled: per s (difference) | p99 off / on / sampled (ms) | shop CPU per request off / on / sampled (µs) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, sc in scenarios.items():
        on, sa, off = sc["on"]["median"], sc["sampled"]["median"], sc["off"]["median"]
        d_on, d_sa = sc["difference_from_off"]["on"], sc["difference_from_off"]["sampled"]
        lines.append(f"| {name} | {off['rps']:.0f} | {on['rps']:.0f} ({d_on['throughput'] * 100:+.1f} %) | "
                     f"{sa['rps']:.0f} ({d_sa['throughput'] * 100:+.1f} %) | "
                     f"{off['p99_ms']:.1f} / {on['p99_ms']:.1f} / {sa['p99_ms']:.1f} | "
                     f"{off['cpu_us_per_request']:.0f} / {on['cpu_us_per_request']:.0f} / {sa['cpu_us_per_request']:.0f} |")
        if "settled" in d_on:
            lines.append(f"| {name}: orders reaching PAYEE | {off['settled_per_s']:.0f} | "
                         f"{on['settled_per_s']:.0f} ({d_on['settled'] * 100:+.1f} %) | "
                         f"{sa['settled_per_s']:.0f} ({d_sa['settled'] * 100:+.1f} %) | | |")
    lines += [
        "",
        f"Goal: at most {GOAL * 100:.0f} % less throughput with instrumentation on. Worst difference: "
        f"**{worst_on * 100:+.1f} %** with every trace exported (goal {'met' if worst_on <= GOAL else 'not met'}), "
        f"**{worst_sampled * 100:+.1f} %** with one in ten (goal {'met' if worst_sampled <= GOAL else 'not met'})."
        + (f" **{bad} bad replies: the run is invalid.**" if bad else ""),
        "",
        "A positive difference is what instrumentation costs; a negative one is noise larger than that cost",
        "(the machine's two cores are shared with the load generator and the receiver). The CPU per request",
        "is the steadier figure.",
    ]
    with open(os.path.join(out, "observability.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))

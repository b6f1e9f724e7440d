"""Turns the raw figures of bench/compare/run.sh into compare.json, compare.md
and two PNG charts.

    report.py RAW_DIR OUT_DIR

RAW_DIR holds meta.json, wrk-<scenario>-<side>.json (load.lua's bench-result),
settled-<side>.json (shop.mjs settled), process-<side>.json and
memory-<side>.json. Exits 1 when a measured reply was not a good one.
"""
import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402

SIDES = ("ours", "baseline")
CPU_NOTE = "CPU per request, ms (ours: the shop; baseline: node + the shop's services)"
SCENARIOS = (("catalogue", "catalogue"), ("commande", "commande"), ("order", "passerCommande"))


def load(raw, name):
    return json.loads((raw / f"{name}.json").read_text())


def ratio(a, b):
    return a / b if b else None


def good(w):
    return w["good"] > 0 and w["bad"] == 0 and w["socket_errors"] == 0 and w["non_2xx"] == 0


def fmt(x, digits=0):
    return "—" if x is None else f"{x:,.{digits}f}".replace(",", " ")


def build(raw):
    meta = load(raw, "meta")
    wrk = {s: {side: load(raw, f"wrk-{s}-{side}") for side in SIDES} for s, _ in SCENARIOS}
    settled = {side: load(raw, f"settled-{side}") for side in SIDES}
    process = {side: {**load(raw, f"process-{side}"), **load(raw, f"memory-{side}")} for side in SIDES}

    def rps(s, side):
        return wrk[s][side]["rps"]

    def p99(s, side):
        return wrk[s][side]["p99_us"]

    cat_ratio = ratio(rps("catalogue", "ours"), rps("catalogue", "baseline"))
    cmd_ratio = ratio(rps("commande", "ours"), rps("commande", "baseline"))
    settled_vs_placed = ratio(settled["ours"]["settled_per_s"], rps("order", "baseline"))
    p99_order = ratio(p99("order", "ours"), p99("order", "baseline"))
    rss = ratio(process["ours"]["idle_rss_kb"], process["baseline"]["idle_rss_kb"])
    goals = {
        "catalogue": {
            "goal": "requests/s >= 10 x baseline at p99 <= baseline's",
            "ratio": cat_ratio,
            "met": cat_ratio >= 10 and p99("catalogue", "ours") <= p99("catalogue", "baseline"),
        },
        "commande": {"goal": "requests/s >= 10 x baseline", "ratio": cmd_ratio, "met": cmd_ratio >= 10},
        "settled_orders": {
            "goal": "ours settled (PAYEE) orders/s >= 5 x baseline's placed orders/s",
            "ratio": settled_vs_placed,
            "met": settled_vs_placed >= 5,
        },
        "place_order_p99": {"goal": "ours p99 <= 1/5 of baseline's", "ratio": p99_order, "met": p99_order <= 0.2},
        "idle_rss": {"goal": "whole all-in-one idle RSS <= 1/5 of the baseline gateway process", "ratio": rss,
                     "met": rss <= 0.2},
    }
    valid = all(good(wrk[s][side]) for s, _ in SCENARIOS for side in SIDES)
    scenarios = {
        label: {side: wrk[s][side] for side in SIDES} | {"ratio_rps": ratio(rps(s, "ours"), rps(s, "baseline"))}
        for s, label in SCENARIOS
    }
    for side in SIDES:
        scenarios["passerCommande"][side] = scenarios["passerCommande"][side] | {"settled": settled[side]}
    # CPU per request of every process involved: ours is the shop alone; the
    # baseline is node plus the shop's services. Orders count placing and settling.
    for s, label in SCENARIOS:
        for side in SIDES:
            cpu = load(raw, f"cpu-{s}-{side}")
            done = settled[side]["orders"] if s == "order" else wrk[s][side]["requests"]
            total = cpu["shop_cpu_s"] + (cpu["baseline_cpu_s"] if side == "baseline" else 0)
            scenarios[label][side] = scenarios[label][side] | {
                "cpu": cpu | {"cpu_ms_per_request": 1000 * total / done if done else None}}
    return {
        **meta,
        "scenarios": scenarios,
        "process": process,
        "goals": goals,
        "goals_met": sum(g["met"] for g in goals.values()),
        "goals_total": len(goals),
        "valid": valid,
    }


def table(r):
    s = r["scenarios"]
    p = r["process"]
    g = r["goals"]

    def yes(goal):
        return "**yes**" if g[goal]["met"] else "no"

    def lat(x):
        return f"{x['p50_us'] / 1000:.1f} / {x['p99_us'] / 1000:.1f}"

    def lat_ratio(name):
        o, b = s[name]["ours"], s[name]["baseline"]
        return f"{o['p50_us'] / b['p50_us']:.2f} / {o['p99_us'] / b['p99_us']:.2f}"

    def cpu_row(name, title=None):
        o, b = (s[name][side]["cpu"]["cpu_ms_per_request"] for side in SIDES)
        return (title or f"{name}: {CPU_NOTE}", fmt(o, 2), fmt(b, 2), f"{o / b:.2f}" if o and b else "—", "", "")

    rows = [("scenario", "ours", "baseline", "ours ÷ baseline", "goal", "met?"), ("---", "---:", "---:", "---:", "---", "---")]
    for name, goal, goal_text in (("catalogue", "catalogue", "≥ 10× at p99 ≤ baseline's"), ("commande", "commande", "≥ 10×")):
        rows.append((f"{name}: requests/s", fmt(s[name]["ours"]["rps"]), fmt(s[name]["baseline"]["rps"]),
                     f"{s[name]['ratio_rps']:.1f}×", goal_text, yes(goal)))
        rows.append((f"{name}: p50 / p99 latency (ms)", lat(s[name]["ours"]), lat(s[name]["baseline"]),
                     lat_ratio(name), "p99 ≤ baseline's" if name == "catalogue" else "", ""))
        rows.append(cpu_row(name))
    o, b = s["passerCommande"]["ours"], s["passerCommande"]["baseline"]
    rows.append(("passerCommande: orders placed/s", fmt(o["rps"]), fmt(b["rps"]), f"{s['passerCommande']['ratio_rps']:.1f}×", "", ""))
    rows.append(("passerCommande: p50 / p99 latency (ms)", lat(o), lat(b), lat_ratio("passerCommande"),
                 "p99 ≤ 1/5 of baseline's (≤ 0.20)", yes("place_order_p99")))
    rows.append(("passerCommande: orders reaching PAYEE/s", fmt(o["settled"]["settled_per_s"]),
                 fmt(b["settled"]["settled_per_s"]),
                 f"{o['settled']['settled_per_s'] / b['settled']['settled_per_s']:.1f}×", "", ""))
    rows.append(("ours PAYEE/s ÷ baseline placed/s", fmt(o["settled"]["settled_per_s"]), fmt(b["rps"]),
                 f"{g['settled_orders']['ratio']:.1f}×", "≥ 5×", yes("settled_orders")))
    rows.append(cpu_row("passerCommande", "passerCommande: CPU per order placed and settled, ms"))
    rows.append(("idle RSS (MiB): whole shop vs node gateway", fmt(p["ours"]["idle_rss_kb"] / 1024, 1),
                 fmt(p["baseline"]["idle_rss_kb"] / 1024, 1), f"{g['idle_rss']['ratio']:.2f}", "≤ 0.20", yes("idle_rss")))
    rows.append(("idle RSS: anonymous / file-backed (MiB)",
                 f"{p['ours']['idle_rss_anon_kb'] / 1024:.1f} / {p['ours']['idle_rss_file_kb'] / 1024:.1f}",
                 f"{p['baseline']['idle_rss_anon_kb'] / 1024:.1f} / {p['baseline']['idle_rss_file_kb'] / 1024:.1f}",
                 f"{p['ours']['idle_rss_anon_kb'] / p['baseline']['idle_rss_anon_kb']:.2f} / "
                 f"{p['ours']['idle_rss_file_kb'] / p['baseline']['idle_rss_file_kb']:.2f}", "", ""))
    rows.append(("RSS after the load (MiB)", fmt(p["ours"]["rss_after_load_kb"] / 1024, 1),
                 fmt(p["baseline"]["rss_after_load_kb"] / 1024, 1),
                 f"{p['ours']['rss_after_load_kb'] / p['baseline']['rss_after_load_kb']:.2f}", "", ""))
    rows.append(("start to ready (ms)", fmt(p["ours"]["start_to_ready_ms"]), fmt(p["baseline"]["start_to_ready_ms"]),
                 f"{p['ours']['start_to_ready_ms'] / p['baseline']['start_to_ready_ms']:.2f}", "", ""))
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def markdown(r, why):
    st = r["settings"]
    m = r["machine"]
    s = r["scenarios"]["passerCommande"]
    orders = "; ".join(
        f"{side}: {s[side]['settled']['orders']} orders, {s[side]['settled']['paid']} PAYEE, "
        f"drained in {s[side]['settled']['drain_s']} s" for side in SIDES)
    text = f"""# Our shop vs the seed's stack (Node.js Apollo gateway)

`{r['command']}`
({r['date']}, commit {r['commit']}, {m['cpus']} CPUs shared by both servers and {m['load_generator']};
node {m['node']}; 1-minute load average {m['loadavg_1min_before']} before, {m['loadavg_1min_after']} after;
{st['warmup_seconds']} s warm-up then {st['seconds']} s per measurement, {st['connections']} connections,
{st['threads']} wrk threads, preset {st['preset']})

**Ours**: the all-in-one `parfumerie` (gateway and services in one process). **Baseline**:
`bench/baseline` — Apollo Server {r['baseline']['packages']['@apollo/server']} standalone + grpc-js
{r['baseline']['packages']['@grpc/grpc-js']}, `NODE_ENV=production`, one node process calling the
*same* services over loopback gRPC. Both serve the same schema and answer the same data
(checked before the load and by `bench_baseline_e2e_test`).

{table(r)}

Goals met: **{r['goals_met']} of {r['goals_total']}**{'' if r['valid'] else ' — **INVALID RUN: some replies were errors**'}.

passerCommande counts ({orders}). "Orders reaching PAYEE/s" is the number of the run's orders
that became PAYEE divided by the time from the first one placed to the last one paid (from the
orders' history), so it includes the saga's backlog after the load stopped.

Charts: `compare-throughput.png`, `compare-latency.png`. How to read: `bench/compare/README.md`.
"""
    if why:
        text += "\n" + why
    return text


def charts(r, out):
    s = r["scenarios"]
    labels = ["catalogue\nrequests/s", "commande\nrequests/s", "passerCommande\nplaced/s", "passerCommande\nPAYEE/s"]
    values = {
        side: [s["catalogue"][side]["rps"], s["commande"][side]["rps"], s["passerCommande"][side]["rps"],
               s["passerCommande"][side]["settled"]["settled_per_s"]]
        for side in SIDES
    }
    colors = {"ours": "#2b6cb0", "baseline": "#c05621"}
    names = {"ours": "ours (C++ all-in-one)", "baseline": "baseline (Node Apollo + grpc-js)"}
    fig, ax = plt.subplots(figsize=(9, 5))
    width = 0.38
    for i, side in enumerate(SIDES):
        xs = [x + (i - 0.5) * width for x in range(len(labels))]
        bars = ax.bar(xs, values[side], width, label=names[side], color=colors[side])
        ax.bar_label(bars, labels=[f"{v:,.0f}" for v in values[side]], fontsize=8)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel("per second")
    ax.set_title(f"Throughput per scenario ({r['settings']['connections']} connections, {r['date'][:10]})")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "compare-throughput.png", dpi=110)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(9, 5))
    groups = [("catalogue", "catalogue"), ("commande", "commande"), ("passerCommande", "passerCommande")]
    width = 0.2
    for j, (side, pct) in enumerate([(sd, p) for sd in SIDES for p in ("p50", "p99")]):
        ys = [s[name][side][f"{pct}_us"] / 1000 for name, _ in groups]
        xs = [x + (j - 1.5) * width for x in range(len(groups))]
        bars = ax.bar(xs, ys, width, label=f"{side} {pct}", color=colors[side], alpha=1.0 if pct == "p50" else 0.55,
                      hatch=None if pct == "p50" else "//")
        ax.bar_label(bars, labels=[f"{y:.1f}" for y in ys], fontsize=7)
    ax.set_xticks(range(len(groups)), [label for _, label in groups])
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _: f"{y:g}"))
    ax.set_ylabel("latency, ms (log scale)")
    ax.set_title("p50 and p99 latency per scenario (lower is better)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "compare-latency.png", dpi=110)
    plt.close(fig)


def main(raw, out):
    raw, out = pathlib.Path(raw), pathlib.Path(out)
    r = build(raw)
    why_file = pathlib.Path(__file__).with_name("why.md")
    why = why_file.read_text() if why_file.exists() else ""
    (out / "compare.json").write_text(json.dumps(r, indent=2, ensure_ascii=False) + "\n")
    (out / "compare.md").write_text(markdown(r, why))
    charts(r, out)
    if not r["valid"]:
        print("compare: some replies were errors: these numbers measure failures", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

#!/usr/bin/env python3
"""Checks the monitoring files in deploy/ against the shop and the compose file.

    check_dashboards.py --source-dir REPO --binary PATH/TO/parfumerie
                        [--metrics-file FILE | --save-metrics FILE]

What it checks (each failure is printed; exit 1 if any):
  - promtool: `check config` of deploy/prometheus/prometheus.yml, `check rules`
    of its rule files, `test rules` of deploy/prometheus/alerts_test.yml.
  - Scrape targets: each is a compose service and a port on which that
    service's command and settings serve /metrics (the gateway's HTTP port,
    the catalogue's REST port, `--metrics-port`); every process is scraped.
  - Kubernetes: every Deployment's pods carry prometheus.io annotations
    naming a declared container port on which they serve /metrics.
  - Compose wiring: Prometheus runs with the config and rules mounted where the
    config names them; Grafana mounts its provisioning and the dashboards,
    its data source is the compose Prometheus, anonymous viewers are on.
  - deploy/grafana/dashboards/*.json: valid JSON with uid, title,
    schemaVersion, the datasource/job/instance variables; unique panel ids;
    every panel a data source and targets; every expression parses (promtool),
    uses only variables the dashboard defines, puts counters and buckets in
    rate()/increase() and never gauges, and keeps `le` in what
    histogram_quantile aggregates.
  - Label names in selectors and by()/without() exist on the series.
  - Every metric an expression names (dashboards and alert rules) is one the
    shop exposes: the all-in-one binary is started on free ports, a customer
    places a delivered order, a declined one and a refused one, and its
    /metrics is scraped (or --metrics-file gives a saved scrape).
Needs PyYAML (Debian: python3-yaml) and promtool (Debian: prometheus).
"""

import argparse
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # A missing checker is a failure, never a skip.
    print("FAIL: PyYAML is missing (Debian package python3-yaml)", file=sys.stderr)
    sys.exit(1)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shop_scrape  # noqa: E402

# Labelled series that appear only after a fault the scenario cannot cause
# (a handler failing, a message dead-lettered). Accepted when absent from the
# scrape if the source registers the family under that name.
FAULT_ONLY_METRICS = {"bus_handler_failures_total", "bus_messages_dead_lettered_total"}
# Series Prometheus writes itself for every target.
SCRAPE_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                 "scrape_series_added"}
# Grafana's own variables, and what they stand for when promtool parses.
GRAFANA_BUILTINS = {"__rate_interval": "1m", "__interval": "1m", "__range": "1h", "__range_s": "3600",
                    "__interval_ms": "60000"}
PROMQL_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
                   "unless", "offset", "inf", "nan", "start", "end"}
COUNTER_FUNCTIONS = ("rate(", "irate(", "increase(", "resets(")
PROMETHEUS_IMAGE = re.compile(r"^prom/prometheus:v\d+\.\d+\.\d+$")
GRAFANA_IMAGE = re.compile(r"^grafana/grafana:\d+\.\d+\.\d+$")


class Checker:
    def __init__(self):
        self.failures = []
        self.notes = []
        self.checks = 0

    def expect(self, ok, message):
        self.checks += 1
        if not ok:
            self.failures.append(message)
        return ok


def rel(root, path):
    return os.path.relpath(path, root)


# --- the binary's settings ---------------------------------------------------

def setting_defaults(binary):
    """{flag name: (env name, default)} from `parfumerie --help`."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30, check=True).stdout
    found = {}
    for m in re.finditer(r"--([a-z0-9-]+)[^\[]*?\[default: ([^\]]*)\]\s*\[env: (PARFUMERIE_[A-Z0-9_]+)\]", out):
        found[m.group(1)] = (m.group(3), m.group(2).strip('"'))
    if "metrics-port" not in found:
        raise RuntimeError(f"{binary} --help lists no --metrics-port")
    return found


def compose_value(value):
    """A compose value with ${X:-default} resolved to its default."""
    if value is None:
        return None
    value = str(value)
    m = re.fullmatch(r"\$\{[A-Z0-9_]+:?-([^}]*)\}", value)
    return m.group(1) if m else value


def metrics_ports(svc, defaults):
    """Ports on which a `parfumerie serve` service answers /metrics."""
    cmd = [str(a) for a in svc.get("command") or []]
    if cmd[:1] != ["serve"]:
        return set()
    flags = dict(a[2:].split("=", 1) for a in cmd if a.startswith("--") and "=" in a)
    env = svc.get("environment") or {}

    def setting(flag):
        env_name, default = defaults[flag]
        v = flags.get(flag, compose_value(env.get(env_name, default)))
        return int(v) if str(v).isdigit() else 0

    targets = flags.get("target", "").split(",")
    ports = set()
    if "gateway" in targets:
        ports.add(setting("gateway-port"))
    if "catalog" in targets:
        ports.add(setting("catalog-http-port"))
    ports.add(setting("metrics-port"))
    ports.discard(0)
    return ports


def mounts(svc, deploy_dir):
    """{container path: host path} of a service's bind mounts."""
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, dict):
            source, target = v.get("source", ""), v.get("target", "")
        else:
            parts = str(v).split(":")
            source, target = parts[0], parts[1] if len(parts) > 1 else ""
        if source.startswith((".", "/")):
            out[target.rstrip("/")] = os.path.normpath(os.path.join(deploy_dir, source))
    return out


def host_path(container_path, binds):
    """The host file behind a container path, through the longest bind mount."""
    for target in sorted(binds, key=len, reverse=True):
        if container_path == target or container_path.startswith(target + "/"):
            return binds[target] + container_path[len(target):]
    return None


def flag(cmd, name, default=None):
    for a in cmd or []:
        if str(a).startswith(f"--{name}="):
            return str(a).split("=", 1)[1]
    return default


def published(svc, container_port):
    for p in svc.get("ports") or []:
        parts = str(p).split(":")
        if int(parts[-1].split("/")[0]) == container_port and len(parts) >= 2:
            return int(parts[-2])
    return None


# --- Prometheus --------------------------------------------------------------

def promtool(c, args, what):
    tool = shutil.which("promtool")
    if not c.expect(tool is not None, "promtool not found: run scripts/setup.sh (Debian package prometheus)"):
        return False
    r = subprocess.run([tool] + args, capture_output=True, text=True, timeout=60)
    return c.expect(r.returncode == 0, f"promtool {' '.join(args[:2])} {what} failed:\n{(r.stdout + r.stderr).strip()}")


def check_prometheus(c, root, services, defaults):
    """Returns (rule expressions [(where, expr)], prometheus' listening port)."""
    deploy = os.path.join(root, "deploy")
    config_path = os.path.join(deploy, "prometheus", "prometheus.yml")
    where = rel(root, config_path)
    promtool(c, ["check", "config", config_path], where)
    with open(config_path) as f:
        config = yaml.safe_load(f) or {}

    exprs = []
    rule_paths = [os.path.join(os.path.dirname(config_path), r) for r in config.get("rule_files") or []]
    c.expect(bool(rule_paths), f"{where}: no rule_files (the alerts)")
    for path in rule_paths:
        promtool(c, ["check", "rules", path], rel(root, path))
        with open(path) as f:
            for group in (yaml.safe_load(f) or {}).get("groups") or []:
                for rule in group.get("rules") or []:
                    name = rule.get("alert") or rule.get("record")
                    exprs.append((f"{rel(root, path)}: {name}", str(rule.get("expr", ""))))
    tests = os.path.join(os.path.dirname(config_path), "alerts_test.yml")
    if c.expect(os.path.isfile(tests), f"{rel(root, tests)} is missing (the alerts' unit tests)"):
        promtool(c, ["test", "rules", tests], rel(root, tests))

    # Every scrape target is a compose service serving /metrics on that port.
    scraped = set()
    for job in config.get("scrape_configs") or []:
        w = f"{where}: job {job.get('job_name')}"
        c.expect(job.get("metrics_path", "/metrics") == "/metrics", f"{w}: metrics_path is not /metrics")
        c.expect(job.get("scheme", "http") == "http", f"{w}: the services serve plain HTTP")
        for sc in job.get("static_configs") or []:
            for target in sc.get("targets") or []:
                host, _, port = str(target).rpartition(":")
                if not c.expect(host in services, f"{w}: target {target}: {host} is not a compose service"):
                    continue
                ports = metrics_ports(services[host], defaults)
                if c.expect(port.isdigit() and int(port) in ports,
                            f"{w}: target {target}: service {host} does not serve /metrics on {port} "
                            f"(it does on {sorted(ports) or 'no port'})"):
                    scraped.add(host)
    for name, svc in services.items():
        if metrics_ports(svc, defaults):
            c.expect(name in scraped, f"{where}: service {name} is not scraped")
        elif str((svc.get("command") or [""])[0]) == "serve":
            c.failures.append(f"deploy/docker-compose.yml: service {name} serves /metrics on no port "
                              f"(give it --metrics-port)")

    # The compose service runs this file with its rules beside it.
    svc = services.get("prometheus")
    if not c.expect(svc is not None, "deploy/docker-compose.yml: no prometheus service"):
        return exprs, None
    w = "deploy/docker-compose.yml: service prometheus"
    c.expect(bool(PROMETHEUS_IMAGE.match(str(svc.get("image")))), f"{w}: image is not a pinned prom/prometheus:vX.Y.Z")
    cmd = svc.get("command") or []
    binds = mounts(svc, deploy)
    in_container = flag(cmd, "config.file", "/etc/prometheus/prometheus.yml")
    c.expect(host_path(in_container, binds) == config_path,
             f"{w}: {rel(root, config_path)} is not mounted at --config.file ({in_container})")
    for path in rule_paths:
        inside = os.path.normpath(os.path.join(os.path.dirname(in_container), os.path.relpath(path, os.path.dirname(config_path))))
        c.expect(host_path(inside, binds) == os.path.normpath(path), f"{w}: rule file {rel(root, path)} is not mounted at {inside}")
    listen = flag(cmd, "web.listen-address", ":9090")
    port = int(listen.rpartition(":")[2])
    c.expect(published(svc, port) == 9090, f"{w}: does not publish port 9090 for its UI (listens on {port})")
    return exprs, port


def check_k8s_scrape(c, root, defaults):
    """Every Deployment's pods carry prometheus.io annotations naming a
    container port on which the pod serves /metrics."""
    k8s = os.path.join(root, "deploy", "k8s")
    docs = []
    for path in sorted(glob.glob(os.path.join(k8s, "*.yaml"))):
        with open(path) as f:
            docs += [(path, d) for d in yaml.safe_load_all(f) if isinstance(d, dict)]
    settings = {}
    for _, d in docs:
        if d.get("kind") == "ConfigMap":
            settings.update(d.get("data") or {})
    deployments = [(p, d) for p, d in docs if d.get("kind") == "Deployment"]
    c.expect(bool(deployments), "deploy/k8s: no Deployment")
    for path, d in deployments:
        w = f"{rel(root, path)}: Deployment {d['metadata']['name']}"
        template = d["spec"]["template"]
        notes = (template.get("metadata") or {}).get("annotations") or {}
        c.expect(notes.get("prometheus.io/scrape") == "true", f"{w}: pods lack prometheus.io/scrape: \"true\"")
        c.expect(notes.get("prometheus.io/path", "/metrics") == "/metrics", f"{w}: prometheus.io/path is not /metrics")
        for ct in template["spec"]["containers"]:
            env = dict(settings)
            env.update({e["name"]: e.get("value") for e in ct.get("env") or [] if "value" in e})
            service = {"command": list(ct.get("args") or []), "environment": env}
            ports = metrics_ports(service, defaults)
            declared = {p.get("containerPort") for p in ct.get("ports") or []}
            port = str(notes.get("prometheus.io/port", ""))
            c.expect(port.isdigit() and int(port) in ports and int(port) in declared,
                     f"{w}: prometheus.io/port {port or '(none)'} is not a container port serving /metrics "
                     f"({sorted(ports & declared)})")


# --- Grafana -----------------------------------------------------------------

def check_grafana(c, root, services, prometheus_port):
    """Returns {dashboard path: its JSON} and the provisioned data source uids."""
    deploy = os.path.join(root, "deploy")
    svc = services.get("grafana")
    dashboards, uids = {}, set()
    if not c.expect(svc is not None, "deploy/docker-compose.yml: no grafana service"):
        return dashboards, uids
    w = "deploy/docker-compose.yml: service grafana"
    c.expect(bool(GRAFANA_IMAGE.match(str(svc.get("image")))), f"{w}: image is not a pinned grafana/grafana:X.Y.Z")
    env = {k: compose_value(v) for k, v in (svc.get("environment") or {}).items()}
    c.expect(env.get("GF_AUTH_ANONYMOUS_ENABLED") == "true" and env.get("GF_AUTH_ANONYMOUS_ORG_ROLE") == "Viewer",
             f"{w}: anonymous access as Viewer is not on (GF_AUTH_ANONYMOUS_ENABLED, GF_AUTH_ANONYMOUS_ORG_ROLE)")
    http_port = int(env.get("GF_SERVER_HTTP_PORT") or 3000)
    c.expect(published(svc, http_port) == 3002, f"{w}: does not publish its port {http_port} as 3002")
    c.expect("prometheus" in (svc.get("depends_on") or {}), f"{w}: does not wait for prometheus")
    binds = mounts(svc, deploy)
    provisioning = host_path("/etc/grafana/provisioning", binds)
    if not c.expect(provisioning is not None and os.path.isdir(provisioning),
                    f"{w}: deploy/grafana/provisioning is not mounted at /etc/grafana/provisioning"):
        return dashboards, uids

    for path in sorted(glob.glob(os.path.join(provisioning, "datasources", "*.y*ml"))):
        with open(path) as f:
            for ds in (yaml.safe_load(f) or {}).get("datasources") or []:
                wd = f"{rel(root, path)}: data source {ds.get('name')}"
                uids.add(ds.get("uid"))
                m = re.fullmatch(r"http://([a-z0-9-]+):(\d+)/?", str(ds.get("url")))
                c.expect(ds.get("type") == "prometheus" and m is not None and m.group(1) == "prometheus" and
                         prometheus_port is not None and int(m.group(2)) == prometheus_port,
                         f"{wd}: is not the compose Prometheus (http://prometheus:{prometheus_port})")
    c.expect(bool(uids), f"{rel(root, provisioning)}/datasources: no data source")

    providers = []
    for path in sorted(glob.glob(os.path.join(provisioning, "dashboards", "*.y*ml"))):
        with open(path) as f:
            providers += [(path, p) for p in (yaml.safe_load(f) or {}).get("providers") or []]
    c.expect(bool(providers), f"{rel(root, provisioning)}/dashboards: no dashboard provider")
    for path, p in providers:
        inside = str((p.get("options") or {}).get("path", ""))
        folder = host_path(inside, binds)
        if c.expect(folder is not None and os.path.isdir(folder),
                    f"{rel(root, path)}: provider {p.get('name')} reads {inside}, which no volume mounts"):
            for file in sorted(glob.glob(os.path.join(folder, "*.json"))):
                dashboards[file] = None
    c.expect(bool(dashboards), "deploy/grafana: no dashboard JSON where the provider reads")
    home = env.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
    if home:
        c.expect(host_path(home, binds) in dashboards, f"{w}: the home dashboard {home} is not a mounted dashboard")
    for file in dashboards:
        try:
            with open(file) as f:
                dashboards[file] = json.load(f)
        except ValueError as e:
            c.failures.append(f"{rel(root, file)}: does not parse as JSON: {e}")
    return {k: v for k, v in dashboards.items() if v is not None}, uids


def all_panels(panels):
    for p in panels or []:
        yield p
        yield from all_panels(p.get("panels"))


def check_dashboard(c, where, d, uids):
    """Returns [(where, expr)] of its queries, variables replaced."""
    for key in ("uid", "title"):
        c.expect(isinstance(d.get(key), str) and d[key], f"{where}: no {key}")
    c.expect(isinstance(d.get("schemaVersion"), int) and d["schemaVersion"] >= 36,
             f"{where}: schemaVersion is not a number ≥ 36")
    variables = {v.get("name"): v for v in (d.get("templating") or {}).get("list") or []}
    ds_var = variables.get("datasource") or {}
    c.expect(ds_var.get("type") == "datasource" and ds_var.get("query") == "prometheus",
             f"{where}: no `datasource` variable of type datasource (prometheus)")
    for name in ("job", "instance"):
        c.expect(variables.get(name, {}).get("type") == "query", f"{where}: no `{name}` query variable")

    def datasource_ok(ds):
        return isinstance(ds, dict) and ds.get("type") == "prometheus" and (
            ds.get("uid") in uids or (ds.get("uid") == "${datasource}" and bool(ds_var)))

    exprs = []
    for name, v in variables.items():
        if v.get("type") == "query":
            c.expect(datasource_ok(v.get("datasource")), f"{where}: variable {name} has no Prometheus data source")
            q = v.get("query")
            q = q.get("query") if isinstance(q, dict) else q
            m = re.fullmatch(r"label_values\((.*),\s*\w+\)", str(q or ""))
            if c.expect(m is not None, f"{where}: variable {name}: query is not label_values(<series>, <label>)"):
                exprs.append((f"{where}: variable {name}", m.group(1)))

    ids = {}
    for p in all_panels(d.get("panels")):
        pw = f"{where}: panel {p.get('id')} ({p.get('title')!r})"
        c.expect(isinstance(p.get("id"), int), f"{pw}: no numeric id")
        if p.get("id") in ids:
            c.failures.append(f"{pw}: duplicate panel id {p.get('id')} (also {ids[p['id']]!r})")
        ids.setdefault(p.get("id"), p.get("title"))
        gp = p.get("gridPos") or {}
        c.expect(all(isinstance(gp.get(k), int) for k in "hwxy") and gp.get("x", 0) + gp.get("w", 0) <= 24,
                 f"{pw}: gridPos is not within the 24 columns")
        if p.get("type") == "row":
            continue
        c.expect(bool(p.get("title")), f"{pw}: no title")
        c.expect(datasource_ok(p.get("datasource")), f"{pw}: its datasource is not the Prometheus one "
                                                     f"(uid ${{datasource}} or {sorted(u for u in uids if u)})")
        targets = p.get("targets") or []
        if not c.expect(bool(targets), f"{pw}: no targets"):
            continue
        refs = [t.get("refId") for t in targets]
        c.expect(len(set(refs)) == len(refs) and None not in refs, f"{pw}: refIds missing or repeated")
        for t in targets:
            if c.expect(bool(t.get("expr")), f"{pw}: target {t.get('refId')} has no expr"):
                exprs.append((f"{pw} {t.get('refId')}", t["expr"]))

    out = []
    for w, e in exprs:
        used = set(re.findall(r"\$\{?(\w+)", e))
        for u in sorted(used - set(variables) - set(GRAFANA_BUILTINS)):
            c.failures.append(f"{w}: ${u} is not a variable of the dashboard")
        for name, value in GRAFANA_BUILTINS.items():
            e = re.sub(r"\$\{?" + name + r"\b\}?", value, e)
        out.append((w, re.sub(r"\$\{?(\w+)\}?", "x", e)))
    return out


# --- PromQL ------------------------------------------------------------------

def strip_strings(expr):
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)


def metric_names(expr):
    """The series names an expression selects (not functions, labels or keywords)."""
    e = strip_strings(expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = []
    for m in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", e):
        before = e[m.start() - 1] if m.start() else " "
        if before.isdigit() or before == ".":
            continue  # the unit of a duration or a number's exponent
        if e[m.end():].lstrip().startswith("(") or m.group(0).lower() in PROMQL_KEYWORDS:
            continue
        names.append(m.group(0))
    return names


def matching_paren(text, open_at):
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return len(text)


def check_promql(c, where, expr, types):
    """Counters in rate()/increase(), gauges not; histogram_quantile keeps le."""
    e = strip_strings(expr)
    for name in set(metric_names(expr)):
        kind = types.get(name) or ("counter" if name.endswith(("_total", "_bucket", "_count", "_sum")) else "gauge")
        for m in re.finditer(r"(?<![\w:])" + re.escape(name) + r"(?![\w:])", e):
            in_rate = e[:m.start()].rstrip().endswith(COUNTER_FUNCTIONS)
            if kind == "counter":
                c.expect(in_rate, f"{where}: counter {name} is used without rate() or increase()")
            else:
                c.expect(not in_rate, f"{where}: {name} is a {kind}: rate()/increase() of it means nothing")
    for m in re.finditer(r"\bhistogram_quantile\s*\(", e):
        inner = e[m.end():matching_paren(e, m.end() - 1)]
        c.expect(re.search(r"_bucket\b", inner) is not None, f"{where}: histogram_quantile of no _bucket series")
        for agg in re.finditer(r"\b(sum|max|min|avg|count)\s*", inner):
            # The grouping is written before the arguments or after them.
            grouping = re.match(r"(by|without)\s*\(([^)]*)\)", inner[agg.end():])
            if grouping is None and inner[agg.end():].startswith("("):
                after = inner[matching_paren(inner, agg.end()) + 1:].lstrip()
                grouping = re.match(r"(by|without)\s*\(([^)]*)\)", after)
            labels = [l.strip() for l in grouping.group(2).split(",")] if grouping else []
            keeps_le = grouping is not None and ((grouping.group(1) == "by") == ("le" in labels))
            c.expect(keeps_le, f"{where}: histogram_quantile over an aggregation that drops le (use by (le, ...))")


def check_labels(c, where, expr, exposed):
    """Label names in selectors and by()/without() are labels of the series
    (or the job and instance Prometheus adds). Only for expressions whose
    series all show in the scrape."""
    names = set(metric_names(expr))
    if not names or not all(n in exposed or n in SCRAPE_SERIES for n in names):
        return
    known = {n: exposed.get(n, set()) | {"job", "instance"} for n in names}
    e = strip_strings(expr)
    for m in re.finditer(r"(?<![\w:])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}", e):
        if m.group(1) in known:
            for label in re.findall(r"(\w+)\s*(?:=~|!~|!=|=)", m.group(2)):
                c.expect(label in known[m.group(1)], f"{where}: {m.group(1)} has no label {label}")
    everywhere = set().union(*known.values()) | {"le"}
    for m in re.finditer(r"\b(by|without)\s*\(([^)]*)\)", e):
        for label in filter(None, (l.strip() for l in m.group(2).split(","))):
            c.expect(label in everywhere, f"{where}: {m.group(1)} ({label}): no series of the expression has "
                                          f"that label")


def check_syntax(c, exprs):
    """promtool parses every expression (as recording rules)."""
    if shutil.which("promtool") is None or not exprs:
        return
    with tempfile.TemporaryDirectory(prefix="parfumerie-promql-") as tmp:
        def parses(batch):
            path = os.path.join(tmp, "rules.yml")
            rules = [{"record": f"check:expr_{i}", "expr": e} for i, (_, e) in enumerate(batch)]
            with open(path, "w") as f:
                yaml.safe_dump({"groups": [{"name": "expressions", "rules": rules}]}, f)
            r = subprocess.run(["promtool", "check", "rules", path], capture_output=True, text=True, timeout=60)
            return r.returncode == 0, (r.stdout + r.stderr).strip()
        ok, _ = parses(exprs)
        c.checks += 1
        if not ok:
            for w, e in exprs:
                one, out = parses([(w, e)])
                if not one:
                    c.failures.append(f"{w}: PromQL does not parse: {e}\n{out}")


# --- the shop's metrics ------------------------------------------------------

def registered_in_source(root, name):
    for path in glob.glob(os.path.join(root, "src", "**", "*.cc"), recursive=True):
        with open(path, errors="replace") as f:
            if f'"{name}"' in f.read():
                return True
    return False


def check_names(c, root, used, exposed):
    """Every name used is a series the shop exposes."""
    missing = {}
    for where, name in used:
        if name in exposed or name in SCRAPE_SERIES:
            continue
        missing.setdefault(name, []).append(where)
    for name in sorted(missing):
        if name in FAULT_ONLY_METRICS:
            family = re.sub(r"_(bucket|sum|count)$", "", name)
            if c.expect(registered_in_source(root, family), f"{name}: no family of that name is registered in src/"):
                c.notes.append(f"{name}: appears only after a fault; registered in src/")
            continue
        c.failures.append(f"{name} is not a series the shop exposes (used by {'; '.join(missing[name][:3])})")


# --- main --------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--binary", required=True)
    group = ap.add_mutually_exclusive_group()
    group.add_argument("--metrics-file", help="a saved scrape of the shop, instead of starting it")
    group.add_argument("--save-metrics", help="where to write the scrape taken")
    a = ap.parse_args()
    root = os.path.abspath(a.source_dir)
    c = Checker()

    exprs = []
    try:
        defaults = setting_defaults(a.binary)
        with open(os.path.join(root, "deploy", "docker-compose.yml")) as f:
            services = (yaml.safe_load(f) or {}).get("services") or {}
        rule_exprs, prometheus_port = check_prometheus(c, root, services, defaults)
        exprs += rule_exprs
        check_k8s_scrape(c, root, defaults)
        dashboards, uids = check_grafana(c, root, services, prometheus_port)
        for path, d in dashboards.items():
            exprs += check_dashboard(c, rel(root, path), d, uids)
    except (OSError, KeyError, TypeError, ValueError, AttributeError, IndexError, RuntimeError,
            yaml.YAMLError, subprocess.SubprocessError) as e:
        c.failures.append(f"{type(e).__name__}: {e}")
    used = [(where, n) for where, e in exprs for n in metric_names(e)]

    try:
        if a.metrics_file:
            with open(a.metrics_file) as f:
                scrape = f.read()
        else:
            wait_for = {n for _, n in used} - FAULT_ONLY_METRICS - SCRAPE_SERIES
            scrape = shop_scrape.scrape_after_orders(a.binary, wait_for)
            if a.save_metrics:
                with open(a.save_metrics, "w") as f:
                    f.write(scrape)
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        print(f"FAIL: could not scrape the shop: {e}")
        return 1
    exposed, types = shop_scrape.parse_exposition(scrape)

    check_syntax(c, exprs)
    for where, e in exprs:
        check_promql(c, where, e, types)
        check_labels(c, where, e, exposed)
    check_names(c, root, used, exposed)

    for n in c.notes:
        print(f"note: {n}")
    for f in c.failures:
        print(f"FAIL: {f}")
    if c.failures:
        print(f"dashboards: {len(c.failures)} problem(s) in the monitoring files")
        return 1
    print(f"dashboards: all {c.checks} checks hold ({len(exprs)} expressions, "
          f"{len(set(n for _, n in used))} series names, {len(exposed)} series names scraped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Checks the deployment files in deploy/ without a container engine.

    check_deploy.py --source-dir REPO --binary PATH/TO/parfumerie

What it checks (each failure is printed; exit 1 if any):
  - deploy/docker-compose.yml: the services and the seed's ports, health checks,
    restart policy, memory limits, depends_on with service_healthy, every
    PARFUMERIE_* variable a real setting of the binary with an allowed value,
    addresses and ports that agree between services, the secrets required
    from deploy/.env and listed in deploy/.env.example;
    `docker compose config` too when the docker client has the compose plugin.
  - deploy/Dockerfile: stages, non-root user, HEALTHCHECK, ENTRYPOINT, volume,
    COPY sources that exist and are not dockerignored, and a runtime package
    list that covers every library the binary needs (DT_NEEDED, located by
    `ldd`, mapped to its Debian package by `dpkg -S`).
  - deploy/k8s/: every manifest parses and has its required fields; probes,
    resources, replicas, settings, Secret and ConfigMap references, Services
    that select a Deployment's pods; `kubectl kustomize` when kubectl exists.
  - deploy/healthcheck.sh parses (bash -n).
Needs PyYAML (Debian: python3-yaml).
"""

import argparse
import fnmatch
import os
import re
import shutil
import subprocess
import sys

try:
    import yaml
except ImportError:  # A missing checker is a failure, never a skip.
    print("FAIL: PyYAML is missing (Debian package python3-yaml)", file=sys.stderr)
    sys.exit(1)

APP_SERVICES = {"catalog": ["catalog"], "payment": ["payment"], "delivery": ["delivery"], "gateway": ["gateway"]}
SEED_PORTS = {"web": 3000, "gateway": 3001, "catalog": 3003, "mongodb": 27017, "kafka": 9092}
# The setting holding each target's listening ports, and what a probe may ask.
TARGET_PORTS = {
    "catalog": {"PARFUMERIE_CATALOG_GRPC_PORT": 50053, "PARFUMERIE_CATALOG_HTTP_PORT": 3003},
    "payment": {"PARFUMERIE_PAYMENT_GRPC_PORT": 50054},
    "delivery": {"PARFUMERIE_DELIVERY_GRPC_PORT": 50055},
    "gateway": {"PARFUMERIE_GATEWAY_PORT": 3001},
}
HTTP_PORT_SETTING = {"catalog": "PARFUMERIE_CATALOG_HTTP_PORT", "gateway": "PARFUMERIE_GATEWAY_PORT"}
GRPC_PORT_SETTING = {
    "catalog": "PARFUMERIE_CATALOG_GRPC_PORT",
    "payment": "PARFUMERIE_PAYMENT_GRPC_PORT",
    "delivery": "PARFUMERIE_DELIVERY_GRPC_PORT",
}
ADDR_SETTING = {"catalog": "PARFUMERIE_CATALOG_ADDR", "payment": "PARFUMERIE_PAYMENT_ADDR",
                "delivery": "PARFUMERIE_DELIVERY_ADDR"}
K8S_REPLICAS = {"catalog": 2, "payment": 2}
SANITIZER_PACKAGES = re.compile(r"^lib(asan|ubsan|lsan|tsan|hwasan)\d*$")


class Checker:
    def __init__(self):
        self.failures = []
        self.checks = 0

    def expect(self, ok, message):
        self.checks += 1
        if not ok:
            self.failures.append(message)
        return ok


# --- the binary's settings ---------------------------------------------------

def read_settings(binary):
    """Returns ({env name: allowed values or None}, {valid targets})."""
    settings, targets = {}, set()
    for args in ([binary, "--help"], [binary, "serve", "--help"]):
        out = subprocess.run(args, capture_output=True, text=True, timeout=30, check=True).stdout
        # One option per block: a line starting with "  --", continued by indented lines.
        blocks = re.split(r"\n(?=\s{2}-)", out)
        for block in blocks:
            for env in re.findall(r"\[env: (PARFUMERIE_[A-Z0-9_]+)\]|\(Env:(PARFUMERIE_[A-Z0-9_]+)\)", block):
                name = env[0] or env[1]
                choices = re.search(r"\(one of: ([^)]*)\)", block)
                settings[name] = set(c.strip() for c in choices.group(1).split(",")) if choices else None
        found = re.search(r"Comma-separated targets: ([a-z, ]+?), or all", out)
        if found:
            targets.update(t.strip() for t in found.group(1).split(","))
    if not settings:
        raise RuntimeError(f"{binary} --help lists no PARFUMERIE_* setting")
    return settings, targets


def literal(value):
    """The value a compose variable takes with its default, or None if unknown."""
    if value is None:
        return None
    value = str(value)
    m = re.fullmatch(r"\$\{[A-Z0-9_]+:?-([^}]*)\}", value)
    if m:
        return m.group(1)
    return None if "${" in value else value


def check_setting(c, where, name, value, settings):
    if not c.expect(name in settings, f"{where}: {name} is not a setting of the binary (parfumerie --help)"):
        return
    v = literal(value)
    allowed = settings[name]
    if allowed is not None and v is not None:
        c.expect(v in allowed, f"{where}: {name}={v!r} is not one of {sorted(allowed)}")
    if name.endswith("_PORT") and v is not None:
        c.expect(v.isdigit() and 0 < int(v) < 65536, f"{where}: {name}={v!r} is not a port")


# --- docker compose ---------------------------------------------------------

def port_pairs(ports):
    """[(host_port, container_port)] from compose short or long syntax."""
    pairs = []
    for p in ports or []:
        if isinstance(p, dict):
            pairs.append((int(p.get("published", 0) or 0), int(p["target"])))
            continue
        parts = str(p).split(":")
        pairs.append((int(parts[-2]) if len(parts) >= 2 else 0, int(parts[-1].split("/")[0])))
    return pairs


def healthcheck_ports(test):
    """The port a parfumerie-healthcheck test asks, and its kind."""
    if isinstance(test, list) and len(test) >= 4 and test[1] == "parfumerie-healthcheck":
        return test[2], int(test[3])
    return None, None


def check_compose(c, root, settings, targets):
    path = os.path.join(root, "deploy", "docker-compose.yml")
    with open(path) as f:
        doc = yaml.safe_load(f)
    where = "deploy/docker-compose.yml"
    services = doc.get("services") or {}
    expected = set(APP_SERVICES) | {"mongodb", "kafka", "web", "prometheus", "grafana"}
    c.expect(set(services) == expected, f"{where}: services are {sorted(services)}, expected {sorted(expected)}")

    for name, svc in services.items():
        w = f"{where}: service {name}"
        hc = svc.get("healthcheck") or {}
        c.expect(bool(hc.get("test")) and not hc.get("disable"), f"{w}: no health check")
        c.expect(svc.get("restart") == "unless-stopped", f"{w}: restart is not unless-stopped")
        mem = (((svc.get("deploy") or {}).get("resources") or {}).get("limits") or {}).get("memory") or svc.get("mem_limit")
        c.expect(bool(mem), f"{w}: no memory limit")
        deps = svc.get("depends_on") or {}
        c.expect(isinstance(deps, dict), f"{w}: depends_on must name a condition for each service")
        if isinstance(deps, dict):
            for dep, cond in deps.items():
                c.expect(dep in services, f"{w}: depends on unknown service {dep}")
                c.expect(isinstance(cond, dict) and cond.get("condition") == "service_healthy",
                         f"{w}: depends_on {dep} without condition service_healthy")
        for volume in svc.get("volumes") or []:
            source = str(volume).split(":")[0] if not isinstance(volume, dict) else volume.get("source", "")
            if source and not source.startswith((".", "/")):
                c.expect(source in (doc.get("volumes") or {}), f"{w}: volume {source} is not declared")

    for name, port in SEED_PORTS.items():
        if name in services:
            c.expect(any(h == port for h, _ in port_pairs(services[name].get("ports"))),
                     f"{where}: {name} does not publish the seed's port {port}")

    # Images pinned as the deployment promises.
    if "mongodb" in services:
        mongo = services["mongodb"]
        c.expect(mongo.get("image") == "mongo:7", f"{where}: mongodb image is not mongo:7")
        cmd = " ".join(map(str, mongo.get("command") or []))
        rs = re.search(r"--replSet\s+(\S+)", cmd)
        c.expect(bool(rs), f"{where}: mongodb does not run as a replica set (--replSet)")
        test = " ".join(map(str, (mongo.get("healthcheck") or {}).get("test") or []))
        c.expect("rs.initiate" in test, f"{where}: mongodb health check does not initiate the replica set")
    if "kafka" in services:
        kafka = services["kafka"]
        c.expect(kafka.get("image") == "apache/kafka:4.4.0", f"{where}: kafka image is not apache/kafka:4.4.0")
        kenv = kafka.get("environment") or {}
        c.expect("controller" in str(kenv.get("KAFKA_PROCESS_ROLES", "")), f"{where}: kafka is not in KRaft mode")

    # Our four services: the image, the target, settings, ports, probes.
    app_images = set()
    for name in APP_SERVICES:
        svc = services.get(name)
        if svc is None:
            continue
        w = f"{where}: service {name}"
        app_images.add(svc.get("image"))
        build = svc.get("build") or {}
        if build:
            ctx = os.path.normpath(os.path.join(root, "deploy", build.get("context", ".")))
            dockerfile = os.path.join(ctx, build.get("dockerfile", "Dockerfile"))
            c.expect(os.path.isfile(dockerfile), f"{w}: build Dockerfile {dockerfile} does not exist")
        cmd = svc.get("command") or []
        c.expect(cmd[:1] == ["serve"], f"{w}: command does not start with serve")
        target_args = [a for a in cmd if str(a).startswith("--target=")]
        c.expect(target_args == [f"--target={name}"], f"{w}: command does not run --target={name}")
        for t in target_args:
            for one in t.split("=", 1)[1].split(","):
                c.expect(one in targets, f"{w}: {one} is not a target of the binary ({sorted(targets)})")
        env = svc.get("environment") or {}
        c.expect(isinstance(env, dict), f"{w}: environment must be a mapping")
        for key, value in env.items():
            check_setting(c, w, key, value, settings)
        for setting, port in TARGET_PORTS[name].items():
            v = literal(env.get(setting, port))
            c.expect(str(v) == str(port), f"{w}: {setting} is {v}, expected {port}")
        published = [cp for _, cp in port_pairs(svc.get("ports"))]
        for cp in published:
            c.expect(cp in TARGET_PORTS[name].values(), f"{w}: publishes {cp}, which it does not listen on")
        kind, port = healthcheck_ports((svc.get("healthcheck") or {}).get("test"))
        if name in HTTP_PORT_SETTING:
            c.expect(kind == "http" and port == TARGET_PORTS[name][HTTP_PORT_SETTING[name]],
                     f"{w}: health check must be `parfumerie-healthcheck http <its HTTP port>`")
        else:
            c.expect(kind == "tcp" and port == TARGET_PORTS[name][GRPC_PORT_SETTING[name]],
                     f"{w}: health check must be `parfumerie-healthcheck tcp <its gRPC port>`")
        deps = svc.get("depends_on") or {}
        for infra in ("mongodb", "kafka"):
            c.expect(infra in deps, f"{w}: does not wait for {infra}")
        bus = literal(env.get("PARFUMERIE_BUS"))
        c.expect(bool(bus) and bus.startswith("kafka://"), f"{w}: PARFUMERIE_BUS is not a kafka:// URL")
        if bus and "kafka" in services:
            advertised = str((services["kafka"].get("environment") or {}).get("KAFKA_ADVERTISED_LISTENERS", ""))
            for server in bus[len("kafka://"):].split("?")[0].split(","):
                c.expect(f"//{server}" in advertised, f"{w}: bus server {server} is not an advertised Kafka listener")
        store = literal(env.get("PARFUMERIE_STORE"))
        c.expect(bool(store) and store.startswith("mongodb://mongodb:27017"),
                 f"{w}: PARFUMERIE_STORE is not the mongodb service")
        if store and "mongodb" in services:
            rs = re.search(r"--replSet\s+(\S+)", " ".join(map(str, services["mongodb"].get("command") or [])))
            c.expect(bool(rs) and f"replicaSet={rs.group(1)}" in store,
                     f"{w}: PARFUMERIE_STORE does not name the replica set (transactions need it)")
    c.expect(len(app_images) == 1 and None not in app_images, f"{where}: the four services must run one image")

    gateway = services.get("gateway") or {}
    genv = gateway.get("environment") or {}
    for target, setting in ADDR_SETTING.items():
        port = TARGET_PORTS[target][GRPC_PORT_SETTING[target]]
        c.expect(literal(genv.get(setting)) == f"{target}:{port}", f"{where}: gateway {setting} is not {target}:{port}")
        c.expect(target in (gateway.get("depends_on") or {}), f"{where}: gateway does not wait for {target}")
    secret = str(genv.get("PARFUMERIE_JWT_SECRET", ""))
    c.expect(re.fullmatch(r"\$\{PARFUMERIE_JWT_SECRET:\?[^}]*\}", secret) is not None,
             f"{where}: gateway must require PARFUMERIE_JWT_SECRET from deploy/.env (${{PARFUMERIE_JWT_SECRET:?...}})")
    c.expect(bool(genv.get("PARFUMERIE_GATEWAY_CONSUMER_GROUP")), f"{where}: gateway names no consumer group")

    # Every variable the file requires (${X:?...}) is in .env.example.
    with open(path) as f:
        text = f.read()
    required = set(re.findall(r"\$\{([A-Z0-9_]+):?\?", text))
    example = os.path.join(root, "deploy", ".env.example")
    if c.expect(os.path.isfile(example), "deploy/.env.example is missing"):
        with open(example) as f:
            keys = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", f.read(), re.M))
        for name in sorted(required - keys):
            c.failures.append(f"deploy/.env.example does not list {name}, which the compose file requires")
        for name in sorted(k for k in keys if k.startswith("PARFUMERIE_")):
            check_setting(c, "deploy/.env.example", name, None, settings)

    # The web slot's template only uses variables the web service sets.
    web = services.get("web") or {}
    for volume in web.get("volumes") or []:
        source = str(volume).split(":")[0]
        if source.endswith(".template"):
            tpath = os.path.normpath(os.path.join(root, "deploy", source))
            if c.expect(os.path.isfile(tpath), f"{where}: web template {source} is missing"):
                with open(tpath) as f:
                    used = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)\}", f.read()))
                for name in sorted(used - set(web.get("environment") or {})):
                    c.failures.append(f"{source}: ${{{name}}} is not set by the web service")
    return required


def compose_plugin():
    docker = shutil.which("docker")
    if not docker:
        return None
    r = subprocess.run([docker, "compose", "version"], capture_output=True, text=True, timeout=30)
    return docker if r.returncode == 0 else None


def check_compose_config(c, root, required):
    docker = compose_plugin()
    if docker is None:
        print("note: the docker client has no compose plugin; `docker compose config` not run")
        return
    env = dict(os.environ)
    for name in required:
        env.setdefault(name, "x" * 48)
    r = subprocess.run([docker, "compose", "-f", os.path.join(root, "deploy", "docker-compose.yml"),
                        "config", "--quiet"], capture_output=True, text=True, env=env, timeout=60)
    c.expect(r.returncode == 0, f"docker compose config failed: {r.stderr.strip()}")


# --- Dockerfile ------------------------------------------------------------

def dockerfile_instructions(path):
    """[(stage index, INSTRUCTION, arguments)] with continuations joined."""
    with open(path) as f:
        lines = f.read().split("\n")
    out, buf, stage = [], "", -1
    for line in lines:
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if buf and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        buf += stripped
        word, _, rest = buf.partition(" ")
        word = word.upper()
        if word == "FROM":
            stage += 1
        out.append((stage, word, rest.strip()))
        buf = ""
    return out


def runtime_packages(instructions, last_stage):
    packages = set()
    for stage, word, args in instructions:
        if stage != last_stage or word != "RUN":
            continue
        for command in re.split(r"&&|;", args):
            tokens = command.split()
            if "apt-get" in tokens and "install" in tokens:
                for t in tokens[tokens.index("install") + 1:]:
                    if not t.startswith("-"):
                        packages.add(t)
    return packages


def binary_packages(binary):
    """Debian packages of the libraries the binary names (DT_NEEDED), found
    where ldd resolves them and mapped with dpkg -S. Their own dependencies
    come with them through the packages' Depends."""
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]",
                        subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                                       timeout=30, check=True).stdout)
    resolved = {}
    for line in subprocess.run(["ldd", binary], capture_output=True, text=True, timeout=30,
                               check=True).stdout.splitlines():
        m = re.match(r"\s*(\S+) => (\S+) \(", line)
        if m:
            resolved[m.group(1)] = m.group(2)
    candidates = {}
    unresolved = []
    for soname in needed:
        lib = resolved.get(soname)
        if lib is None:
            unresolved.append(soname)
            continue
        real = os.path.realpath(lib)
        variants = set()
        for path in (lib, real):
            variants.add(path)
            if path.startswith("/lib/"):
                variants.add("/usr" + path)
            elif path.startswith("/usr/lib/"):
                variants.add(path[len("/usr"):])
        candidates[soname] = variants
    everything = sorted(set().union(*candidates.values())) if candidates else []
    owners = {}
    if everything:
        out = subprocess.run(["dpkg", "-S"] + everything, capture_output=True, text=True, timeout=60).stdout
        for line in out.splitlines():
            pkgs, _, path = line.partition(": ")
            owners[path.strip()] = pkgs.split(",")[0].split(":")[0].strip()
    packages = set()
    for soname, variants in candidates.items():
        owner = next((owners[v] for v in sorted(variants) if v in owners), None)
        if owner is None:
            unresolved.append(soname)
        elif not SANITIZER_PACKAGES.match(owner):
            packages.add(owner)
    return packages, unresolved


def check_dockerfile(c, root, binary):
    where = "deploy/Dockerfile"
    path = os.path.join(root, "deploy", "Dockerfile")
    if not c.expect(os.path.isfile(path), f"{where} is missing"):
        return
    ins = dockerfile_instructions(path)
    froms = [args for _, word, args in ins if word == "FROM"]
    c.expect(any(re.match(r"debian:12(\s|$)", f) and "AS builder" in f for f in froms),
             f"{where}: no `FROM debian:12 AS builder` stage")
    last = len(froms) - 1
    c.expect(last >= 1 and froms[-1].startswith("debian:12-slim"), f"{where}: the last stage is not debian:12-slim")
    final = [(word, args) for stage, word, args in ins if stage == last]
    words = {}
    for word, args in final:
        words.setdefault(word, []).append(args)
    users = words.get("USER", [])
    c.expect(bool(users) and users[-1].split(":")[0] not in ("root", "0"), f"{where}: runs as root")
    c.expect(any(a.startswith("CMD") or a.startswith("--") for a in words.get("HEALTHCHECK", [])) and
             "NONE" not in " ".join(words.get("HEALTHCHECK", [])), f"{where}: no HEALTHCHECK")
    c.expect(words.get("ENTRYPOINT", [""])[-1].replace(" ", "") == '["parfumerie"]',
             f'{where}: ENTRYPOINT is not ["parfumerie"]')
    c.expect(bool(words.get("VOLUME")), f"{where}: no data volume")
    builder_runs = " ".join(args for stage, word, args in ins if word == "RUN" and froms[stage].startswith("debian:12 "))
    c.expect("scripts/setup.sh" in builder_runs, f"{where}: the builder does not install with scripts/setup.sh")
    c.expect("--preset release" in builder_runs or "CMAKE_BUILD_TYPE=Release" in builder_runs,
             f"{where}: the builder does not build in Release")

    # COPY sources exist in the context (the repository root) and are not ignored.
    ignore_path = path + ".dockerignore"
    patterns = []
    if c.expect(os.path.isfile(ignore_path), f"{where}.dockerignore is missing"):
        with open(ignore_path) as f:
            patterns = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        c.expect(any(p.strip("/*") == "build" for p in patterns), f"{where}.dockerignore does not exclude build/")
    for stage, word, args in ins:
        if word != "COPY" or "--from=" in args:
            continue
        parts = [p for p in args.split() if not p.startswith("--")]
        for src in parts[:-1]:
            c.expect(os.path.exists(os.path.join(root, src)), f"{where}: COPY source {src} does not exist")
            for p in patterns:
                if not p.startswith("!") and (fnmatch.fnmatch(src, p.rstrip("/")) or
                                              fnmatch.fnmatch(src, p.rstrip("/") + "/*")):
                    c.failures.append(f"{where}: COPY source {src} is excluded by dockerignore pattern {p}")

    listed = runtime_packages(ins, last)
    needed, unresolved = binary_packages(binary)
    c.expect(not unresolved, f"{where}: cannot map to a Debian package: {unresolved}")
    for pkg in sorted(needed - listed):
        c.failures.append(f"{where}: the runtime stage does not install {pkg}, whose library the binary needs (readelf -d, ldd, dpkg -S)")
        c.checks += 1


# --- Kubernetes --------------------------------------------------------------

def load_k8s(c, root):
    k8s = os.path.join(root, "deploy", "k8s")
    docs = []
    for name in sorted(os.listdir(k8s)):
        if not name.endswith((".yaml", ".yml")):
            continue
        try:
            with open(os.path.join(k8s, name)) as f:
                for doc in yaml.safe_load_all(f):
                    if doc is not None:
                        docs.append((name, doc))
        except yaml.YAMLError as e:
            c.failures.append(f"deploy/k8s/{name}: does not parse: {e}")
    return docs


def check_k8s(c, root, settings, targets):
    docs = load_k8s(c, root)
    by_kind = {}
    for file, doc in docs:
        w = f"deploy/k8s/{file}"
        ok = c.expect(isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind"),
                      f"{w}: a document without apiVersion and kind")
        if not ok:
            continue
        if doc["kind"] != "Kustomization":
            c.expect(bool((doc.get("metadata") or {}).get("name")), f"{w}: {doc['kind']} without metadata.name")
        by_kind.setdefault(doc["kind"], []).append((file, doc))

    # Kustomization: lists every manifest except the Secret template.
    kust = by_kind.get("Kustomization", [])
    if c.expect(len(kust) == 1, "deploy/k8s: expected one kustomization.yaml"):
        resources = kust[0][1].get("resources") or []
        for r in resources:
            c.expect(os.path.isfile(os.path.join(root, "deploy", "k8s", r)), f"deploy/k8s/kustomization.yaml: {r} is missing")
        manifests = {f for f, d in docs if d.get("kind") not in ("Kustomization", "Secret")}
        for f in sorted(manifests - set(resources)):
            c.failures.append(f"deploy/k8s/kustomization.yaml does not list {f}")

    configmaps = {d["metadata"]["name"]: d.get("data") or {} for _, d in by_kind.get("ConfigMap", [])}
    secrets = {d["metadata"]["name"]: set((d.get("stringData") or {}) | (d.get("data") or {}))
               for _, d in by_kind.get("Secret", [])}
    for name, data in configmaps.items():
        for key, value in data.items():
            check_setting(c, f"ConfigMap {name}", key, value, settings)
            c.expect(isinstance(value, str), f"ConfigMap {name}: {key} must be a string (quote it)")

    deployments = {d["metadata"]["name"]: (f, d) for f, d in by_kind.get("Deployment", [])}
    c.expect(set(deployments) == set(APP_SERVICES), f"deploy/k8s: Deployments are {sorted(deployments)}, "
                                                     f"expected {sorted(APP_SERVICES)}")
    container_ports = {}
    for name, (file, dep) in deployments.items():
        w = f"deploy/k8s/{file}: Deployment {name}"
        spec = dep.get("spec") or {}
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        c.expect(bool(selector) and all(labels.get(k) == v for k, v in selector.items()),
                 f"{w}: selector.matchLabels does not match the pod labels")
        if name in K8S_REPLICAS:
            c.expect(spec.get("replicas") == K8S_REPLICAS[name], f"{w}: replicas is not {K8S_REPLICAS[name]}")
        pod = template.get("spec") or {}
        psc = pod.get("securityContext") or {}
        c.expect(psc.get("runAsNonRoot") is True, f"{w}: pods may run as root (runAsNonRoot)")
        containers = pod.get("containers") or []
        if not c.expect(len(containers) == 1, f"{w}: expected one container"):
            continue
        ct = containers[0]
        c.expect(bool(ct.get("image")), f"{w}: container without image")
        args = ct.get("args") or []
        c.expect(args == ["serve", f"--target={name}"], f"{w}: args are not serve --target={name}")
        for a in args:
            if a.startswith("--target="):
                for t in a.split("=", 1)[1].split(","):
                    c.expect(t in targets, f"{w}: {t} is not a target of the binary")
        ports = {p.get("name"): p.get("containerPort") for p in ct.get("ports") or []}
        container_ports[name] = (labels, ports)
        expected_ports = set(TARGET_PORTS[name].values())
        # The admin port (/metrics), when the settings open one.
        metrics_port = next((str(e.get("value")) for e in ct.get("env") or [] if e.get("name") == "PARFUMERIE_METRICS_PORT"),
                            next((cm["PARFUMERIE_METRICS_PORT"] for cm in configmaps.values()
                                  if "PARFUMERIE_METRICS_PORT" in cm), "0"))
        if metrics_port.isdigit() and int(metrics_port) != 0:
            expected_ports.add(int(metrics_port))
        c.expect(set(ports.values()) == expected_ports, f"{w}: container ports {sorted(ports.values())}, "
                                                        f"expected {sorted(expected_ports)}")
        volumes = {v.get("name") for v in pod.get("volumes") or []}
        for m in ct.get("volumeMounts") or []:
            c.expect(m.get("name") in volumes, f"{w}: mounts undeclared volume {m.get('name')}")
        for probe in ("readinessProbe", "livenessProbe"):
            p = ct.get(probe)
            if not c.expect(isinstance(p, dict), f"{w}: no {probe}"):
                continue
            if name in HTTP_PORT_SETTING:
                h = p.get("httpGet") or {}
                port = ports.get(h.get("port"), h.get("port"))
                c.expect(port == TARGET_PORTS[name][HTTP_PORT_SETTING[name]] and h.get("path") in ("/healthz", "/readyz"),
                         f"{w}: {probe} must be an HTTP GET of /healthz or /readyz on the HTTP port")
            else:
                g = p.get("grpc") or {}
                c.expect(isinstance(g.get("port"), int) and g.get("port") == TARGET_PORTS[name][GRPC_PORT_SETTING[name]],
                         f"{w}: {probe} must be a gRPC probe on the gRPC port, as a number")
        if name in HTTP_PORT_SETTING:
            c.expect((ct.get("readinessProbe") or {}).get("httpGet", {}).get("path") == "/readyz",
                     f"{w}: readinessProbe must ask /readyz")
        res = ct.get("resources") or {}
        for part in ("requests", "limits"):
            for what in ("cpu", "memory"):
                c.expect(bool((res.get(part) or {}).get(what)), f"{w}: no resources.{part}.{what}")
        for ef in ct.get("envFrom") or []:
            ref = (ef.get("configMapRef") or {}).get("name")
            if ref:
                c.expect(ref in configmaps, f"{w}: envFrom ConfigMap {ref} is not in deploy/k8s")
            sref = (ef.get("secretRef") or {}).get("name")
            if sref:
                c.expect(sref in secrets, f"{w}: envFrom Secret {sref} is not in deploy/k8s")
        env_names = set()
        for e in ct.get("env") or []:
            env_names.add(e.get("name"))
            check_setting(c, w, e.get("name"), e.get("value"), settings)
            sk = (e.get("valueFrom") or {}).get("secretKeyRef")
            if sk:
                c.expect(sk.get("key") in secrets.get(sk.get("name"), set()),
                         f"{w}: {e.get('name')} reads key {sk.get('key')} of Secret {sk.get('name')}, which "
                         f"secret.example.yaml does not have")
        if name == "gateway":
            group = next((e for e in ct.get("env") or [] if e.get("name") == "PARFUMERIE_GATEWAY_CONSUMER_GROUP"), {})
            c.expect(((group.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") == "metadata.name",
                     f"{w}: PARFUMERIE_GATEWAY_CONSUMER_GROUP does not come from the pod name (downward API)")
            c.expect("PARFUMERIE_JWT_SECRET" in env_names, f"{w}: no PARFUMERIE_JWT_SECRET")
            jwt = next((e for e in ct.get("env") or [] if e.get("name") == "PARFUMERIE_JWT_SECRET"), {})
            c.expect("value" not in jwt, f"{w}: PARFUMERIE_JWT_SECRET must come from the Secret, not a literal")

    services = {d["metadata"]["name"]: (f, d) for f, d in by_kind.get("Service", [])}
    c.expect(set(APP_SERVICES) <= set(services), f"deploy/k8s: Services are {sorted(services)}, expected the four targets")
    for name, (file, svc) in services.items():
        w = f"deploy/k8s/{file}: Service {name}"
        selector = (svc.get("spec") or {}).get("selector") or {}
        matches = [d for d, (labels, _) in container_ports.items()
                   if selector and all(labels.get(k) == v for k, v in selector.items())]
        if not c.expect(len(matches) == 1, f"{w}: selects {len(matches)} Deployments"):
            continue
        _, ports = container_ports[matches[0]]
        for p in (svc.get("spec") or {}).get("ports") or []:
            tp = p.get("targetPort", p.get("port"))
            c.expect(tp in ports or tp in ports.values(), f"{w}: targetPort {tp} is not a container port")

    # The gateway's addresses name the Services and their ports.
    for cm in configmaps.values():
        for target, setting in ADDR_SETTING.items():
            if setting in cm:
                host, _, port = cm[setting].partition(":")
                svc = services.get(host)
                c.expect(svc is not None and any(str(p.get("port")) == port for p in svc[1]["spec"].get("ports", [])),
                         f"ConfigMap: {setting}={cm[setting]} is not a Service port")

    kubectl = shutil.which("kubectl")
    if kubectl:
        r = subprocess.run([kubectl, "kustomize", os.path.join(root, "deploy", "k8s")],
                           capture_output=True, text=True, timeout=60)
        c.expect(r.returncode == 0, f"kubectl kustomize deploy/k8s failed: {r.stderr.strip()}")
    else:
        print("note: kubectl not found; `kubectl kustomize` not run")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    root = os.path.abspath(a.source_dir)
    c = Checker()
    settings, targets = read_settings(a.binary)
    checks = [
        lambda: check_compose_config(c, root, check_compose(c, root, settings, targets)),
        lambda: check_dockerfile(c, root, a.binary),
        lambda: check_k8s(c, root, settings, targets),
    ]
    for check in checks:
        try:
            check()
        except (OSError, KeyError, TypeError, ValueError, AttributeError, IndexError,
                yaml.YAMLError, subprocess.SubprocessError) as e:
            c.failures.append(f"{check.__code__.co_names[0] if check.__code__.co_names else 'check'}: "
                              f"{type(e).__name__}: {e}")
    r = subprocess.run(["bash", "-n", os.path.join(root, "deploy", "healthcheck.sh")], capture_output=True, text=True)
    c.expect(r.returncode == 0, f"deploy/healthcheck.sh does not parse: {r.stderr.strip()}")
    for f in c.failures:
        print(f"FAIL: {f}")
    if c.failures:
        print(f"deploy: {len(c.failures)} problem(s) in the deployment files")
        return 1
    print(f"deploy: all {c.checks} checks hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Shows that check_dashboards.py fails on broken monitoring files.

    dashboards_mutations_test.py --source-dir REPO --binary PATH/TO/parfumerie

Runs the checker once on the real files, starting the shop and saving its
scrape (that run must pass), then breaks one file at a time in a copy of
deploy/ and expects the checker, reading the saved scrape, to fail naming the
problem. A mutation whose text is no longer in the file fails this test too:
update it along with the file.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from mutations_test import make_tree

HERE = os.path.dirname(os.path.abspath(__file__))
DASHBOARD = "grafana/dashboards/parfumerie.json"

# (file under deploy/, text, replacement, words the checker's output must contain)
MUTATIONS = [
    (DASHBOARD, "sum by (outcome) (rate(payments_total{", "sum by (outcome) (rate(payment_total{",
     "payment_total is not a series the shop exposes"),
    (DASHBOARD, "process_threads{", "process_thread_count{", "process_thread_count is not a series"),
    (DASHBOARD, '"id": 3,', '"id": 2,', "duplicate panel id 2"),
    (DASHBOARD, '"panels": [', '"panels": [[', "does not parse as JSON"),
    (DASHBOARD, "sum by (le, server, route) (rate(http_server_request_duration_seconds_bucket",
     "sum by (server, route) (rate(http_server_request_duration_seconds_bucket", "drops le"),
    (DASHBOARD, "sum by (server, method, route) (rate(http_server_requests_total{job=~\\\"$job\\\", "
                "instance=~\\\"$instance\\\"}[$__rate_interval]))",
     "sum by (server, method, route) (http_server_requests_total{job=~\\\"$job\\\", instance=~\\\"$instance\\\"})",
     "counter http_server_requests_total is used without rate()"),
    (DASHBOARD, "process_resident_memory_bytes{job=~\\\"$job\\\", instance=~\\\"$instance\\\"}",
     "rate(process_resident_memory_bytes{job=~\\\"$job\\\", instance=~\\\"$instance\\\"}[5m])",
     "process_resident_memory_bytes is a gauge"),
    (DASHBOARD, "sum by (grpc_service, grpc_method, grpc_code) (rate(",
     "sum by (grpc_service, grpc_method, grpc_code) (rate((", "PromQL does not parse"),
    (DASHBOARD, 'status=~\\"5..\\"', 'status_class=\\"5xx\\"', "http_server_requests_total has no label status_class"),
    (DASHBOARD, "sum by (grpc_service, grpc_method, grpc_code)", "sum by (grpc_service, method, grpc_code)",
     "by (method): no series of the expression has that label"),
    (DASHBOARD, '"targets": [', '"queries": [', "no targets"),
    (DASHBOARD, '"uid": "${datasource}"\n      },\n      "gridPos"', '"uid": "prom"\n      },\n      "gridPos"',
     "its datasource is not the Prometheus one"),
    (DASHBOARD, 'instance=~\\"$instance\\"}[$__rate_interval]', 'instance=~\\"$instanc\\"}[$__rate_interval]',
     "$instanc is not a variable"),
    (DASHBOARD, '"name": "job"', '"name": "jobs"', "no `job` query variable"),
    ("prometheus/prometheus.yml", '"payment:9464"', '"payment:50054"',
     "service payment does not serve /metrics on 50054"),
    ("prometheus/prometheus.yml", '"gateway:3001"', '"gatewy:3001"', "gatewy is not a compose service"),
    ("prometheus/prometheus.yml", '  - job_name: delivery\n    static_configs:\n      - targets: ["delivery:9464"]\n',
     "", "service delivery is not scraped"),
    ("prometheus/prometheus.yml", "scrape_interval: 15s", "scrape_interval: 15 seconds", "promtool check config"),
    ("prometheus/alerts.yml", "(outbox_oldest_message_age_seconds)", "(outbox_oldest_message_age)",
     "outbox_oldest_message_age is not a series"),
    ("prometheus/alerts.yml", "expr: up{", "expr: up{{", "promtool check rules"),
    ("prometheus/alerts.yml", "for: 1m\n", "for: 5m\n", "promtool test rules"),
    ("docker-compose.yml", '"--target=payment", "--metrics-port=9464"', '"--target=payment"',
     "serves /metrics on no port"),
    ("docker-compose.yml", "      - ./prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro\n", "",
     "rule file deploy/prometheus/alerts.yml is not mounted"),
    ("docker-compose.yml", "./grafana/dashboards:/etc/grafana/dashboards:ro", "./grafana/dashboards:/dashboards:ro",
     "reads /etc/grafana/dashboards, which no volume mounts"),
    ("docker-compose.yml", "GF_AUTH_ANONYMOUS_ORG_ROLE: Viewer", "GF_AUTH_ANONYMOUS_ORG_ROLE: Admin",
     "anonymous access as Viewer"),
    ("docker-compose.yml", "image: prom/prometheus:v2.53.0", "image: prom/prometheus:latest", "pinned prom/prometheus"),
    ("k8s/configmap.yaml", '  PARFUMERIE_METRICS_PORT: "9464"\n', "",
     "Deployment payment: prometheus.io/port 9464 is not a container port serving /metrics"),
    ("k8s/gateway.yaml", 'prometheus.io/scrape: "true"', 'prometheus.io/scrape: "false"',
     "Deployment gateway: pods lack prometheus.io/scrape"),
    ("grafana/provisioning/datasources/prometheus.yml", "url: http://prometheus:9090", "url: http://prometheus:9091",
     "is not the compose Prometheus"),
]


def run_checker(root, binary, *extra):
    r = subprocess.run([sys.executable, os.path.join(HERE, "check_dashboards.py"), "--source-dir", root,
                        "--binary", binary, *extra], capture_output=True, text=True, timeout=150)
    return r.returncode, r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    source = os.path.abspath(a.source_dir)
    failures = []
    with tempfile.TemporaryDirectory(prefix="parfumerie-dashboards-") as tmp:
        scrape = os.path.join(tmp, "scrape.txt")
        code, out = run_checker(source, a.binary, "--save-metrics", scrape)
        if code != 0:
            print(out)
            print("FAIL: the unmodified monitoring files do not pass check_dashboards.py")
            return 1
        for i, (file, old, new, expect) in enumerate(MUTATIONS):
            root = os.path.join(tmp, f"m{i}")
            os.mkdir(root)
            make_tree(source, root)
            path = os.path.join(root, "deploy", file)
            with open(path) as f:
                text = f.read()
            if old not in text:
                failures.append(f"mutation {i} ({file}): its text is no longer in the file: {old!r}")
                continue
            with open(path, "w") as f:
                f.write(text.replace(old, new, 1))
            code, out = run_checker(root, a.binary, "--metrics-file", scrape)
            if code == 0:
                failures.append(f"mutation {i} ({file}: {old!r} -> {new!r}) passed the checker")
            elif expect not in out:
                failures.append(f"mutation {i} ({file}) failed without saying {expect!r}:\n{out}")
            shutil.rmtree(root)
    for f in failures:
        print(f"FAIL: {f}")
    if failures:
        return 1
    print(f"dashboards: the checker caught all {len(MUTATIONS)} broken files")
    return 0


if __name__ == "__main__":
    sys.exit(main())

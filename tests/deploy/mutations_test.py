#!/usr/bin/env python3
"""Shows that check_deploy.py fails on broken deployment files.

    mutations_test.py --source-dir REPO --binary PATH/TO/parfumerie

Copies deploy/ into a temporary tree (the rest of the repository linked in),
checks that the copy passes, then breaks one file at a time and expects the
checker to fail naming the problem. A mutation whose text is no longer in the
file fails this test too: update it along with the file.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# (file under deploy/, text, replacement, words the checker's output must contain)
MUTATIONS = [
    ("docker-compose.yml", "      catalog:\n        condition: service_healthy",
     "      catalog:\n        condition: service_started", "depends_on catalog without condition service_healthy"),
    ("docker-compose.yml", "PARFUMERIE_GATEWAY_PORT: 3001", "PARFUMERIE_GATEWAY_PROT: 3001",
     "PARFUMERIE_GATEWAY_PROT is not a setting"),
    ("docker-compose.yml", "PARFUMERIE_LOG_FORMAT: json", "PARFUMERIE_LOG_FORMAT: xml", "'xml' is not one of"),
    ("docker-compose.yml", 'test: ["CMD", "parfumerie-healthcheck", "tcp", "50054"]',
     'test: ["CMD", "parfumerie-healthcheck", "tcp", "50055"]', "service payment: health check must be"),
    ("docker-compose.yml", "PARFUMERIE_CATALOG_ADDR: catalog:50053", "PARFUMERIE_CATALOG_ADDR: catalog:50054",
     "PARFUMERIE_CATALOG_ADDR is not catalog:50053"),
    ("docker-compose.yml", '      - "3001:3001"', '      - "3002:3001"', "does not publish the seed's port 3001"),
    ("docker-compose.yml", "image: apache/kafka:4.4.0", "image: apache/kafka:latest", "kafka image"),
    ("docker-compose.yml", "restart: unless-stopped\n    ports:\n      - \"127.0.0.1:27017",
     "restart: always\n    ports:\n      - \"127.0.0.1:27017", "service mongodb: restart"),
    ("docker-compose.yml", 'command: ["serve", "--target=delivery",', 'command: ["serve", "--target=deliveries",',
     "--target=delivery"),
    ("docker-compose.yml", "services:\n", "services:\n  : [\n", "docker-compose.yml"),
    (".env.example", "PARFUMERIE_JWT_SECRET=\n", "", "does not list PARFUMERIE_JWT_SECRET"),
    ("Dockerfile", "      libsodium23 \\\n", "", "does not install libsodium23"),
    ("Dockerfile", "USER 10001:10001", "USER root", "runs as root"),
    ("Dockerfile", 'ENTRYPOINT ["parfumerie"]', 'ENTRYPOINT ["/bin/sh"]', "ENTRYPOINT"),
    ("Dockerfile", "COPY proto proto", "COPY protos proto", "COPY source protos does not exist"),
    ("Dockerfile.dockerignore", "data/\n", "data/\nsrc\n", "excluded by dockerignore pattern src"),
    ("k8s/payment.yaml", "            grpc:\n              port: 50054\n            periodSeconds: 5",
     "            grpc:\n              port: 50055\n            periodSeconds: 5", "Deployment payment: readinessProbe"),
    ("k8s/gateway.yaml", "              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name",
     "              value: gateway", "does not come from the pod name"),
    ("k8s/gateway.yaml", "key: jwt-secret", "key: jwt", "reads key jwt of Secret"),
    ("k8s/catalog.yaml", "  replicas: 2", "  replicas: 1", "replicas is not 2"),
    ("k8s/catalog.yaml", "    app.kubernetes.io/name: catalog\n  ports:",
     "    app.kubernetes.io/name: catalogue\n  ports:", "Service catalog: selects 0"),
    ("k8s/delivery.yaml", "kind: Deployment", "kind: Deployment\n  - broken: [", "does not parse"),
    ("k8s/configmap.yaml", "PARFUMERIE_LOG_LEVEL: info", "PARFUMERIE_LOGLEVEL: info", "PARFUMERIE_LOGLEVEL is not a setting"),
    ("k8s/kustomization.yaml", "  - delivery.yaml\n", "", "does not list delivery.yaml"),
    ("healthcheck.sh", "  *) usage ;;\nesac", "  *) usage ;;\n", "healthcheck.sh does not parse"),
]


def make_tree(source, dest):
    for entry in os.listdir(source):
        if entry in ("deploy", "build", ".git"):
            continue
        os.symlink(os.path.join(source, entry), os.path.join(dest, entry))
    shutil.copytree(os.path.join(source, "deploy"), os.path.join(dest, "deploy"), symlinks=True)


def run_checker(root, binary):
    r = subprocess.run([sys.executable, os.path.join(HERE, "check_deploy.py"), "--source-dir", root,
                        "--binary", binary], capture_output=True, text=True, timeout=120)
    return r.returncode, r.stdout + r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--binary", required=True)
    a = ap.parse_args()
    source = os.path.abspath(a.source_dir)
    failures = []
    with tempfile.TemporaryDirectory(prefix="parfumerie-deploy-") as tmp:
        pristine = os.path.join(tmp, "pristine")
        os.mkdir(pristine)
        make_tree(source, pristine)
        code, out = run_checker(pristine, a.binary)
        if code != 0:
            print(out)
            print("FAIL: the unmodified deployment files do not pass check_deploy.py")
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
            code, out = run_checker(root, a.binary)
            if code == 0:
                failures.append(f"mutation {i} ({file}: {old!r} -> {new!r}) passed the checker")
            elif expect not in out:
                failures.append(f"mutation {i} ({file}) failed without saying {expect!r}:\n{out}")
            shutil.rmtree(root)
    for f in failures:
        print(f"FAIL: {f}")
    if failures:
        return 1
    print(f"deploy: the checker caught all {len(MUTATIONS)} broken files")
    return 0


if __name__ == "__main__":
    sys.exit(main())

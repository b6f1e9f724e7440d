"""The series a running shop exposes, for check_dashboards.py.

scrape_after_orders() starts the all-in-one `parfumerie` on free loopback
ports, drives a customer through GraphQL (a delivered order, a declined one,
a refused one, a stock-out, an invalid query) and returns the text of its
/metrics. When the binary has an OTLP endpoint setting, its spans go to a
local receiver that accepts them, so that the exporter's series exist too.
parse_exposition() reads that text. Every wait is bounded.
"""

import datetime
import http.server
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

START_TIMEOUT_S = 60
ORDER_TIMEOUT_S = 30
SERIES_TIMEOUT_S = 10
POLL_S = 0.05
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000002"


def parse_exposition(text):
    """({sample name: {label names}}, {sample name: counter or gauge}) of an
    exposition.

    A histogram's _bucket, _sum and _count samples count as counters: they
    only go up, so queries take their rate."""
    names, types = {}, {}
    for line in text.splitlines():
        m = re.match(r"# TYPE (\S+) (\S+)", line)
        if m:
            name, kind = m.groups()
            if kind in ("histogram", "summary"):
                for suffix in ("_bucket", "_sum", "_count"):
                    types[name + suffix] = "counter"
            else:
                types[name] = kind
            continue
        m = re.match(r"([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ", line)
        if m and not line.startswith("#"):
            labels = re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="(?:[^"\\]|\\.)*"', m.group(2) or "")
            names.setdefault(m.group(1), set()).update(labels)
    return names, types


def otlp_endpoint_flag(binary):
    """The setting naming an OTLP receiver, if the binary has one."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30, check=True).stdout
    for m in re.finditer(r"^\s+--([a-z0-9-]*endpoint[a-z0-9-]*)\b(.*?)(?=^\s+-|\Z)", out, re.M | re.S):
        if "otlp" in (m.group(1) + m.group(2)).lower():
            return m.group(1)
    return None


class _OtlpSink(http.server.BaseHTTPRequestHandler):
    """Accepts every POST as an OTLP/HTTP receiver does: 200, empty response."""

    def do_POST(self):  # noqa: N802 (the name http.server calls)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Shop:
    def __init__(self, binary, tmp):
        self.log_path = os.path.join(tmp, "shop.log")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARFUMERIE_") and not k.startswith("OTEL_")}
        args = [binary, f"--data-dir={tmp}/data", "--listen-host=127.0.0.1", "--catalog-grpc-port=0",
                "--catalog-http-port=0", "--payment-grpc-port=0", "--delivery-grpc-port=0", "--gateway-port=0",
                "--web-port=0", "--log-format=json", "--demo-data=true", "--delivery-simulator=true",
                "--delivery-simulator-interval-ms=20", "--payment-latency-ms=0", "--shutdown-grace-ms=2000"]
        self.sink = None
        otlp = otlp_endpoint_flag(binary)
        if otlp:
            self.sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OtlpSink)
            threading.Thread(target=self.sink.serve_forever, daemon=True).start()
            args.append(f"--{otlp}=http://127.0.0.1:{self.sink.server_address[1]}")
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        self.port = None

    def log_tail(self):
        with open(self.log_path, errors="replace") as f:
            return "".join(f.readlines()[-20:])

    def wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            with open(self.log_path, errors="replace") as f:
                text = f.read()
            port = re.search(r"GraphQL listening on http://127\.0\.0\.1:(\d+)/graphql", text)
            if port and '"msg":"ready' in text:
                self.port = int(port.group(1))
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"the shop exited during start-up:\n{self.log_tail()}")
            time.sleep(POLL_S)
        raise RuntimeError(f"the shop was not ready within {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        if self.sink:
            self.sink.shutdown()
            self.sink.server_close()

    def get(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as r:
            return r.read().decode()

    def gql(self, query, variables=None, token=None):
        """The response of a GraphQL request (data and errors)."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/graphql", data=body, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:  # a request error still has a GraphQL body
            return json.loads(e.read() or b"{}")

    def must(self, query, variables=None, token=None):
        reply = self.gql(query, variables, token)
        if reply.get("errors") or not reply.get("data"):
            raise RuntimeError(f"GraphQL {query.split('(')[0]} failed: {reply}")
        return reply["data"]


def _order(shop, token, key, card, perfume, quantity):
    return shop.gql(
        "mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id statut } }",
        {"in": {"cleIdempotence": key, "tokenPaiement": card,
                "lignes": [{"parfumId": perfume, "quantite": quantity}],
                "adresseLivraison": {"nomComplet": "Camille Martin", "ligne1": "12 rue des Lilas",
                                     "codePostal": "75011", "ville": "Paris", "pays": "FR"}}}, token)


def _wait_status(shop, token, order_id, wanted):
    deadline = time.monotonic() + ORDER_TIMEOUT_S
    status = None
    while time.monotonic() < deadline:
        data = shop.gql("query($id: ID!) { commande(id: $id) { statut } }", {"id": order_id}, token).get("data") or {}
        status = (data.get("commande") or {}).get("statut")
        if status == wanted:
            return
        time.sleep(POLL_S)
    raise RuntimeError(f"order {order_id} is {status}, not {wanted}, after {ORDER_TIMEOUT_S} s")


def _scenario(shop):
    token = shop.must('mutation { inscription(input: {email: "tableau@example.fr", motDePasse: "motdepasse-sur", '
                      'nom: "Camille"}) { token } }')["inscription"]["token"]
    year = datetime.date.today().year + 2

    def card(number):
        return shop.must(f'mutation {{ tokeniserCarte(input: {{numero: "{number}", moisExpiration: 12, '
                         f'anneeExpiration: {year}, cvc: "123"}}) {{ token }} }}', token=token)["tokeniserCarte"]["token"]

    ok, declined = card(CARD_OK), card(CARD_DECLINED)
    edges = shop.must("{ parfums(first: 5, filtre: {enStock: true}) { edges { node { id stock } } } }")["parfums"]["edges"]
    perfumes = [e["node"] for e in edges if e["node"]["stock"] >= 3]
    if len(perfumes) < 2:
        raise RuntimeError(f"the demo catalogue has fewer than two perfumes in stock: {edges}")
    first, second = perfumes[0], perfumes[1]

    delivered = _order(shop, token, "tableau-livree", ok, first["id"], 1)
    cancelled = _order(shop, token, "tableau-refusee", declined, first["id"], 1)
    for reply in (delivered, cancelled):
        if reply.get("errors"):
            raise RuntimeError(f"passerCommande failed: {reply}")
    refused = _order(shop, token, "tableau-trop", ok, second["id"], second["stock"] + 1)
    if not refused.get("errors"):
        raise RuntimeError(f"an order beyond the stock was accepted: {refused}")
    emptied = _order(shop, token, "tableau-rupture", ok, second["id"], second["stock"])
    if emptied.get("errors"):
        raise RuntimeError(f"an order of the whole stock failed: {emptied}")
    if not shop.gql("{ champInconnu }").get("errors"):
        raise RuntimeError("an invalid query had no errors")
    _wait_status(shop, token, delivered["data"]["passerCommande"]["id"], "LIVREE")
    _wait_status(shop, token, cancelled["data"]["passerCommande"]["id"], "ANNULEE")


def scrape_after_orders(binary, wait_for=()):
    """The shop's /metrics after the scenario, once every name in `wait_for`
    shows (or SERIES_TIMEOUT_S has passed: the caller reports what is missing)."""
    with tempfile.TemporaryDirectory(prefix="parfumerie-dashboards-") as tmp:
        shop = _Shop(binary, tmp)
        try:
            shop.wait_ready()
            _scenario(shop)
            deadline = time.monotonic() + SERIES_TIMEOUT_S
            while True:
                text = shop.get("/metrics")
                if set(wait_for) <= set(parse_exposition(text)[0]) or time.monotonic() >= deadline:
                    return text
                time.sleep(POLL_S)
        except (urllib.error.URLError, OSError, ValueError, KeyError, TypeError) as e:
            raise RuntimeError(f"{type(e).__name__}: {e}\n{shop.log_tail()}") from e
        finally:
            shop.stop()

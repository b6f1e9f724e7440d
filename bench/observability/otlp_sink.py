"""A stand-in OTLP/HTTP receiver for bench/observability/run.sh.

Answers every POST /v1/traces with 200 and an empty ExportTraceServiceResponse,
and counts requests, bytes and spans (occurrences of "spanId" keys; no
parsing, so that the receiver costs little of the CPU the shop is measured
on). Prints "port N" once listening; on SIGTERM writes the totals as JSON to
the file named by its only argument.
"""
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

totals = {"requests": 0, "bytes": 0, "spans": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            totals["requests"] += 1
            totals["bytes"] += len(body)
            totals["spans"] += body.count(b'"spanId"')
        reply = b"{}"
        self.send_response(200 if self.path == "/v1/traces" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def main():
    out = sys.argv[1]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    def stop(*_):
        with lock, open(out, "w") as f:
            json.dump(totals, f)
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

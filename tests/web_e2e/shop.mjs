// The all-in-one `parfumerie` binary for the browser tests: every port free
// (0), its data in a temp dir, the web port read from its JSON log. `extraArgs`
// change its settings (e.g. the delivery simulator off for an operator who
// advances deliveries by hand).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const START_TIMEOUT_MS = 60_000;
const SNAPSHOT_TIMEOUT_MS = 60_000;

// A copy of the front end's build in a temp dir, so that a rebuild of web/app
// while the tests run (it empties dist first) cannot pull the pages from under
// them. Copies again while the build is incomplete (index.html or one of the
// assets it names missing), for at most SNAPSHOT_TIMEOUT_MS.
export async function snapshotBuild(webDir) {
  const deadline = Date.now() + SNAPSHOT_TIMEOUT_MS;
  for (;;) {
    const copy = mkdtempSync(join(tmpdir(), 'parfumerie-web-dist-'));
    try {
      cpSync(webDir, copy, { recursive: true });
    } catch {
      // A file vanished during the copy: a build is running.
    }
    const index = join(copy, 'index.html');
    const assets = existsSync(index) ? [...readFileSync(index, 'utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]) : null;
    if (assets && assets.every((a) => existsSync(join(copy, a)))) return copy;
    rmSync(copy, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`no complete build in ${webDir} within ${SNAPSHOT_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500)); // a build takes seconds: look again soon
  }
}
const STOP_TIMEOUT_MS = 30_000;

export class Shop {
  constructor(binary, webDir, extraArgs = []) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'parfumerie-web-e2e-'));
    this.log = [];
    this.child = spawn(
      binary,
      [
        '--web-port=0', '--gateway-port=0', '--catalog-grpc-port=0', '--catalog-http-port=0',
        '--payment-grpc-port=0', '--delivery-grpc-port=0', `--data-dir=${this.dataDir}`,
        '--log-format=json', '--listen-host=127.0.0.1', `--web-dir=${webDir}`,
        '--payment-latency-ms=0', '--shutdown-grace-ms=5000', ...extraArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
      this.child.on('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    });
    this.waiters = [];
    let partial = '';
    const onData = (chunk) => {
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop();
      for (const line of lines) {
        this.log.push(line);
        for (const w of this.waiters) w();
      }
    };
    this.child.stdout.setEncoding('utf8').on('data', onData);
    this.child.stderr.setEncoding('utf8').on('data', onData);
  }

  // The first submatch of the first log line matching `pattern`.
  waitForLine(pattern, timeoutMs) {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (const line of this.log) {
          const m = pattern.exec(line);
          if (m) return done(() => resolve(m[1]));
        }
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no log line ${pattern} within ${timeoutMs} ms`))), timeoutMs);
      this.exited.then(({ code, signal, error }) => done(() => reject(new Error(`the shop exited (${error ?? code ?? signal}) before logging ${pattern}`))));
      const done = (f) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        f();
      };
      this.waiters.push(check);
      check();
    });
  }

  async start() {
    const port = await this.waitForLine(/"logger":"web","msg":"front end listening on http:\/\/[^"]*:(\d+)\//, START_TIMEOUT_MS);
    await this.waitForLine(/"msg":"(ready)/, START_TIMEOUT_MS);
    this.url = `http://127.0.0.1:${port}`;
  }

  // One GraphQL request on the page's origin, as the app makes it; the
  // response's `data`, or throws with its errors.
  async graphql(query, variables = {}, token = null) {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal: AbortSignal.timeout(10_000) });
    const body = await res.json();
    if (body.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  // SIGTERM, then SIGKILL if it has not exited in time; the exit code.
  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    const result = await this.exited;
    clearTimeout(timer);
    rmSync(this.dataDir, { recursive: true, force: true });
    return result;
  }
}

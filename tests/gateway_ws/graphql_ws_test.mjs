// GraphQL over WebSocket against the graphql-ws client (npm graphql-ws@6.4.2)
// and raw `ws` sockets for the protocol's refusals.
//
//   node graphql_ws_test.mjs <graphql_ws_test_server>
//
// Starts the test server (port 0), runs every check with a deadline, prints
// one line per check and exits 1 when any failed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const DEADLINE_MS = 5000;
const INIT_TIMEOUT_MS = 1000;
const PROTOCOL = 'graphql-transport-ws';

function withDeadline(promise, what, ms = DEADLINE_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startServer(binary) {
  const child = spawn(binary, [String(INIT_TIMEOUT_MS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await withDeadline(
    new Promise((resolve, reject) => {
      lines.on('line', (line) => {
        const m = /^port (\d+)$/.exec(line);
        if (m) resolve(Number(m[1]));
      });
      exited.then((code) => reject(new Error(`server exited with ${code}`)));
    }),
    'server start',
  );
  return {
    url: `ws://127.0.0.1:${port}/graphql`,
    stop: async () => {
      child.stdin.end();
      return withDeadline(exited, 'server exit', 10000);
    },
  };
}

function client(url, connectionParams = {}) {
  return createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true, connectionParams });
}

// Runs one operation: {values, completed} or {values, error}.
function run(c, payload) {
  return withDeadline(
    new Promise((resolve) => {
      const values = [];
      c.subscribe(payload, {
        next: (v) => values.push(v),
        error: (error) => resolve({ values, error }),
        complete: () => resolve({ values, completed: true }),
      });
    }),
    payload.query,
  );
}

// A raw socket speaking the protocol by hand.
class Raw {
  constructor(url, protocols = PROTOCOL) {
    this.ws = new WebSocket(url, protocols);
    this.messages = [];
    this.listeners = new Set();
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    this.ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()));
      for (const l of this.listeners) l();
    });
  }
  send(message) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
  // The first message (received so far or later) that `matches`.
  message(matches, what) {
    return withDeadline(
      new Promise((resolve) => {
        const check = () => {
          const found = this.messages.find(matches);
          if (found) {
            this.listeners.delete(check);
            resolve(found);
          }
        };
        this.listeners.add(check);
        check();
      }),
      what,
    );
  }
  close() {
    return withDeadline(this.closed, 'close');
  }
  async init(payload) {
    await this.opened;
    this.send(payload ? { type: 'connection_init', payload } : { type: 'connection_init' });
    await this.message((m) => m.type === 'connection_ack', 'connection_ack');
  }
}

async function activeCountdowns(url) {
  const { values } = await run(client(url), { query: '{ activeCountdowns }' });
  return values[0].data.activeCountdowns;
}

// Polls until no countdown thread runs any more (bounded).
async function waitNoCountdowns(url) {
  for (let i = 0; i < 100; ++i) {
    if ((await activeCountdowns(url)) === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('a countdown is still running');
}

const checks = {
  async 'operations are counted by type, name and outcome on /metrics'(url) {
    const c = client(url);
    assert.ok((await run(c, { query: 'query MetricsHello { hello }' })).completed);
    assert.ok((await run(c, { query: 'query MetricsHello { hello }' })).completed);
    assert.ok((await run(c, { query: 'mutation MetricsAdd { add(a: 1, b: 2) }' })).completed);
    assert.ok((await run(c, { query: 'subscription MetricsCount { countdown(from: 1) }' })).completed);
    assert.ok((await run(c, { query: 'query MetricsBad { nope }' })).error);
    await c.dispose();
    const scrape = await withDeadline(fetch(url.replace('ws:', 'http:').replace('/graphql', '/metrics')), 'scrape');
    const text = await scrape.text();
    const sample = (series) => {
      const line = text.split('\n').find((l) => l.startsWith(series + ' '));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const ops = (type, name, outcome) =>
      sample(`graphql_operations_total{operation_type="${type}",operation_name="${name}",outcome="${outcome}"}`);
    assert.equal(ops('query', 'MetricsHello', 'ok'), 2, text);
    assert.equal(ops('mutation', 'MetricsAdd', 'ok'), 1, text);
    assert.equal(ops('subscription', 'MetricsCount', 'ok'), 1, text);
    assert.equal(ops('query', 'MetricsBad', 'error'), 1, text);
    assert.equal(
      sample('graphql_operation_duration_seconds_count{operation_type="query",operation_name="MetricsHello"}'), 2);
  },

  async 'subscription receives every value then complete'(url) {
    const r = await run(client(url), { query: 'subscription { countdown(from: 3) }' });
    assert.deepEqual(r.values, [3, 2, 1, 0].map((n) => ({ data: { countdown: n } })));
    assert.equal(r.completed, true);
  },

  async 'subscription with variables and an operation name'(url) {
    const r = await run(client(url), {
      query: 'query Q { hello } subscription S($n: Int!) { countdown(from: $n, intervalMs: 5) }',
      operationName: 'S',
      variables: { n: 2 },
    });
    assert.deepEqual(r.values.map((v) => v.data.countdown), [2, 1, 0]);
    assert.equal(r.completed, true);
  },

  async 'query and mutation over WebSocket'(url) {
    const c = client(url, { authorization: 'Bearer tok-1' });
    const q = await run(c, { query: '{ hello(name: "Nez") whoami onStrand }' });
    assert.deepEqual(q.values, [{ data: { hello: 'hello Nez', whoami: 'tok-1', onStrand: true } }]);
    assert.equal(q.completed, true);
    const m = await run(c, { query: 'mutation { add(a: 2, b: 3) }' });
    assert.deepEqual(m.values, [{ data: { add: 5 } }]);
    const t = await run(client(url, { token: 'tok-2' }), { query: '{ whoami }' });
    assert.deepEqual(t.values, [{ data: { whoami: 'tok-2' } }]);
    await c.dispose();
  },

  async 'validation and syntax errors are error messages'(url) {
    const c = client(url);
    const v = await run(c, { query: '{ nope }' });
    assert.deepEqual(v.values, []);
    assert.ok(Array.isArray(v.error), 'an errors array');
    assert.equal(v.error[0].message, 'Cannot query field "nope" on type "Query".');
    const s = await run(c, { query: '{' });
    assert.ok(Array.isArray(s.error));
    assert.match(s.error[0].message, /^Syntax Error/);
    const op = await run(c, { query: '{ hello }', operationName: 'Missing' });
    assert.equal(op.error[0].message, 'Unable to identify operation');
  },

  async 'execution errors are next then complete'(url) {
    // As graphql-ws: variables that do not coerce fail in execution, not validation.
    const r = await run(client(url), { query: 'query($n: String!) { hello(name: $n) }' });
    assert.equal(r.completed, true);
    assert.equal(r.values.length, 1);
    assert.match(r.values[0].errors[0].message, /Variable "\$n" of required type "String!" was not provided/);
    const refused = await run(client(url), { query: 'subscription { countdown(from: -1) }' });
    assert.equal(refused.completed, true);
    assert.equal(refused.values[0].errors[0].message, 'from must not be negative');
  },

  async 'a forbidden token closes with 4403'(url) {
    const r = await run(client(url, { authorization: 'Bearer forbidden' }), { query: '{ hello }' });
    assert.equal(r.error.code, 4403);
    assert.equal(r.error.reason, 'Forbidden');
  },

  async 'another context error is an error message'(url) {
    const r = await run(client(url, { token: 'unavailable' }), { query: '{ hello }' });
    assert.ok(Array.isArray(r.error));
    assert.equal(r.error[0].extensions.code, 'UNAVAILABLE');
  },

  async 'subscribe before connection_init closes with 4401'(url) {
    const raw = new Raw(url);
    await raw.opened;
    raw.send({ type: 'subscribe', id: '1', payload: { query: '{ hello }' } });
    assert.deepEqual(await raw.close(), { code: 4401, reason: 'Unauthorized' });
  },

  async 'a second connection_init closes with 4429'(url) {
    const raw = new Raw(url);
    await raw.init();
    raw.send({ type: 'connection_init' });
    assert.deepEqual(await raw.close(), { code: 4429, reason: 'Too many initialisation requests' });
  },

  async 'no connection_init in time closes with 4408'(url) {
    const start = Date.now();
    const raw = new Raw(url);
    await raw.opened;
    assert.deepEqual(await raw.close(), { code: 4408, reason: 'Connection initialisation timeout' });
    assert.ok(Date.now() - start >= INIT_TIMEOUT_MS - 50, 'not before the timeout');
  },

  async 'a duplicate active id closes with 4409 and cancels the stream'(url) {
    const raw = new Raw(url);
    await raw.init();
    const long = { query: 'subscription { countdown(from: 1000, intervalMs: 20) }' };
    raw.send({ type: 'subscribe', id: 'a', payload: long });
    await raw.message((m) => m.type === 'next' && m.id === 'a', 'first next');
    raw.send({ type: 'subscribe', id: 'a', payload: long });
    assert.deepEqual(await raw.close(), { code: 4409, reason: 'Subscriber for a already exists' });
    await waitNoCountdowns(url);
  },

  async 'an invalid message closes with 4400'(url) {
    const garbage = new Raw(url);
    await garbage.opened;
    garbage.send('not json {');
    assert.equal((await garbage.close()).code, 4400);
    const badId = new Raw(url);
    await badId.init();
    badId.send({ type: 'subscribe', id: 7, payload: { query: '{ hello }' } });
    assert.deepEqual(await badId.close(), {
      code: 4400,
      reason: `"subscribe" message expects the 'id' property to be a string, but got number`,
    });
    const unknown = new Raw(url);
    await unknown.opened;
    unknown.send({ type: 'hello' });
    assert.deepEqual(await unknown.close(), { code: 4400, reason: `Invalid message 'type' property "hello"` });
  },

  async 'without the subprotocol the server closes with 4406'(url) {
    const none = new Raw(url, []);
    await none.opened;
    assert.equal(none.ws.protocol, '');
    assert.deepEqual(await none.close(), { code: 4406, reason: 'Subprotocol not acceptable' });
    // Offered only another protocol: the server agrees to none, which ws refuses.
    const other = new Raw(url, 'graphql-ws');
    await assert.rejects(other.opened, /Server sent no subprotocol/);
  },

  async 'ping gets pong, pong is ignored'(url) {
    const raw = new Raw(url);
    await raw.opened;
    raw.send({ type: 'ping', payload: { at: 1 } });
    assert.deepEqual(await raw.message((m) => m.type === 'pong', 'pong'), { type: 'pong', payload: { at: 1 } });
    await raw.init();
    raw.messages.length = 0;
    raw.send({ type: 'ping' });
    assert.deepEqual(await raw.message((m) => m.type === 'pong', 'pong'), { type: 'pong' });
    raw.send({ type: 'pong', payload: { ignored: true } });
    raw.send({ type: 'subscribe', id: 'q', payload: { query: '{ hello }' } });
    await raw.message((m) => m.type === 'complete' && m.id === 'q', 'complete');
    raw.ws.close(1000);
  },

  async 'client complete stops the stream'(url) {
    const raw = new Raw(url);
    await raw.init();
    raw.send({ type: 'subscribe', id: 's', payload: { query: 'subscription { countdown(from: 1000, intervalMs: 20) }' } });
    await raw.message((m) => m.type === 'next' && m.id === 's' && m.payload.data.countdown === 999, 'two values');
    raw.send({ type: 'complete', id: 's' });
    await waitNoCountdowns(url);
    assert.equal(raw.messages.filter((m) => m.type === 'complete').length, 0, 'no complete for a client complete');
    // The id is free again.
    raw.send({ type: 'subscribe', id: 's', payload: { query: '{ hello }' } });
    await raw.message((m) => m.type === 'complete' && m.id === 's', 'complete of the reused id');
    raw.ws.close(1000);
  },

  async 'an id is free again as soon as its complete arrives'(url) {
    const raw = new Raw(url);
    await raw.init();
    for (let i = 0; i < 20; ++i) {
      raw.messages.length = 0;
      raw.send({ type: 'subscribe', id: 'r', payload: { query: 'subscription { countdown(from: 1) }' } });
      await raw.message((m) => m.type === 'complete' && m.id === 'r', `complete ${i}`);
      assert.equal(raw.messages.filter((m) => m.type === 'next').length, 2);
    }
    raw.ws.close(1000);
  },

  async 'operations beyond the per-connection cap get an error'(url) {
    const raw = new Raw(url);
    await raw.init();
    const long = { query: 'subscription { countdown(from: 1000, intervalMs: 20) }' };
    for (const id of ['1', '2', '3', '4', '5']) raw.send({ type: 'subscribe', id, payload: long });
    raw.send({ type: 'subscribe', id: '6', payload: long });
    const error = await raw.message((m) => m.type === 'error' && m.id === '6', 'error for 6');
    assert.match(error.payload[0].message, /at most 5 may run at once/);
    raw.ws.close(1000);
    await raw.close();
    await waitNoCountdowns(url);
  },
};

const binary = process.argv[2];
const server = await startServer(binary);
let failed = 0;
for (const [name, check] of Object.entries(checks)) {
  try {
    await check(server.url);
    console.log(`ok   ${name}`);
  } catch (e) {
    ++failed;
    console.log(`FAIL ${name}\n     ${e.stack ?? e}`);
  }
}
const code = await server.stop();
if (code !== 0) {
  ++failed;
  console.log(`FAIL the server exited with ${code}`);
}
console.log(failed ? `${failed} check(s) failed` : 'all checks passed');
process.exit(failed ? 1 : 0);

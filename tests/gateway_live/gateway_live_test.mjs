// The gateway of the all-in-one binary driven by the Node clients the front
// end and other tools use: graphql-ws for subscriptions, graphql-js for
// introspection, graphql-http's conformance audit.
//
//   node gateway_live_test.mjs <parfumerie binary> <schema.graphql>
//
// Starts the binary on free ports with a fast carrier simulator, runs every
// check with a deadline, prints one line per check, always stops the binary
// (SIGTERM, then SIGKILL) and exits 1 when any check failed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { auditServer } from 'graphql-http';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const START_MS = 60000;         // the binary's start, demo catalogue included
const REQUEST_MS = 20000;       // one HTTP request, one socket event
const SAGA_MS = 60000;          // an order from placed to delivered or cancelled
const STOP_MS = 20000;          // SIGTERM to exit (shutdown grace is 5 s)
const WATCHDOG_MS = 270000;     // the whole run; ctest's timeout is 300 s

const ORDER_STEPS = ['EN_ATTENTE', 'PAYEE', 'EXPEDIEE', 'LIVREE'];
const CARD_OK = '4242424242424242';
const CARD_DECLINED = '4000000000000002';

function withDeadline(promise, what, ms = REQUEST_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The binary ------------------------------------------------------------------

class Shop {
  constructor(binary) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'parfumerie-gateway-live-'));
    this.log = [];
    this.child = spawn(
      binary,
      [
        `--data-dir=${this.dataDir}`, '--listen-host=127.0.0.1', '--catalog-grpc-port=0',
        '--catalog-http-port=0', '--payment-grpc-port=0', '--delivery-grpc-port=0', '--gateway-port=0',
        '--web-port=0',
        '--log-format=json', '--shutdown-grace-ms=5000', '--delivery-simulator=true',
        '--delivery-simulator-interval-ms=300', '--payment-latency-ms=0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
      this.child.on('error', (error) => resolve({ code: null, signal: null, error: error.message }));
    });
    this.running = true;
    this.exited.then(() => { this.running = false; });
    this.lineListeners = new Set();
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.log.push(line);
        for (const l of this.lineListeners) l(line);
      });
    }
  }

  // The first log line (seen so far or later) matching `re`.
  line(re, what) {
    return withDeadline(
      new Promise((resolve, reject) => {
        const seen = this.log.find((l) => re.test(l));
        if (seen) return resolve(re.exec(seen));
        const listener = (l) => {
          const m = re.exec(l);
          if (m) {
            this.lineListeners.delete(listener);
            resolve(m);
          }
        };
        this.lineListeners.add(listener);
        this.exited.then((exit) => reject(new Error(`the binary exited (${JSON.stringify(exit)}) before ${what}`)));
      }),
      what,
      START_MS,
    );
  }

  async start() {
    const m = await this.line(/GraphQL listening on http:\/\/127\.0\.0\.1:(\d+)\/graphql/, 'the gateway listens');
    await this.line(/"msg":"ready/, 'ready');
    this.port = Number(m[1]);
    this.http = `http://127.0.0.1:${this.port}/graphql`;
    this.ws = `ws://127.0.0.1:${this.port}/graphql`;
  }

  // SIGTERM, then SIGKILL after a deadline; {code, signal} of the exit.
  async stop() {
    if (this.running) this.child.kill('SIGTERM');
    let exit;
    try {
      exit = await withDeadline(this.exited, 'exit after SIGTERM', STOP_MS);
    } catch {
      this.child.kill('SIGKILL');
      exit = await withDeadline(this.exited, 'exit after SIGKILL', STOP_MS);
      exit.killed = true;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    return exit;
  }

  tail(n = 60) {
    return this.log.slice(-n).join('\n');
  }
}

// GraphQL over HTTP -----------------------------------------------------------

async function post(shop, query, variables = {}, token = '') {
  const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(shop.http, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${response.status}, not JSON: ${text.slice(0, 300)}`);
  }
  return { status: response.status, body };
}

// The data of a request that must succeed.
async function data(shop, query, variables = {}, token = '') {
  const { status, body } = await post(shop, query, variables, token);
  assert.ok(!body.errors && status === 200, `${query.trim().split('\n')[0]}: HTTP ${status} ${JSON.stringify(body)}`);
  return body.data;
}

let accounts = 0;

// A new customer: {token, id}.
async function signUp(shop, name) {
  accounts += 1;
  const d = await data(
    shop,
    `mutation($e: String!, $n: String!) {
      inscription(input: {email: $e, motDePasse: "motdepasse-sur", nom: $n}) { token compte { id role } }
    }`,
    { e: `${name.toLowerCase()}.${accounts}@example.fr`, n: name },
  );
  assert.equal(d.inscription.compte.role, 'CLIENT');
  return { token: d.inscription.token, id: d.inscription.compte.id };
}

async function adminToken(shop) {
  const d = await data(
    shop,
    'mutation { connexion(input: {email: "admin@parfumerie.test", motDePasse: "parfumerie-admin"}) { token } }',
  );
  return d.connexion.token;
}

async function cardToken(shop, token, numero) {
  const d = await data(
    shop,
    `mutation($n: String!) {
      tokeniserCarte(input: {numero: $n, moisExpiration: 12, anneeExpiration: 2030, cvc: "123"}) { token }
    }`,
    { n: numero },
    token,
  );
  return d.tokeniserCarte.token;
}

async function twoPerfumes(shop) {
  const d = await data(shop, '{ parfums(first: 2, filtre: {enStock: true}, tri: PRIX) { edges { node { id } } } }');
  const ids = d.parfums.edges.map((e) => e.node.id);
  assert.equal(ids.length, 2, 'two perfumes in stock');
  return ids;
}

let orders = 0;

// Places an order of one of each perfume in `ids`; its id.
async function placeOrder(shop, customer, card, ids) {
  orders += 1;
  const d = await data(
    shop,
    `mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id statut quantite } }`,
    {
      in: {
        cleIdempotence: `panier-${orders}`,
        lignes: ids.map((parfumId) => ({ parfumId, quantite: 1 })),
        tokenPaiement: card,
        adresseLivraison: {
          nomComplet: 'Camille Martin', ligne1: '12 rue des Lilas', codePostal: '75011', ville: 'Paris', pays: 'FR',
        },
      },
    },
    customer.token,
  );
  assert.equal(d.passerCommande.quantite, ids.length);
  return d.passerCommande.id;
}

// GraphQL over WebSocket ------------------------------------------------------

// A ws WebSocket that records every message it sends and receives, in order,
// into `log` as {dir: 'in'|'out', msg}.
function recordingWebSocket(log) {
  return class RecordingWebSocket extends WebSocket {
    constructor(...args) {
      super(...args);
      this.on('message', (d) => log.push({ dir: 'in', msg: JSON.parse(d.toString()) }));
    }
    send(d, ...rest) {
      log.push({ dir: 'out', msg: JSON.parse(d) });
      return super.send(d, ...rest);
    }
  };
}

function wsClient(shop, token, { webSocketImpl = WebSocket, on } = {}) {
  return createClient({
    url: shop.ws,
    webSocketImpl,
    retryAttempts: 0,
    lazy: true,
    connectionParams: token === undefined ? undefined : { authorization: `Bearer ${token}` },
    on,
  });
}

// Runs one operation and collects its `next` payloads until `until(values)`
// holds (then unsubscribes), the server ends it, or the deadline passes:
// {values, completed} or {values, error} or {values, stopped}. `recheck()`
// tests `until` again, for a condition that changed since the last event.
function follow(client, payload, { until = () => false, ms = REQUEST_MS, onNext = () => {} } = {}) {
  const values = [];
  let dispose;
  let check;
  const done = new Promise((resolve) => {
    let over = false;
    check = () => {
      if (!over && until(values)) {
        over = true;
        dispose();
        resolve({ values, stopped: true });
      }
    };
    dispose = client.subscribe(payload, {
      next: (v) => {
        values.push(v);
        onNext(v, values);
        check();
      },
      error: (error) => { over = true; resolve({ values, error }); },
      complete: () => { over = true; resolve({ values, completed: true }); },
    });
  });
  return {
    values,
    dispose: () => dispose(),
    recheck: () => check(),
    done: withDeadline(done, `${payload.operationName ?? payload.query.trim().split('\n')[0]}`, ms).catch((e) => {
      dispose();
      throw new Error(`${e.message}; received ${JSON.stringify(values)}`);
    }),
  };
}

const SUIVI = `subscription Suivi($id: ID!) {
  commandeMiseAJour(id: $id) {
    id statut raisonAnnulation historique { statut } paiement { statut messageRefus } livraison { statut }
  }
}`;

const SUIVI_KEYS = ['historique', 'id', 'livraison', 'paiement', 'raisonAnnulation', 'statut'];

// The orders of the events of a `Suivi` subscription, each with every field it selects.
function suiviEvents(values, id) {
  return values.map((v) => {
    assert.equal(v.errors, undefined, JSON.stringify(v));
    const c = v.data.commandeMiseAJour;
    assert.deepEqual(Object.keys(c).sort(), SUIVI_KEYS, `the fields of ${JSON.stringify(c)}`);
    assert.equal(c.id, id);
    return c;
  });
}

const terminal = (values) => {
  const last = values.at(-1)?.data?.commandeMiseAJour?.statut;
  return last === 'LIVREE' || last === 'ANNULEE';
};

// The errors of an operation that must be refused: a `next` with errors and
// no data, then complete (or an `error` message); never the order's data.
function refusal(result) {
  for (const v of result.values) assert.ok(v.data == null, `data must not be sent: ${JSON.stringify(v)}`);
  if (result.error !== undefined) {
    assert.ok(Array.isArray(result.error), `an errors array, not ${String(result.error)}`);
    return result.error;
  }
  assert.ok(result.completed, 'the refused operation completes');
  assert.equal(result.values.length, 1, `one response: ${JSON.stringify(result.values)}`);
  const { errors } = result.values[0];
  assert.ok(Array.isArray(errors) && errors.length > 0, `errors: ${JSON.stringify(result.values[0])}`);
  return errors;
}

// The checks ------------------------------------------------------------------

async function customerFollowsAnOrderToDelivery(shop, state) {
  const customer = await signUp(shop, 'Camille');
  const card = await cardToken(shop, customer.token, CARD_OK);
  state.perfumes = await twoPerfumes(shop);
  const id = await placeOrder(shop, customer, card, state.perfumes);
  state.customer = customer;
  state.orderId = id;

  const client = wsClient(shop, customer.token);
  try {
    const r = await follow(client, { query: SUIVI, variables: { id } }, { until: terminal, ms: SAGA_MS }).done;
    assert.ok(r.stopped, `the stream ended early: ${JSON.stringify(r)}`);
    const events = suiviEvents(r.values, id);
    const statuts = events.map((e) => e.statut);
    console.log(`  statuses received: ${statuts.join(' ')}`);
    for (const s of statuts) assert.ok(ORDER_STEPS.includes(s), `unexpected status ${s} in ${statuts}`);
    for (let i = 1; i < statuts.length; ++i) {
      assert.ok(ORDER_STEPS.indexOf(statuts[i - 1]) <= ORDER_STEPS.indexOf(statuts[i]),
                `statuses go back: ${statuts.join(' ')}`);
    }
    const last = events.at(-1);
    assert.equal(last.statut, 'LIVREE');
    assert.equal(last.paiement?.statut, 'ACCEPTE', JSON.stringify(last));
    assert.equal(last.livraison?.statut, 'LIVREE', JSON.stringify(last));
    const history = last.historique.map((h) => h.statut);
    for (const step of ORDER_STEPS) assert.ok(history.includes(step), `historique ${history} lacks ${step}`);
    assert.deepEqual(history, [...history].sort((a, b) => ORDER_STEPS.indexOf(a) - ORDER_STEPS.indexOf(b)),
                     'historique in order');
  } finally {
    await client.dispose();
  }
}

async function declinedCardEndsCancelled(shop, state) {
  const customer = await signUp(shop, 'Refus');
  const card = await cardToken(shop, customer.token, CARD_DECLINED);
  const id = await placeOrder(shop, customer, card, state.perfumes);
  const client = wsClient(shop, customer.token);
  try {
    const r = await follow(client, { query: SUIVI, variables: { id } }, { until: terminal, ms: SAGA_MS }).done;
    assert.ok(r.stopped, `the stream ended early: ${JSON.stringify(r)}`);
    const events = suiviEvents(r.values, id);
    const statuts = events.map((e) => e.statut);
    console.log(`  statuses received: ${statuts.join(' ')}`);
    for (const s of statuts) assert.ok(s === 'EN_ATTENTE' || s === 'ANNULEE', `unexpected status in ${statuts}`);
    assert.ok(statuts.indexOf('ANNULEE') < 0 || statuts.slice(statuts.indexOf('ANNULEE')).every((s) => s === 'ANNULEE'),
              `statuses go back: ${statuts.join(' ')}`);
    const last = events.at(-1);
    assert.equal(last.statut, 'ANNULEE');
    assert.ok(typeof last.raisonAnnulation === 'string' && last.raisonAnnulation.length > 0,
              `raisonAnnulation: ${JSON.stringify(last)}`);
    assert.equal(last.paiement?.statut, 'REFUSE', JSON.stringify(last));
    assert.ok(typeof last.paiement.messageRefus === 'string' && last.paiement.messageRefus.length > 0,
              `messageRefus: ${JSON.stringify(last)}`);
    assert.equal(last.livraison, null);
  } finally {
    await client.dispose();
  }
}

// Runs every part even when one fails, so that one report shows them all.
async function parts(list) {
  const failed = [];
  for (const [name, part] of list) {
    try {
      await part();
    } catch (e) {
      failed.push(`${name}: ${e.message}`);
    }
  }
  assert.deepEqual(failed, [], `${failed.length} of ${list.length} parts failed`);
}

async function subscriptionsAreAuthorised(shop, state) {
  const other = await signUp(shop, 'Autre');
  const id = state.orderId;
  assert.ok(id, 'the first check placed an order');
  const refused = async (token, payload, code) => {
    const client = wsClient(shop, token);
    try {
      const errors = refusal(await follow(client, payload).done);
      console.log(`    ${JSON.stringify(errors)}`);
      if (code) assert.equal(errors[0].extensions?.code, code, JSON.stringify(errors));
    } finally {
      await client.dispose();
    }
  };
  await parts([
    ["another customer's order", () => refused(other.token, { query: SUIVI, variables: { id } })],
    ['anonymous', () => refused(undefined, { query: SUIVI, variables: { id } }, 'UNAUTHENTICATED')],
    ['nouvellesCommandes as a customer',
     () => refused(other.token, { query: 'subscription { nouvellesCommandes { id clientId } }' }, 'FORBIDDEN')],
    ['a forged token', async () => {
      let closed;
      const forged = wsClient(shop, 'pas.un.jeton', { on: { closed: (event) => { closed = event; } } });
      try {
        const r = await follow(forged, { query: SUIVI, variables: { id } }).done;
        assert.deepEqual(r.values, [], 'nothing but the close');
        assert.ok(r.error !== undefined, `the operation fails: ${JSON.stringify(r)}`);
        assert.equal(r.error.code, 4403, `close code of ${String(r.error)} (${r.error.reason})`);
        assert.equal(closed?.code, 4403);
        console.log(`    closed ${closed.code} ${closed.reason}`);
      } finally {
        await forged.dispose();
      }
    }],
  ]);
}

async function adminSeesNewOrders(shop, state) {
  const admin = wsClient(shop, await adminToken(shop));
  const customer = await signUp(shop, 'Nouvelle');
  const card = await cardToken(shop, customer.token, CARD_OK);
  try {
    let placed;
    const watch = follow(admin, { query: 'subscription { nouvellesCommandes { id clientId statut } }' }, {
      until: (values) => placed !== undefined && values.some((v) => v.data?.nouvellesCommandes?.id === placed),
      ms: SAGA_MS,
    });
    // The server handles a connection's messages in order: once this query
    // is answered, the subscription above is listening.
    const witness = await follow(admin, { query: '{ __typename }' }).done;
    assert.deepEqual(witness.values, [{ data: { __typename: 'Query' } }]);
    placed = await placeOrder(shop, customer, card, state.perfumes);
    watch.recheck();  // its event may have come before the mutation's answer
    const r = await watch.done;
    assert.ok(r.stopped, `the stream ended early: ${JSON.stringify(r)}`);
    for (const v of r.values) assert.equal(v.errors, undefined, JSON.stringify(v));
    const seen = r.values.map((v) => v.data.nouvellesCommandes);
    console.log(`  admin received: ${JSON.stringify(seen)}`);
    const mine = seen.find((c) => c.id === placed);
    assert.equal(mine.clientId, customer.id);
  } finally {
    await admin.dispose();
  }
}

async function unsubscribingStopsEvents(shop, state) {
  const customer = await signUp(shop, 'Desabonne');
  const card = await cardToken(shop, customer.token, CARD_OK);
  const id = await placeOrder(shop, customer, card, state.perfumes);
  const log = [];
  const client = wsClient(shop, customer.token, { webSocketImpl: recordingWebSocket(log) });
  try {
    // `Suivi` keeps the connection open (the client is lazy) and sees the
    // order through to its delivery; `Abandon` is dropped after one event.
    const suivi = follow(client, { query: SUIVI, variables: { id }, operationName: 'Suivi' },
                         { until: terminal, ms: SAGA_MS });
    let firstEvent;
    const gotFirst = new Promise((resolve) => { firstEvent = resolve; });
    const abandon = follow(
      client,
      { query: 'subscription Abandon($id: ID!) { commandeMiseAJour(id: $id) { statut } }', variables: { id },
        operationName: 'Abandon' },
      { onNext: firstEvent },
    );
    await withDeadline(gotFirst, 'the first event of Abandon');
    abandon.dispose();
    const witness = await follow(client, { query: 'query Temoin { __typename }', operationName: 'Temoin' }).done;
    assert.ok(witness.completed);
    const r = await suivi.done;
    assert.ok(r.stopped, `the stream ended early: ${JSON.stringify(r)}`);
    assert.equal(r.values.at(-1).data.commandeMiseAJour.statut, 'LIVREE');

    const idOf = (name) => log.find((e) => e.dir === 'out' && e.msg.type === 'subscribe' &&
                                           e.msg.payload.operationName === name)?.msg.id;
    const abandonId = idOf('Abandon'), suiviId = idOf('Suivi'), temoinId = idOf('Temoin');
    const completeSent = log.findIndex((e) => e.dir === 'out' && e.msg.type === 'complete' && e.msg.id === abandonId);
    assert.ok(completeSent >= 0, 'the client sent complete for Abandon');
    // Answered after the server read that complete.
    const answered = log.findIndex((e) => e.dir === 'in' && e.msg.type === 'complete' && e.msg.id === temoinId);
    assert.ok(answered > completeSent);
    const late = log.slice(answered).filter((e) => e.dir === 'in' && e.msg.id === abandonId);
    assert.deepEqual(late, [], 'nothing for Abandon once its complete was read');
    const after = log.slice(answered).filter((e) => e.dir === 'in' && e.msg.type === 'next' && e.msg.id === suiviId);
    assert.ok(after.length > 0, 'the order kept changing after the unsubscription (else nothing was tested)');
    const forAbandon = log.filter((e) => e.dir === 'in' && e.msg.id === abandonId).length;
    console.log(`  Abandon: ${forAbandon} message(s) in all; Suivi: ${after.length} event(s) after it ended`);
  } finally {
    await client.dispose();
  }
}

async function introspectionRebuildsTheSchema(shop, state, schemaPath) {
  const query = getIntrospectionQuery({
    descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true,
    inputValueDeprecation: true, oneOf: true,
  });
  const { status, body } = await post(shop, query);
  assert.equal(status, 200);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  const fromGateway = printSchema(buildClientSchema(body.data));
  const fromRepo = printSchema(buildSchema(readFileSync(schemaPath, 'utf8')));
  if (fromGateway !== fromRepo) {
    const a = fromGateway.split('\n'), b = fromRepo.split('\n');
    const i = a.findIndex((line, k) => line !== b[k]);
    const context = (lines) => lines.slice(Math.max(0, i - 3), i + 4).join('\n');
    assert.fail(`printSchema differs from line ${i + 1}:\n-- gateway:\n${context(a)}\n-- schema.graphql:\n${context(b)}`);
  }
  console.log(`  ${fromRepo.split('\n').length} lines of SDL, identical`);
}

async function graphqlHttpAudit(shop) {
  const results = await withDeadline(auditServer({ url: shop.http }), 'auditServer', 120000);
  const counts = {};
  const failed = [];
  for (const r of results) {
    const level = r.name.split(' ')[0];  // MUST, SHOULD or MAY
    counts[level] ??= { ok: 0, notice: 0, warn: 0, error: 0 };
    counts[level][r.status] += 1;
    const reason = r.status === 'ok' ? '' : ` — ${r.reason}`;
    console.log(`  ${r.status.padEnd(6)} ${r.id} ${r.name}${reason}`);
    if (r.status !== 'ok' && (level === 'MUST' || level === 'SHOULD')) failed.push(r.id);
  }
  for (const [level, c] of Object.entries(counts)) {
    console.log(`  ${level}: ${c.ok} ok, ${c.notice} notice, ${c.warn} warn, ${c.error} error`);
  }
  assert.deepEqual(failed, [], `MUST or SHOULD audits not ok of ${results.length}`);
}

// Main ------------------------------------------------------------------------

const [binary, schemaPath] = process.argv.slice(2);
if (!binary || !schemaPath) {
  console.error('usage: node gateway_live_test.mjs <parfumerie binary> <schema.graphql>');
  process.exit(2);
}

const shop = new Shop(binary);
process.on('exit', () => { if (shop.running) shop.child.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    shop.child.kill('SIGKILL');
    process.exit(1);
  });
}
const watchdog = setTimeout(() => {
  console.error(`FAIL: the run took more than ${WATCHDOG_MS} ms\n${shop.tail()}`);
  process.exit(1);
}, WATCHDOG_MS);

const checks = [
  ['a customer follows an order to its delivery', customerFollowsAnOrderToDelivery],
  ['a declined card ends the order cancelled', declinedCardEndsCancelled],
  ['subscriptions are authorised', subscriptionsAreAuthorised],
  ['the operator sees new orders', adminSeesNewOrders],
  ['unsubscribing stops the events', unsubscribingStopsEvents],
  ['introspection rebuilds schema.graphql', introspectionRebuildsTheSchema],
  ['graphql-http audit: every MUST and SHOULD ok', graphqlHttpAudit],
];

let failures = 0;
let started = false;
const began = Date.now();
try {
  await shop.start();
  started = true;
  console.log(`gateway on port ${shop.port}, started in ${Date.now() - began} ms`);
  const state = {};
  for (const [name, check] of checks) {
    const t0 = Date.now();
    try {
      await Promise.race([check(shop, state, schemaPath), shop.exited.then((exit) => {
        throw new Error(`the binary exited during the check: ${JSON.stringify(exit)}`);
      })]);
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failures += 1;
      console.log(`FAIL ${name} (${Date.now() - t0} ms): ${e.stack ?? e}`);
    }
  }
} catch (e) {
  failures += 1;
  console.log(`FAIL the shop did not start: ${e.message}`);
}
const exit = await shop.stop();
if (!started) {
  // Nothing to say about a stop.
} else if (exit.killed || exit.code !== 0) {
  failures += 1;
  console.log(`FAIL the binary did not stop cleanly on SIGTERM: ${JSON.stringify(exit)}`);
} else {
  console.log('ok   the binary stops cleanly on SIGTERM');
}
if (failures > 0) console.log(`-- the binary's last log lines:\n${shop.tail()}`);
clearTimeout(watchdog);
console.log(`${checks.length + 1} checks, ${failures} failed, ${Date.now() - began} ms`);
process.exit(failures === 0 ? 0 : 1);

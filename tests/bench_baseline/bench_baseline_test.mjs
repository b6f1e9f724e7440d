// bench/compare compares our gateway with bench/baseline (the seed's gateway
// in Node.js) on the same services: this checks that both do the same work.
//
//   node bench_baseline_test.mjs <parfumerie binary>
//
// Starts the all-in-one shop on free ports and the baseline on its gRPC
// ports, with one JWT secret; sends the benchmark's requests (bench/compare/
// queries.mjs) to both and asserts that their `data` are equal JSON, that one
// token works on both, and that both refuse the same callers. Prints one line
// per check, always stops both processes, exits 1 when a check failed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { COMMANDE, PASSER_COMMANDE, passerCommandeInput } from '../../bench/compare/queries.mjs';
import {
  compareReads, createBenchParfum, data, gql, placePaidOrder, signIn, signUp, subjectOf, tokeniseCard, until,
} from '../../bench/compare/shop.mjs';

const START_MS = 30000;
const STOP_MS = 10000;
const WATCHDOG_MS = 100000;  // ctest's timeout is 120 s
const BASELINE = fileURLToPath(new URL('../../bench/baseline/index.js', import.meta.url));

const children = new Set();

// A child process whose output lines are kept and can be waited for.
class Child {
  constructor(name, command, args, env = process.env) {
    children.add(this);
    this.name = name;
    this.log = [];
    this.waiters = new Set();
    this.child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => resolve({ code, signal }));
      this.child.on('error', (error) => resolve({ error: error.message }));
    });
    this.exited.then(() => { this.running = false; });
    this.running = true;
    for (const stream of [this.child.stdout, this.child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.log.push(line);
        for (const w of this.waiters) w(line);
      });
    }
  }

  // The first line (seen or to come) matching `re`, within START_MS.
  line(re) {
    return new Promise((resolve, reject) => {
      const seen = this.log.find((l) => re.test(l));
      if (seen) return resolve(re.exec(seen));
      const timer = setTimeout(() => reject(new Error(`${this.name}: no line ${re} within ${START_MS} ms`)), START_MS);
      const waiter = (l) => {
        if (!re.test(l)) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve(re.exec(l));
      };
      this.waiters.add(waiter);
      this.exited.then((exit) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${JSON.stringify(exit)}) before ${re}`));
      });
    });
  }

  async stop() {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_MS);
    await this.exited;
    clearTimeout(timer);
  }

  tail(n = 30) {
    return this.log.slice(-n).join('\n');
  }
}

const checks = [];
async function check(name, body) {
  try {
    await body();
    checks.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    checks.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error.stack || error.message}`);
  }
}

function errorCode(reply) {
  return reply.errors?.[0]?.extensions?.code;
}

async function main(binary) {
  const secret = randomBytes(48).toString('base64url');
  const dataDir = mkdtempSync(join(tmpdir(), 'parfumerie-bench-baseline-'));
  const shop = new Child('shop', binary, [
    `--data-dir=${dataDir}`, '--listen-host=127.0.0.1', '--catalog-grpc-port=0', '--catalog-http-port=0',
    '--payment-grpc-port=0', '--delivery-grpc-port=0', '--gateway-port=0', '--web-port=0', '--log-format=json',
    '--demo-data=true', '--delivery-simulator=false', '--payment-latency-ms=0', '--shutdown-grace-ms=2000',
    `--jwt-secret=${secret}`,
  ]);
  let baseline;
  try {
    const gateway = await shop.line(/GraphQL listening on http:\/\/127\.0\.0\.1:(\d+)\/graphql/);
    await shop.line(/"msg":"ready/);
    const grpc = {};
    for (const target of ['catalog', 'payment', 'delivery']) {
      const m = await shop.line(new RegExp(`"logger":"${target}","msg":"gRPC listening on (127\\.0\\.0\\.1:\\d+)"`));
      grpc[target] = m[1];
    }
    baseline = new Child('baseline', process.execPath, [BASELINE], {
      ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', JWT_SECRET: secret,
      CATALOG_ADDR: grpc.catalog, PAYMENT_ADDR: grpc.payment, DELIVERY_ADDR: grpc.delivery,
    });
    const ready = await baseline.line(/^ready (http:\S+)/);
    const ours = `http://127.0.0.1:${gateway[1]}/graphql`;
    const base = ready[1];
    console.log(`ours ${ours}, baseline ${base}`);

    const admin = await signIn(ours, 'admin@parfumerie.test', 'parfumerie-admin');
    const parfum = await createBenchParfum(ours, admin);
    const customer = await signUp(ours, 'banc-fidele@example.fr');
    const other = await signUp(ours, 'banc-autre@example.fr');
    const card = await tokeniseCard(ours, customer);
    const order = await placePaidOrder(ours, customer, parfum, card, 'lecture');

    const reads = await compareReads(ours, base, customer, order);
    for (const [name, r] of Object.entries(reads)) {
      await check(`${name}: same data on both gateways`, async () => {
        assert.equal(r.a.errors, undefined, JSON.stringify(r.a.errors));
        assert.equal(r.b.errors, undefined, JSON.stringify(r.b.errors));
        assert.deepEqual(r.b.data, r.a.data);
      });
    }
    await check('catalogue: 20 perfumes with 6 fields', async () => {
      const edges = reads.catalogue.a.data.parfums.edges;
      assert.equal(edges.length, 20);
      assert.deepEqual(Object.keys(edges[0].node).sort(), ['description', 'id', 'image', 'nom', 'prix', 'stock']);
    });
    await check('commande: the order with its line, perfume, payment and delivery', async () => {
      const c = reads.commande.a.data.commande;
      assert.equal(c.id, order);
      assert.equal(c.statut, 'PAYEE');
      assert.equal(c.lignes[0].parfum.nom.startsWith('Eau du Banc'), true);
      assert.equal(c.paiement.statut, 'ACCEPTE');
      assert.equal(c.livraison.statut, 'EN_PREPARATION');
    });

    await check('passerCommande through the baseline: the customer of the token, paid by the saga', async () => {
      const placed = (await data(base, PASSER_COMMANDE, { in: passerCommandeInput('par-la-base', parfum, card) }, customer))
        .passerCommande;
      assert.equal(placed.statut, 'EN_ATTENTE');
      await until(`${placed.id} PAYEE`, async () => {
        const c = (await data(ours, COMMANDE, { id: placed.id }, customer)).commande;
        return c.statut === 'PAYEE';
      }, 20000);
      const mine = await data(ours, 'query($id: ID!) { commande(id: $id) { clientId } }', { id: placed.id }, customer);
      assert.equal(mine.commande.clientId, subjectOf(customer));
    });
    await check('passerCommande: one idempotency key is one order on both gateways (same data)', async () => {
      const input = { in: passerCommandeInput('une-seule', parfum, card) };
      const first = await data(ours, PASSER_COMMANDE, input, customer);
      await until('the order PAYEE', async () => {
        const c = (await data(ours, COMMANDE, { id: first.passerCommande.id }, customer)).commande;
        return c.statut === 'PAYEE';
      }, 20000);
      const again = await gql(ours, PASSER_COMMANDE, input, customer);
      const viaBase = await gql(base, PASSER_COMMANDE, input, customer);
      assert.equal(again.errors, undefined, JSON.stringify(again.errors));
      assert.deepEqual(viaBase.data, again.data);
      assert.equal(viaBase.data.passerCommande.id, first.passerCommande.id);
    });
    await check('both refuse the same callers: no token, another customer, a forged token', async () => {
      for (const url of [ours, base]) {
        assert.equal(errorCode(await gql(url, COMMANDE, { id: order })), 'UNAUTHENTICATED', url);
        assert.equal(errorCode(await gql(url, COMMANDE, { id: order }, other)), 'NOT_FOUND', url);
        const forged = `${customer.slice(0, -4)}AAAA`;
        const reply = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
          body: JSON.stringify({ query: COMMANDE, variables: { id: order } }),
        });
        assert.equal(reply.status, 401, url);
      }
    });
  } catch (error) {
    checks.push({ name: 'setup', ok: false });
    console.log(`FAIL setup: ${error.stack || error.message}`);
  } finally {
    if (checks.some((c) => !c.ok)) {
      console.log(`--- shop log:\n${shop.tail()}`);
      if (baseline) console.log(`--- baseline log:\n${baseline.tail()}`);
    }
    await Promise.all([shop.stop(), baseline?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`${checks.length - failed} of ${checks.length} checks passed`);
  return failed === 0 && checks.length > 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.log(`FAIL watchdog: the test ran for more than ${WATCHDOG_MS} ms`);
  for (const c of children) c.child.kill('SIGKILL');
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();
process.exitCode = await main(process.argv[2]);

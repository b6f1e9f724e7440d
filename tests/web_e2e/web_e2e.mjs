// The shop's web front end (web/app) in headless Chromium, against the
// all-in-one `parfumerie` binary on free ports, as a customer and an operator
// would use it. Each scenario gets a fresh browser context and leaves a
// screenshot (and one on failure) in the artifacts folder; timings of the
// catalogue's first render go to <artifacts>/timing.json.
//
//   node web_e2e.mjs <parfumerie binary> <web/app/dist> <artifacts dir> [scenario...]
//
// The browser is Debian's chromium (CHROMIUM_PATH to use another), never a
// downloaded one; --no-sandbox because the tests may run as root.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const SCENARIO_TIMEOUT_MS = 90_000;
const UI_TIMEOUT_MS = 20_000; // one step of the UI: a page, a live status

const [binary, webDir, artifacts, ...only] = process.argv.slice(2);
if (!binary || !webDir || !artifacts) {
  console.error('usage: node web_e2e.mjs <parfumerie binary> <web dir> <artifacts dir> [scenario...]');
  process.exit(2);
}

// The all-in-one binary on free ports, its data in a temp dir; the web port
// is read from its JSON log.
class Shop {
  constructor() {
    this.dataDir = mkdtempSync(join(tmpdir(), 'parfumerie-web-e2e-'));
    this.log = [];
    this.child = spawn(
      binary,
      [
        '--web-port=0', '--gateway-port=0', '--catalog-grpc-port=0', '--catalog-http-port=0',
        '--payment-grpc-port=0', '--delivery-grpc-port=0', `--data-dir=${this.dataDir}`,
        '--log-format=json', '--listen-host=127.0.0.1', `--web-dir=${webDir}`,
        '--delivery-simulator-interval-ms=1000', '--payment-latency-ms=0', '--shutdown-grace-ms=5000',
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

// --- scenarios -------------------------------------------------------------
// Each gets { page, context, shop, timing } and throws on failure.

const card = '[data-testid="parfum-carte"]';

// The home page shows the catalogue: perfume cards with a name, a price and a
// picture served on the page's own origin; a deep link to a perfume works.
async function catalogue({ page, shop, timing }) {
  await page.goto(`${shop.url}/`, { waitUntil: 'commit' });
  // In the page, at the first animation frame where a card is laid out.
  timing.firstCardMs = await (
    await page.waitForFunction(
      (selector) => {
        const el = document.querySelector(selector);
        return el && el.getBoundingClientRect().height > 0 ? performance.now() : null;
      },
      card,
      { polling: 'raf', timeout: UI_TIMEOUT_MS },
    )
  ).jsonValue();
  await page.waitForLoadState('load');
  Object.assign(timing, await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
    return {
      firstPaintMs: paint['first-paint'],
      firstContentfulPaintMs: paint['first-contentful-paint'],
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      loadMs: nav.loadEventEnd,
      transferredBytes: performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, nav.transferSize),
    };
  }));

  assert.match(await page.title(), /Parfumerie/);
  const cards = page.locator(card);
  assert.ok((await cards.count()) > 0, 'no perfume card');
  const first = cards.first();
  assert.notEqual((await first.getByTestId('parfum-nom').innerText()).trim(), '');
  assert.match(await first.getByTestId('parfum-prix').innerText(), /\d/);
  const picture = first.locator('img');
  await picture.scrollIntoViewIfNeeded();
  await page.waitForFunction((img) => img.complete && img.naturalWidth > 0, await picture.elementHandle(), { timeout: UI_TIMEOUT_MS });
  assert.match(await picture.evaluate((img) => img.currentSrc), new RegExp(`^${shop.url}/images/parfums/`));

  const id = await first.getAttribute('data-parfum-id');
  const name = (await first.getByTestId('parfum-nom').innerText()).trim();
  await page.goto(`${shop.url}/parfums/${id}`);
  await page.getByTestId('parfum-fiche').waitFor({ timeout: UI_TIMEOUT_MS });
  assert.equal((await page.getByTestId('parfum-fiche').getByTestId('parfum-nom').innerText()).trim(), name);
  await page.goto(`${shop.url}/`);
  await cards.first().waitFor({ timeout: UI_TIMEOUT_MS });
}

const scenarios = [
  { name: 'catalogue', run: catalogue },
  // Next: a customer signs up, searches, orders two perfumes with a good card
  // and sees PAYEE live; a declined card shows its reason and leaves the stock
  // unchanged; an operator edits a perfume and advances the delivery, and the
  // customer's order page follows.
];

// --- runner ----------------------------------------------------------------

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: over ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

async function runScenario(browser, shop, scenario, timings) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const timing = {};
  try {
    await withTimeout(scenario.run({ page, context, shop, timing }), SCENARIO_TIMEOUT_MS, scenario.name);
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    await page.screenshot({ path: join(artifacts, `${scenario.name}.png`), fullPage: true });
    if (Object.keys(timing).length > 0) timings[scenario.name] = timing;
  } catch (e) {
    await page.screenshot({ path: join(artifacts, `${scenario.name}-failed.png`), fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const selected = only.length > 0 ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
  assert.ok(selected.length > 0, `no scenario named ${only.join(', ')}`);
  const shop = new Shop();
  let browser;
  let failures = 0;
  const timings = {};
  const started = Date.now();
  try {
    await shop.start();
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    for (const scenario of selected) {
      const t0 = Date.now();
      try {
        await runScenario(browser, shop, scenario, timings);
        console.log(`ok   ${scenario.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failures++;
        console.log(`FAIL ${scenario.name} (${Date.now() - t0} ms): ${e.stack ?? e}`);
      }
    }
  } catch (e) {
    failures++;
    console.log(`FAIL set-up: ${e.stack ?? e}`);
  } finally {
    await browser?.close();
    const { code, signal, error } = await shop.stop();
    if (code !== 0) {
      failures++;
      console.log(`FAIL the shop exited with ${error ?? code ?? signal}`);
    }
    if (failures > 0) console.log(`--- shop log (last 60 lines)\n${shop.log.slice(-60).join('\n')}`);
  }
  writeFileSync(join(artifacts, 'timing.json'), `${JSON.stringify(timings, null, 2)}\n`);
  if (timings.catalogue) console.log(`timing: ${JSON.stringify(timings.catalogue)}`);
  console.log(`${selected.length - Math.min(failures, selected.length)}/${selected.length} scenarios passed in ${Date.now() - started} ms; artifacts in ${artifacts}`);
  process.exit(failures > 0 ? 1 : 0);
}

await main();

// The shop's web front end (web/app) in headless Chromium, against the
// all-in-one `parfumerie` binary on free ports, as a customer and an operator
// would use it. Each scenario gets a fresh browser context (and may open
// more) and leaves a screenshot of its main page (and one on failure) in the
// artifacts folder; timings go to <artifacts>/timing.json.
//
//   node web_e2e.mjs <parfumerie binary> <web/app/dist> <artifacts dir> [scenario...]
//
// The browser is Debian's chromium (CHROMIUM_PATH to use another), never a
// downloaded one; --no-sandbox because the tests may run as root.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { adminAndCustomer } from './admin_scenarios.mjs';
import { catalogue } from './catalogue_scenario.mjs';
import { customerOrder, declinedCard } from './customer_scenarios.mjs';
import { badCardNumber, signupExistingEmail } from './input_scenarios.mjs';
import { Shop, snapshotBuild } from './shop.mjs';
import { UI_TIMEOUT_MS } from './steps.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCENARIO_TIMEOUT_MS = 120_000;

// The shops scenarios run against, started when a scenario first needs one.
// `simulated`: a carrier moves each delivery one step a second, so an order
// goes from PAYEE to LIVREE by itself in about three. `manual`: deliveries
// move only when an operator advances them.
const SHOPS = {
  simulated: ['--delivery-simulator-interval-ms=1000'],
  manual: ['--delivery-simulator=false'],
};

const scenarios = [
  { name: 'catalogue', shop: 'simulated', run: catalogue },
  { name: 'customer-order', shop: 'simulated', run: customerOrder },
  { name: 'declined-card', shop: 'simulated', run: declinedCard },
  { name: 'bad-card-number', shop: 'simulated', run: badCardNumber },
  { name: 'signup-existing-email', shop: 'simulated', run: signupExistingEmail },
  { name: 'admin-and-customer', shop: 'manual', run: adminAndCustomer },
];

const [binary, webDir, artifacts, ...only] = process.argv.slice(2);
if (!binary || !webDir || !artifacts) {
  console.error('usage: node web_e2e.mjs <parfumerie binary> <web dir> <artifacts dir> [scenario...]');
  process.exit(2);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: over ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// Runs one scenario with { page, context, newContext, shop, timing, shot, artifacts }:
// `newContext()` opens another browser (another person) closed with the
// scenario; `shot(name)` saves a screenshot of the main page now.
async function runScenario(browser, shop, scenario, timings) {
  const contexts = [];
  const pageErrors = [];
  const newContext = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    context.on('page', (p) => p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`)));
    contexts.push(context);
    return context;
  };
  const context = await newContext();
  const page = await context.newPage();
  // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
  const shot = async (name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  };
  const timing = {};
  try {
    await withTimeout(scenario.run({ page, context, newContext, shop, timing, shot, artifacts }), SCENARIO_TIMEOUT_MS, scenario.name);
    assert.deepEqual(pageErrors, [], 'uncaught errors in the page');
    await shot(scenario.name);
    if (Object.keys(timing).length > 0) timings[scenario.name] = timing;
  } catch (e) {
    await shot(`${scenario.name}-failed`).catch(() => {});
    throw e;
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
  }
}

async function main() {
  mkdirSync(artifacts, { recursive: true });
  const selected = only.length > 0 ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
  assert.ok(selected.length > 0, `no scenario named ${only.join(', ')}`);
  const shops = new Map();
  let site;
  const shopFor = async (kind) => {
    if (!shops.has(kind)) {
      site ??= await snapshotBuild(webDir);
      const shop = new Shop(binary, site, SHOPS[kind]);
      shops.set(kind, shop);
      await shop.start();
      const carrier = shop.log.some((line) => /carrier simulator on/.test(line));
      assert.equal(carrier, kind === 'simulated', `the ${kind} shop's carrier simulator is ${carrier ? 'on' : 'off'}`);
    }
    return shops.get(kind);
  };
  let browser;
  let failures = 0;
  const timings = {};
  const started = Date.now();
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    for (const scenario of selected) {
      const t0 = Date.now();
      try {
        await runScenario(browser, await shopFor(scenario.shop), scenario, timings);
        timings[scenario.name] = { ...timings[scenario.name], totalMs: Date.now() - t0 };
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
    for (const [kind, shop] of shops) {
      const { code, signal, error } = await shop.stop();
      if (code !== 0) {
        failures++;
        console.log(`FAIL the ${kind} shop exited with ${error ?? code ?? signal}`);
      }
      if (failures > 0) console.log(`--- ${kind} shop log (last 60 lines)\n${shop.log.slice(-60).join('\n')}`);
    }
    if (site) rmSync(site, { recursive: true, force: true });
  }
  writeFileSync(join(artifacts, 'timing.json'), `${JSON.stringify(timings, null, 2)}\n`);
  for (const [name, timing] of Object.entries(timings)) console.log(`timing ${name}: ${JSON.stringify(timing)}`);
  console.log(`${selected.length - Math.min(failures, selected.length)}/${selected.length} scenarios passed in ${Date.now() - started} ms; artifacts in ${artifacts}`);
  process.exit(failures > 0 ? 1 : 0);
}

await main();

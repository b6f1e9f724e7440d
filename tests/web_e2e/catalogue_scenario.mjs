// The catalogue as anyone sees it, and the timings of its first render in a
// fresh browser context (cold cache). Gets { page, shop, timing } (see
// web_e2e.mjs) and throws on failure.
import assert from 'node:assert/strict';
import { UI_TIMEOUT_MS } from './steps.mjs';

const card = '[data-testid="parfum-carte"]';

// The home page shows the catalogue: perfume cards with a name, a price and a
// picture served on the page's own origin; a deep link to a perfume works.
export async function catalogue({ page, shop, timing }) {
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

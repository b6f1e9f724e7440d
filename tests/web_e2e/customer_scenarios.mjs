// A customer's scenarios: an order paid and delivered, a declined card. Each
// gets { page, context, shop, timing } (see web_e2e.mjs) and throws on failure.
import assert from 'node:assert/strict';
import {
  addOneToCart, apiStock, byTestId, DECLINED_CARD, fillCheckout, GOOD_CARD, LIVE_TIMEOUT_MS, loadId, newCustomer,
  recordOrderStatuses, sessionToken, signUp, statusesSeen, waitForOrderPage, waitForStatus, waitForText,
} from './steps.mjs';

const LIFECYCLE = ['EN_ATTENTE', 'PAYEE', 'EXPEDIEE', 'LIVREE'];
const SEARCH = 'boisé';

// Is `seen` a non-empty run of LIFECYCLE's statuses, in its order?
const inLifecycleOrder = (seen) => seen.length > 0 && seen.every((s, i) => LIFECYCLE.includes(s) && (i === 0 || LIFECYCLE.indexOf(s) > LIFECYCLE.indexOf(seen[i - 1])));

// Signs up, finds two perfumes with the search box, pays with a good card
// (clicking "Payer" twice) and follows the order live to LIVREE on one load
// of the page; exactly one order exists afterwards.
export async function customerOrder({ page, context, shop, timing }) {
  await recordOrderStatuses(context);
  const customer = newCustomer('commande');
  await signUp(page, shop, customer);

  const expected = (await shop.graphql('query($q: String) { parfums(first: 100, filtre: {recherche: $q}) { totalCount } }', { q: SEARCH })).parfums.totalCount;
  assert.ok(expected >= 2, `the demo catalogue has ${expected} perfumes for "${SEARCH}"`);
  await page.getByTestId('logo').click();
  await page.getByTestId('recherche').fill(SEARCH);
  await page.waitForURL((url) => url.searchParams.get('q') === SEARCH);
  await waitForText(page.getByTestId('catalogue-total'), `${expected} parfums`);
  const inStock = page.locator(`${byTestId('parfum-carte')}:has(${byTestId('parfum-stock')}[data-en-stock="true"])`);
  assert.ok((await inStock.count()) >= 2, `fewer than two perfumes in stock for "${SEARCH}"`);

  const chosen = [];
  for (const i of [0, 1]) {
    const card = inStock.nth(i);
    const id = await card.getAttribute('data-parfum-id');
    chosen.push(id);
    await card.getByTestId('parfum-nom').click();
    await page.locator(`${byTestId('parfum-fiche')}[data-parfum-id="${id}"]`).waitFor();
    await addOneToCart(page);
    await page.goBack();
    await waitForText(page.getByTestId('catalogue-total'), `${expected} parfums`);
  }
  const stockBefore = await Promise.all(chosen.map((id) => apiStock(shop, id)));

  const form = await fillCheckout(page, GOOD_CARD);
  assert.deepEqual(await page.getByTestId('panier-compteur').innerText(), '2');
  const orderRequests = [];
  page.on('request', (r) => {
    if (r.url() === `${shop.url}/graphql` && r.method() === 'POST' && /passerCommande/.test(r.postData() ?? '')) orderRequests.push(r.postDataJSON().variables.input.cleIdempotence);
  });
  // The worst double click: both in one task, before React can disable the
  // button (a mouse double click through Playwright meets a disabled button).
  await form.evaluate((f) => { window.__envois = 0; f.addEventListener('submit', () => window.__envois++); });
  const clicked = Date.now();
  await form.getByTestId('payer').evaluate((b) => { b.click(); b.click(); });
  assert.equal(await page.evaluate(() => window.__envois), 2, 'the form was submitted twice');
  const id = await waitForOrderPage(page);
  const load = await loadId(page);

  await waitForStatus(page, 'LIVREE', LIVE_TIMEOUT_MS);
  timing.livreeMs = Date.now() - clicked;
  assert.equal(await loadId(page), load, 'the order page was reloaded');
  const seen = await statusesSeen(page, id);
  timing.statuts = seen.join(' → ');
  assert.ok(inLifecycleOrder(seen) && seen.length >= 2 && seen.at(-1) === 'LIVREE', `statuses shown on one load: ${seen.join(', ')}`);
  await page.getByTestId('suivi-en-direct').waitFor();
  await page.locator(`${byTestId('timeline-etape')}[data-statut="PAYEE"] time`).waitFor();
  assert.match(await page.getByTestId('paiement').innerText(), /4242/);
  await waitForText(page.getByTestId('panier-compteur'), '0');
  for (const [i, pid] of chosen.entries()) assert.equal(await apiStock(shop, pid), stockBefore[i] - 1, `stock of ${pid}`);

  // One order, whatever the double click sent (the same key each time).
  assert.ok(orderRequests.length >= 1 && new Set(orderRequests).size === 1, `passerCommande keys: ${orderRequests.join(', ')}`);
  timing.passerCommandeRequests = orderRequests.length;
  const { mesCommandes } = await shop.graphql('{ mesCommandes { totalCount edges { node { id } } } }', {}, await sessionToken(page));
  assert.equal(mesCommandes.totalCount, 1);
  assert.equal(mesCommandes.edges[0].node.id, id);
  await page.getByTestId('nav-compte').click();
  await page.getByTestId('commande-ligne').first().waitFor();
  assert.equal(await page.getByTestId('commande-ligne').count(), 1);
  assert.equal(await page.getByTestId('commande-ligne').getAttribute('data-commande-id'), id);

  await page.getByTestId('commande-ligne').getByRole('link').click();
  await waitForStatus(page, 'LIVREE');
}

// Orders the scarcest perfume in stock with a card the bank declines: the
// order page shows ANNULEE with the bank's reason, the cart is kept, and the
// perfume's page shows the stock it had before.
export async function declinedCard({ page, context, shop, timing }) {
  const { parfums } = await shop.graphql('{ parfums(first: 1, filtre: {enStock: true}, tri: STOCK, ordre: ASC) { edges { node { id stock } } } }');
  const { id: parfumId, stock } = parfums.edges[0].node;
  await recordOrderStatuses(context);
  await signUp(page, shop, newCustomer('refus'));
  await page.goto(`${shop.url}/parfums/${parfumId}`);
  const badge = page.getByTestId('parfum-fiche').getByTestId('parfum-stock');
  await badge.waitFor();
  const shownBefore = (await badge.innerText()).trim();
  if (stock <= 5) assert.equal(shownBefore, `En stock (plus que ${stock})`);
  await addOneToCart(page);

  const form = await fillCheckout(page, DECLINED_CARD);
  const clicked = Date.now();
  await form.getByTestId('payer').click();
  const id = await waitForOrderPage(page);
  await waitForStatus(page, 'ANNULEE');
  timing.annuleeMs = Date.now() - clicked;
  assert.match(await page.getByTestId('refus-paiement').innerText(), /^Paiement refusé : Votre carte a été refusée\./);
  assert.match(await page.getByTestId('raison-annulation').innerText(), /refusé/i);
  assert.equal(await page.getByTestId('confirmation').count(), 0, 'no thanks for a cancelled order');
  assert.equal(await page.getByTestId('panier-compteur').innerText(), '1', 'the cart is kept');
  assert.ok((await statusesSeen(page, id)).every((s) => s === 'EN_ATTENTE' || s === 'ANNULEE'));

  // The stock as a fresh page reads it, beside the order page.
  assert.equal(await apiStock(shop, parfumId), stock);
  const other = await context.newPage();
  await other.goto(`${shop.url}/parfums/${parfumId}`);
  await other.getByTestId('parfum-fiche').getByTestId('parfum-stock').waitFor();
  assert.equal((await other.getByTestId('parfum-fiche').getByTestId('parfum-stock').innerText()).trim(), shownBefore);
  await other.close();
}

// The operator and a customer at the same time, in two browsers, on a shop
// whose deliveries move only when the operator advances them. Gets
// { page, newContext, shop, timing } (see web_e2e.mjs) and throws on failure.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  addOneToCart, byTestId, fillCheckout, GOOD_CARD, loadId, newCustomer, recordOrderStatuses, signIn, signUp,
  statusesSeen, waitForOrderPage, waitForStatus,
} from './steps.mjs';

const ADMIN = { email: 'admin@parfumerie.test', motDePasse: 'parfumerie-admin' };

// "106,50 €" whatever spaces Intl puts before the sign.
const euros = (value) => `${value.toFixed(2).replace('.', ',')} €`;
const text = async (locator) => (await locator.innerText()).replace(/\s+/g, ' ').trim();

// The operator changes a perfume's price in the back office and the shop shows
// it; a customer buys it at that price, and each delivery step the operator
// takes on the deliveries page shows on the customer's order page, open in the
// other browser, without a reload.
export async function adminAndCustomer({ page, newContext, shop, timing, artifacts }) {
  const { parfums } = await shop.graphql('{ parfums(first: 1, filtre: {enStock: true, recherche: "rose"}) { edges { node { id nom prix stock } } } }');
  const parfum = parfums.edges[0].node;
  const newPrice = parfum.prix + 7.5;

  const admin = await (await newContext()).newPage();
  await signIn(admin, shop, ADMIN.email, ADMIN.motDePasse);
  await admin.getByTestId('nav-admin').click();
  await admin.getByTestId('admin').waitFor();
  await admin.getByTestId('admin-nav-parfums').click();
  await admin.getByLabel('Rechercher', { exact: true }).fill(parfum.nom);
  const row = admin.locator(`${byTestId('admin-parfum-ligne')}[data-parfum-id="${parfum.id}"]`);
  await row.getByTestId('parfum-modifier').click();
  const form = admin.getByTestId('form-parfum');
  assert.equal(await form.getByTestId('champ-nom').inputValue(), parfum.nom);
  await form.getByTestId('champ-prix').fill(newPrice.toFixed(2).replace('.', ','));
  await form.getByTestId('parfum-enregistrer').click();
  await admin.getByTestId('admin-message').filter({ hasText: 'a été enregistré' }).waitFor();
  await row.filter({ hasText: new RegExp(euros(newPrice).replace(' ', '\\s')) }).waitFor();

  // The customer, in another browser, sees the new price and buys at it.
  await recordOrderStatuses(page.context());
  await signUp(page, shop, newCustomer('suivi'));
  await page.goto(`${shop.url}/?q=${encodeURIComponent(parfum.nom)}`);
  const card = page.locator(`${byTestId('parfum-carte')}[data-parfum-id="${parfum.id}"]`);
  assert.equal(await text(card.getByTestId('parfum-prix')), euros(newPrice));
  await card.getByTestId('parfum-nom').click();
  const fiche = page.getByTestId('parfum-fiche');
  await fiche.waitFor();
  assert.equal(await text(fiche.getByTestId('parfum-prix')), euros(newPrice));
  await addOneToCart(page);
  const checkout = await fillCheckout(page, GOOD_CARD);
  assert.equal(await text(checkout.page().getByTestId('recap-total')), euros(newPrice));
  await checkout.getByTestId('payer').click();
  const id = await waitForOrderPage(page);
  const load = await loadId(page);
  await waitForStatus(page, 'PAYEE');
  assert.equal(await text(page.getByTestId('commande-total')), euros(newPrice));
  await page.getByTestId('livraison').filter({ hasText: 'En préparation' }).waitFor();

  // The operator takes the delivery one step at a time; the customer's page follows.
  await admin.getByTestId('admin-nav-livraisons').click();
  const delivery = admin.locator(`${byTestId('admin-livraison-ligne')}:has(a[href="/commandes/${id}"])`);
  const steps = [
    ['EXPEDIEE', 'EXPEDIEE', 'Expédiée'],
    ['EN_TRANSIT', 'EXPEDIEE', 'En transit'],
    ['LIVREE', 'LIVREE', 'Livrée'],
  ];
  let from = 'EN_PREPARATION';
  for (const [deliveryStatus, orderStatus, shown] of steps) {
    await admin.locator(`${byTestId('admin-livraison-ligne')}[data-statut="${from}"]:has(a[href="/commandes/${id}"])`).waitFor();
    const clicked = Date.now();
    await delivery.getByTestId('livraison-avancer').click();
    await waitForStatus(page, orderStatus);
    await page.getByTestId('livraison').locator('strong').filter({ hasText: shown }).waitFor();
    timing[`${deliveryStatus.toLowerCase()}LiveMs`] = Date.now() - clicked;
    await admin.locator(`${byTestId('admin-livraison-ligne')}[data-statut="${deliveryStatus}"]:has(a[href="/commandes/${id}"])`).waitFor();
    from = deliveryStatus;
  }
  assert.equal(await loadId(page), load, 'the order page was reloaded');
  const seen = await statusesSeen(page, id);
  timing.statuts = seen.join(' → ');
  assert.deepEqual(seen.filter((s) => s !== 'EN_ATTENTE'), ['PAYEE', 'EXPEDIEE', 'LIVREE']);
  assert.equal(await delivery.getByTestId('livraison-avancer').count(), 0, 'a delivered parcel has no next step');
  await admin.screenshot({ path: join(artifacts, 'admin-and-customer-admin.png'), fullPage: true });
}

// What a customer does in the shop's pages, one step at a time, each waiting
// on what the page shows (never on a fixed delay) for at most UI_TIMEOUT_MS
// (the browser context's default timeout).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

export const UI_TIMEOUT_MS = 20_000; // one step of the UI: a page, a live status
export const LIVE_TIMEOUT_MS = 45_000; // an order's way from PAYEE to LIVREE

export const GOOD_CARD = '4242 4242 4242 4242';
export const DECLINED_CARD = '4000 0000 0000 0002';
export const ADDRESS = { ligne1: '12 rue des Lilas', codePostal: '75011', ville: 'Paris', pays: 'FR' };

// An expiry two years ahead, as the form wants it (MM/AA).
export function futureExpiry(now = new Date()) {
  return `${String(now.getMonth() + 1).padStart(2, '0')}/${String((now.getFullYear() + 2) % 100).padStart(2, '0')}`;
}

export function newCustomer(prefix) {
  const id = randomUUID().slice(0, 8);
  return { nom: `Camille ${id}`, email: `${prefix}-${id}@example.fr`, motDePasse: 'un-bon-mot-de-passe' };
}

export const byTestId = (id) => `[data-testid="${id}"]`;

// Sign-up through the pages: Connexion → "Créer un compte" → the account page.
export async function signUp(page, shop, customer) {
  await page.goto(`${shop.url}/`);
  await page.getByTestId('nav-connexion').click();
  await page.getByTestId('form-connexion').waitFor();
  await page.getByRole('link', { name: 'Créer un compte' }).click();
  const form = page.getByTestId('form-inscription');
  await form.getByTestId('champ-nom').fill(customer.nom);
  await form.getByTestId('champ-email').fill(customer.email);
  await form.getByTestId('champ-motDePasse').fill(customer.motDePasse);
  await form.getByTestId('inscription-valider').click();
  await page.getByTestId('compte').waitFor();
  assert.equal((await page.getByTestId('compte-nom').innerText()).trim(), customer.nom);
  await page.getByTestId('nav-compte').waitFor();
}

export async function signIn(page, shop, email, motDePasse) {
  await page.goto(`${shop.url}/connexion`);
  const form = page.getByTestId('form-connexion');
  await form.getByTestId('champ-email').fill(email);
  await form.getByTestId('champ-motDePasse').fill(motDePasse);
  await form.getByTestId('connexion-valider').click();
  await page.getByTestId('nav-compte').waitFor();
}

// The bearer token the page keeps for the signed-in account.
export const sessionToken = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('parfumerie.session')).token);

// On a perfume's page (already open): adds one to the cart and waits until the
// header's counter says so.
export async function addOneToCart(page) {
  const before = Number(await page.getByTestId('panier-compteur').innerText());
  await page.getByTestId('ajouter-panier').click();
  await page.getByTestId('ajoute-confirmation').waitFor();
  await waitForText(page.getByTestId('panier-compteur'), String(before + 1));
}

// Waits until an element of `locator` has the text `expected` (trimmed). The
// locator is resolved again at each try: React may replace the element.
export async function waitForText(locator, expected, timeout = UI_TIMEOUT_MS) {
  const exactly = new RegExp(`^\\s*${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await locator.filter({ hasText: exactly }).first().waitFor({ timeout });
}

// From the cart to the checkout form, filled with the French address and
// `card`; the caller submits it.
export async function fillCheckout(page, numero, { expiration = futureExpiry(), cvc = '123' } = {}) {
  await page.getByTestId('nav-panier').click();
  await page.getByTestId('panier').waitFor();
  await page.getByTestId('commander').click();
  const form = page.getByTestId('form-paiement');
  await form.waitFor();
  assert.notEqual(await form.getByTestId('champ-nomComplet').inputValue(), '', 'the name is filled from the account');
  await form.getByTestId('champ-ligne1').fill(ADDRESS.ligne1);
  await form.getByTestId('champ-codePostal').fill(ADDRESS.codePostal);
  await form.getByTestId('champ-ville').fill(ADDRESS.ville);
  await form.getByTestId('champ-pays').selectOption(ADDRESS.pays);
  await form.getByTestId('champ-numero').fill(numero);
  await form.getByTestId('champ-expiration').fill(expiration);
  await form.getByTestId('champ-cvc').fill(cvc);
  await form.getByTestId('champ-titulaire').fill('Camille Martin');
  return form;
}

// After "payer": waits for the order page and returns the order's id.
export async function waitForOrderPage(page) {
  await page.waitForURL(/\/commandes\/[^/?]+\?confirmation=1$/);
  const commande = page.getByTestId('commande');
  await commande.waitFor();
  return commande.getAttribute('data-commande-id');
}

// Every document of `context` records the statuses its order page shows, in
// order, and a random id of its load: a status that changes while the load id
// stays the same arrived live, without a reload.
export async function recordOrderStatuses(context) {
  await context.addInitScript(() => {
    window.__chargement = Math.random().toString(36).slice(2);
    window.__statuts = {};
    const note = () => {
      const el = document.querySelector('[data-testid="commande"]');
      const id = el?.getAttribute('data-commande-id');
      const statut = el?.getAttribute('data-statut');
      if (!id || !statut) return;
      const seen = (window.__statuts[id] ??= []);
      if (seen[seen.length - 1] !== statut) seen.push(statut);
    };
    new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-statut'] });
  });
}

export const loadId = (page) => page.evaluate(() => window.__chargement);
export const statusesSeen = (page, id) => page.evaluate((i) => window.__statuts[i] ?? [], id);

// Waits until the order page shows `statut` (on the page and on its badge).
export async function waitForStatus(page, statut, timeout = UI_TIMEOUT_MS) {
  await page.locator(`${byTestId('commande')}[data-statut="${statut}"]`).waitFor({ timeout });
  await page.locator(`${byTestId('commande')} > header ${byTestId('statut-commande')}[data-statut="${statut}"]`).waitFor({ timeout });
}

// The perfume's stock as the API reads it.
export async function apiStock(shop, id) {
  const { parfum } = await shop.graphql('query($id: ID!) { parfum(id: $id) { stock } }', { id });
  return parfum.stock;
}

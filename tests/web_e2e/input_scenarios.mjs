// Forms refusing bad input, with the message next to the field at fault. Each
// gets { page, shop } (see web_e2e.mjs) and throws on failure.
import assert from 'node:assert/strict';
import { addOneToCart, byTestId, fillCheckout, newCustomer, signUp } from './steps.mjs';

// Every GraphQL operation the page sends from now on, by the name of its
// first field (e.g. "tokeniserCarte").
function recordOperations(page, shop) {
  const sent = [];
  page.on('request', (r) => {
    if (r.url() !== `${shop.url}/graphql` || r.method() !== 'POST') return;
    const field = /\{\s*(\w+)/.exec(r.postDataJSON()?.query ?? '');
    sent.push(field ? field[1] : '?');
  });
  return sent;
}

// The error under a field is the one its control points to (aria-describedby)
// and the control says it is invalid.
async function assertFieldError(page, form, name, pattern) {
  const error = form.getByTestId(`erreur-${name}`);
  await error.waitFor();
  assert.match(await error.innerText(), pattern);
  const control = form.getByTestId(`champ-${name}`);
  assert.equal(await control.getAttribute('aria-invalid'), 'true');
  const describedBy = ((await control.getAttribute('aria-describedby')) ?? '').split(' ');
  assert.ok(describedBy.includes(await error.getAttribute('id')), `champ-${name} is not described by its error`);
}

// A card number that fails the Luhn check is refused in the page: the error is
// under the number, the focus on it, and nothing was sent to the server.
export async function badCardNumber({ page, shop }) {
  await signUp(page, shop, newCustomer('carte'));
  await page.getByTestId('logo').click();
  const card = page.locator(`${byTestId('parfum-carte')}:has(${byTestId('parfum-stock')}[data-en-stock="true"])`).first();
  await card.getByTestId('parfum-nom').click();
  await page.getByTestId('parfum-fiche').waitFor();
  await addOneToCart(page);
  const form = await fillCheckout(page, '4242 4242 4242 4241');
  const sent = recordOperations(page, shop);
  await form.getByTestId('payer').click();
  await assertFieldError(page, form, 'numero', /n’est pas valide/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'numero');
  for (const name of ['nomComplet', 'ligne1', 'codePostal', 'ville', 'expiration', 'cvc', 'titulaire']) {
    assert.equal(await form.getByTestId(`erreur-${name}`).count(), 0, `an error under ${name}`);
  }
  assert.deepEqual(sent.filter((op) => op === 'tokeniserCarte' || op === 'passerCommande'), [], 'the card was sent');
  assert.equal(new URL(page.url()).pathname, '/commande');
  assert.equal(await form.getByTestId('payer').isEnabled(), true);
}

// Signing up with the address of an existing account: the server's refusal
// (ALREADY_EXISTS on the email) is shown under the email field, and nobody is
// signed in.
export async function signupExistingEmail({ page, shop }) {
  const existing = newCustomer('existant');
  await shop.graphql('mutation($input: InscriptionInput!) { inscription(input: $input) { token } }', { input: existing });
  await page.goto(`${shop.url}/inscription`);
  const form = page.getByTestId('form-inscription');
  await form.getByTestId('champ-nom').fill('Dominique Autre');
  await form.getByTestId('champ-email').fill(existing.email);
  await form.getByTestId('champ-motDePasse').fill('un-autre-mot-de-passe');
  const answer = page.waitForResponse((r) => r.url() === `${shop.url}/graphql` && /inscription/.test(r.request().postData() ?? ''));
  await form.getByTestId('inscription-valider').click();
  const { errors } = await (await answer).json();
  assert.equal(errors?.[0]?.extensions?.code, 'ALREADY_EXISTS', JSON.stringify(errors));
  assert.match(errors[0].message, /^email: /);
  await assertFieldError(page, form, 'email', /Un compte existe déjà avec cette adresse e-mail/);
  for (const name of ['nom', 'motDePasse']) assert.equal(await form.getByTestId(`erreur-${name}`).count(), 0, `an error under ${name}`);
  assert.equal(new URL(page.url()).pathname, '/inscription');
  await page.getByTestId('nav-connexion').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('parfumerie.session')), null);
}

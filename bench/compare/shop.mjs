// GraphQL chores of bench/compare/run.sh, through the shop's own gateway
// (never measured: it prepares and counts, before and after each load).
//
//   node shop.mjs prepare URL                      customers, a card, a bench perfume, one paid order
//   node shop.mjs body catalogue|commande ID|passerCommande PARFUM CARD
//   node shop.mjs same URL_A URL_B TOKEN ORDER     the scenarios' data are equal on both gateways
//   node shop.mjs drain URL ADMIN CLIENT SECONDS   waits until CLIENT has no EN_ATTENTE order
//   node shop.mjs settled URL ADMIN CLIENT         what became of CLIENT's orders (JSON)
//
// `prepare` prints KEY=value lines for the shell. Every wait has a deadline;
// a failure prints why and exits 1.
import { isDeepStrictEqual } from 'node:util';
import { bodies, CARD_OK, CATALOGUE, COMMANDE, PASSER_COMMANDE, passerCommandeInput } from './queries.mjs';

const REQUEST_MS = 30000;

export async function gql(url, query, variables = {}, token = '') {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const reply = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(REQUEST_MS),
  });
  const text = await reply.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${url}: HTTP ${reply.status}: ${text.slice(0, 300)}`);
  }
  return body;
}

// The data of a reply that must have no errors.
export async function data(url, query, variables, token) {
  const body = await gql(url, query, variables, token);
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}...: ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

export function subjectOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
}

// Polls `probe` every `everyMs` until it returns a truthy value; throws after `ms`.
export async function until(what, probe, ms, everyMs = 100) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function signUp(url, email) {
  const d = await data(
    url,
    'mutation($in: InscriptionInput!) { inscription(input: $in) { token } }',
    { in: { email, motDePasse: 'motdepasse-du-banc', nom: 'Banc' } },
  );
  return d.inscription.token;
}

export async function signIn(url, email, motDePasse) {
  const d = await data(url, 'mutation($in: ConnexionInput!) { connexion(input: $in) { token } }', {
    in: { email, motDePasse },
  });
  return d.connexion.token;
}

export async function tokeniseCard(url, token) {
  const d = await data(url, 'mutation($in: CarteInput!) { tokeniserCarte(input: $in) { token } }', { in: CARD_OK }, token);
  return d.tokeniserCarte.token;
}

// A perfume of its own with the largest stock the catalogue accepts, so that
// orders never run out during a run.
export async function createBenchParfum(url, admin) {
  const d = await data(
    url,
    'mutation($in: CreerParfumInput!) { creerParfum(input: $in) { id } }',
    {
      in: {
        nom: `Eau du Banc ${Date.now()}`, description: 'Le parfum des mesures.', marque: 'Parfumerie',
        famille: 'BOISE', genre: 'MIXTE', contenanceMl: 50, prix: 42.5, stock: 1000000,
      },
    },
    admin,
  );
  return d.creerParfum.id;
}

// Places one order and waits until it is PAYEE with its delivery created.
export async function placePaidOrder(url, token, parfumId, card, key) {
  const d = await data(url, PASSER_COMMANDE, { in: passerCommandeInput(key, parfumId, card, 2) }, token);
  const id = d.passerCommande.id;
  await until(`order ${id} PAYEE with a delivery`, async () => {
    const c = (await data(url, COMMANDE, { id }, token)).commande;
    if (c.statut === 'ANNULEE') throw new Error(`order ${id} was cancelled`);
    return c.statut === 'PAYEE' && c.livraison !== null;
  }, 30000);
  return id;
}

// The scenarios' read requests on both gateways: { name: { a, b, equal } }.
export async function compareReads(urlA, urlB, token, orderId) {
  const out = {};
  for (const [name, query, variables, auth] of [
    ['catalogue', CATALOGUE, {}, ''],
    ['commande', COMMANDE, { id: orderId }, token],
  ]) {
    const a = await gql(urlA, query, variables, auth);
    const b = await gql(urlB, query, variables, auth);
    out[name] = { a, b, equal: !a.errors && !b.errors && a.data != null && isDeepStrictEqual(a.data, b.data) };
  }
  return out;
}

const ORDERS_PAGE =
  'query($c: ID, $after: String) { commandes(first: 100, after: $after, clientId: $c) { ' +
  'pageInfo { hasNextPage endCursor } edges { node { statut dateCommande historique { statut date } } } } }';

// Every order of `client`: how many, in which status, and the rate at which
// they reached PAYEE (first order placed to last payment).
export async function settled(url, admin, client) {
  let after = null;
  const statuts = {};
  let first = Infinity;
  let lastPaid = -Infinity;
  let orders = 0;
  let paid = 0;
  for (let page = 0; page < 10000; page++) {
    const c = (await data(url, ORDERS_PAGE, { c: client, after }, admin)).commandes;
    for (const { node } of c.edges) {
      orders++;
      statuts[node.statut] = (statuts[node.statut] || 0) + 1;
      first = Math.min(first, Date.parse(node.dateCommande));
      const payee = node.historique.find((h) => h.statut === 'PAYEE');
      if (payee) {
        paid++;
        lastPaid = Math.max(lastPaid, Date.parse(payee.date));
      }
    }
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  const spanS = paid > 0 ? Math.max(lastPaid - first, 1) / 1000 : 0;
  return {
    orders,
    paid,
    statuts,
    first_placed: orders ? new Date(first).toISOString() : null,
    last_paid: paid ? new Date(lastPaid).toISOString() : null,
    span_s: spanS,
    settled_per_s: paid > 0 ? paid / spanS : 0,
  };
}

async function pending(url, admin, client) {
  const d = await data(url, 'query($c: ID) { commandes(first: 1, clientId: $c, statut: EN_ATTENTE) { totalCount } }', { c: client }, admin);
  return d.commandes.totalCount;
}

async function main([command, ...args]) {
  switch (command) {
    case 'prepare': {
      const [url] = args;
      const run = Date.now().toString(36);
      const admin = await signIn(url, 'admin@parfumerie.test', 'parfumerie-admin');
      const parfum = await createBenchParfum(url, admin);
      const lines = { ADMIN_TOKEN: admin, BENCH_PARFUM: parfum };
      // One customer reads; one per gateway places the warm-up orders, one the measured ones.
      for (const who of ['READER', 'OURS_WARM', 'OURS', 'BASE_WARM', 'BASE']) {
        const token = await signUp(url, `banc-${who.toLowerCase().replace('_', '-')}-${run}@example.fr`);
        lines[`${who}_TOKEN`] = token;
        lines[`${who}_CLIENT`] = subjectOf(token);
        lines[`${who}_CARD`] = await tokeniseCard(url, token);
      }
      lines.BENCH_ORDER = await placePaidOrder(url, lines.READER_TOKEN, parfum, lines.READER_CARD, `lecture-${run}`);
      for (const [k, v] of Object.entries(lines)) console.log(`${k}=${v}`);
      return;
    }
    case 'body': {
      const [name, ...rest] = args;
      process.stdout.write(bodies[name](...rest));
      return;
    }
    case 'same': {
      const [urlA, urlB, token, order] = args;
      const result = await compareReads(urlA, urlB, token, order);
      let ok = true;
      for (const [name, r] of Object.entries(result)) {
        console.log(`${name}: ${r.equal ? 'same data' : 'DIFFERENT'}`);
        if (!r.equal) {
          ok = false;
          console.log(`  A: ${JSON.stringify(r.a).slice(0, 400)}\n  B: ${JSON.stringify(r.b).slice(0, 400)}`);
        }
      }
      process.exitCode = ok ? 0 : 1;
      return;
    }
    case 'drain': {
      const [url, admin, client, seconds] = args;
      const started = Date.now();
      await until(`orders of ${client} settled`, async () => (await pending(url, admin, client)) === 0, Number(seconds) * 1000);
      console.log(`${(Date.now() - started) / 1000}`);
      return;
    }
    case 'settled': {
      const [url, admin, client] = args;
      console.log(JSON.stringify(await settled(url, admin, client)));
      return;
    }
    default:
      throw new Error(`unknown command '${command}'`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`shop.mjs: ${error.message}`);
    process.exit(1);
  });
}

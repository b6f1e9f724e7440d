// The requests of bench/compare's scenarios, shared by run.sh (through
// shop.mjs) and tests/bench_baseline, so that the test checks exactly what the
// benchmark sends. CATALOGUE and COMMANDE are bench/gateway's routes.

export const CATALOGUE = '{ parfums(first: 20) { edges { node { id nom description prix image stock } } } }';

export const COMMANDE =
  'query($id: ID!) { commande(id: $id) { id statut dateCommande total lignes { quantite parfum { nom prix } } ' +
  'paiement { statut montant } livraison { statut } } }';

export const PASSER_COMMANDE =
  'mutation($in: PasserCommandeInput!) { passerCommande(input: $in) { id statut total quantite lignes { nom quantite } } }';

// Placeholder of the idempotency key in the body of a place-order request.
export const KEY_PLACEHOLDER = '@KEY@';

export const CARD_OK = { numero: '4242424242424242', moisExpiration: 12, anneeExpiration: 2030, cvc: '123' };

export const ADRESSE = {
  nomComplet: 'Camille Martin',
  ligne1: '12 rue des Lilas',
  codePostal: '75011',
  ville: 'Paris',
  pays: 'FR',
};

export function passerCommandeInput(key, parfumId, card, quantite = 1) {
  return { cleIdempotence: key, lignes: [{ parfumId, quantite }], tokenPaiement: card, adresseLivraison: ADRESSE };
}

// Request bodies as wrk sends them.
export const bodies = {
  catalogue: () => JSON.stringify({ query: CATALOGUE }),
  commande: (id) => JSON.stringify({ query: COMMANDE, variables: { id } }),
  // With KEY_PLACEHOLDER where order.lua puts a key of its own per request.
  passerCommande: (parfumId, card) =>
    JSON.stringify({ query: PASSER_COMMANDE, variables: { in: passerCommandeInput(KEY_PLACEHOLDER, parfumId, card) } }),
};

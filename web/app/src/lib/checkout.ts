import type { AdresseInput, CarteInput, LigneCommandeInput } from '../graphql/generated';
import { digitsOnly, parseExpiry, validateCard, type CardErrors, type CardInputText } from './card';

// The checkout's form values, their checks, and the two calls it makes
// (tokenise the card, then place the order with the attempt's key).

export interface AdresseText {
  nomComplet: string;
  ligne1: string;
  ligne2: string;
  codePostal: string;
  ville: string;
  pays: string;
  telephone: string;
}

export const PAYS: Array<[string, string]> = [
  ['FR', 'France'],
  ['BE', 'Belgique'],
  ['CH', 'Suisse'],
  ['LU', 'Luxembourg'],
  ['MC', 'Monaco'],
  ['DE', 'Allemagne'],
  ['ES', 'Espagne'],
  ['IT', 'Italie'],
];

export type AdresseErrors = Partial<Record<keyof AdresseText, string>>;

export function validateAdresse(a: AdresseText): AdresseErrors {
  const e: AdresseErrors = {};
  if (!a.nomComplet.trim()) e.nomComplet = 'Saisissez le nom du destinataire.';
  if (!a.ligne1.trim()) e.ligne1 = 'Saisissez l’adresse.';
  if (!a.codePostal.trim()) e.codePostal = 'Saisissez le code postal.';
  else if (a.pays === 'FR' && !/^\d{5}$/.test(a.codePostal.trim())) e.codePostal = 'Un code postal français a 5 chiffres.';
  if (!a.ville.trim()) e.ville = 'Saisissez la ville.';
  if (!/^[A-Z]{2}$/.test(a.pays)) e.pays = 'Choisissez un pays.';
  if (a.telephone.trim() && !/^\+?[\d\s.()-]{6,20}$/.test(a.telephone.trim())) e.telephone = 'Numéro de téléphone invalide.';
  return e;
}

export const FORM_FIELDS = [
  'nomComplet',
  'ligne1',
  'ligne2',
  'codePostal',
  'ville',
  'pays',
  'telephone',
  'numero',
  'expiration',
  'cvc',
  'titulaire',
] as const;

export function validateCheckout(a: AdresseText, c: CardInputText, now?: Date): AdresseErrors & CardErrors {
  return { ...validateAdresse(a), ...validateCard(c, now) };
}

export function toCarteInput(c: CardInputText): CarteInput {
  const exp = parseExpiry(c.expiration)!;
  return { numero: digitsOnly(c.numero), moisExpiration: exp.mois, anneeExpiration: exp.annee, cvc: c.cvc.trim(), titulaire: c.titulaire.trim() || null };
}

export function toAdresseInput(a: AdresseText): AdresseInput {
  return {
    nomComplet: a.nomComplet.trim(),
    ligne1: a.ligne1.trim(),
    ligne2: a.ligne2.trim() || null,
    codePostal: a.codePostal.trim(),
    ville: a.ville.trim(),
    pays: a.pays,
    telephone: a.telephone.trim() || null,
  };
}

export interface CheckoutCalls<E> {
  tokeniser: (input: CarteInput) => Promise<{ token: string } | { error: E }>;
  passer: (input: {
    cleIdempotence: string;
    lignes: LigneCommandeInput[];
    adresseLivraison: AdresseInput;
    tokenPaiement: string;
  }) => Promise<{ id: string } | { error: E }>;
}

export type CheckoutResult<E> = { ok: true; commandeId: string } | { ok: false; etape: 'carte' | 'commande'; error: E };

/** Tokenises the card then places the order with `key` (the same key on every retry of one attempt). */
export async function runCheckout<E>(
  calls: CheckoutCalls<E>,
  key: string,
  lignes: LigneCommandeInput[],
  adresse: AdresseText,
  carte: CardInputText,
): Promise<CheckoutResult<E>> {
  const t = await calls.tokeniser(toCarteInput(carte));
  if ('error' in t) return { ok: false, etape: 'carte', error: t.error };
  const c = await calls.passer({ cleIdempotence: key, lignes, adresseLivraison: toAdresseInput(adresse), tokenPaiement: t.token });
  if ('error' in c) return { ok: false, etape: 'commande', error: c.error };
  return { ok: true, commandeId: c.id };
}

const PENDING = 'parfumerie.commandeEnCours';
export const setPendingOrder = (id: string) => sessionStorage.setItem(PENDING, id);
export const pendingOrder = (): string | null => sessionStorage.getItem(PENDING);
export const clearPendingOrder = () => sessionStorage.removeItem(PENDING);

// Client-side checks of a payment card before it is sent for tokenisation.
// The server checks again; these only spare the customer a round trip.

export type CardErrors = Partial<Record<'numero' | 'expiration' | 'cvc' | 'titulaire', string>>;

export interface CardInputText {
  numero: string;
  expiration: string; // "MM/AA"
  cvc: string;
  titulaire: string;
}

export const digitsOnly = (s: string): string => s.replace(/\D/g, '');

export function luhnValid(numero: string): boolean {
  const digits = digitsOnly(numero);
  if (digits.length < 12 || digits.length > 19 || digits !== numero.replace(/[\s-]/g, '')) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(numero: string): string | null {
  const d = digitsOnly(numero);
  if (/^4/.test(d)) return 'Visa';
  if (/^(5[1-5]|2[2-7])/.test(d)) return 'Mastercard';
  if (/^3[47]/.test(d)) return 'American Express';
  return null;
}

/** "4242424242424242" -> "4242 4242 4242 4242" */
export const formatCardNumber = (s: string): string =>
  digitsOnly(s)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');

/** Parses "MM/AA" or "MM/AAAA"; null when malformed. */
export function parseExpiry(text: string): { mois: number; annee: number } | null {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return null;
  const mois = Number(m[1]);
  let annee = Number(m[2]);
  if (annee < 100) annee += 2000;
  if (mois < 1 || mois > 12) return null;
  return { mois, annee };
}

/** A card is valid through the last day of its expiry month. */
export function expiryValid(mois: number, annee: number, now: Date = new Date()): boolean {
  const y = now.getFullYear();
  const m = now.getMonth() + 1;
  return annee > y || (annee === y && mois >= m);
}

export function validateCard(card: CardInputText, now: Date = new Date()): CardErrors {
  const errors: CardErrors = {};
  if (!digitsOnly(card.numero)) errors.numero = 'Saisissez le numéro de la carte.';
  else if (!luhnValid(card.numero)) errors.numero = 'Ce numéro de carte n’est pas valide : vérifiez les chiffres.';
  const exp = parseExpiry(card.expiration);
  if (!card.expiration.trim()) errors.expiration = 'Saisissez la date d’expiration (MM/AA).';
  else if (!exp) errors.expiration = 'Date invalide : utilisez le format MM/AA.';
  else if (!expiryValid(exp.mois, exp.annee, now)) errors.expiration = 'Cette carte a expiré.';
  const cvcDigits = card.cvc.trim();
  const cvcLength = cardBrand(card.numero) === 'American Express' ? 4 : 3;
  if (!cvcDigits) errors.cvc = 'Saisissez le code de sécurité.';
  else if (!/^\d+$/.test(cvcDigits) || cvcDigits.length !== cvcLength)
    errors.cvc = `Le code de sécurité a ${cvcLength} chiffres.`;
  if (!card.titulaire.trim()) errors.titulaire = 'Saisissez le nom du titulaire.';
  return errors;
}

import type { CombinedError } from 'urql';

// Turns GraphQL errors into what the UI shows: a message per form field
// (BAD_USER_INPUT messages start with the field's name, e.g.
// "adresseLivraison.codePostal: ...") and a general message otherwise.

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'NETWORK'
  | 'INTERNAL';

export interface UiError {
  code: ErrorCode;
  /** Errors attached to a form field, keyed by the form's field name. */
  fields: Record<string, string>;
  /** A message for the whole form or page (empty when every error is on a field). */
  message: string;
}

// Server field paths whose name differs from the form's.
const FIELD_ALIASES: Record<string, string> = {
  password: 'motDePasse',
  motdepasse: 'motDePasse',
  moisexpiration: 'expiration',
  anneeexpiration: 'expiration',
  number: 'numero',
  cvc: 'cvc',
};

const TRANSLATIONS: Array<[RegExp, string]> = [
  [/must contain exactly one @/i, 'L’adresse e-mail doit contenir un seul @, par exemple nom@exemple.fr.'],
  [/at least (\d+) characters/i, 'Au moins $1 caractères.'],
  [/at most (\d+) characters/i, 'Au plus $1 caractères.'],
  [/checksum failed|invalid card number/i, 'Ce numéro de carte n’est pas valide : vérifiez les chiffres.'],
  [/expired/i, 'Cette carte a expiré.'],
  [/must be between 1 and 10/i, 'Entre 1 et 10 exemplaires par parfum.'],
  [/already (exists|registered|in use)/i, 'Un compte existe déjà avec cette adresse e-mail.'],
  [/email or password is incorrect/i, 'E-mail ou mot de passe incorrect.'],
  [/must not be empty|is required|required/i, 'Ce champ est obligatoire.'],
];

export function translate(message: string): string {
  for (const [re, fr] of TRANSLATIONS) {
    const m = re.exec(message);
    if (m) return fr.replace('$1', m[1] ?? '');
  }
  return message;
}

const GENERAL: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'Certaines informations ne sont pas valides.',
  UNAUTHENTICATED: 'Votre session a expiré : reconnectez-vous.',
  FORBIDDEN: 'Vous n’avez pas accès à cette action.',
  NOT_FOUND: 'Élément introuvable.',
  ALREADY_EXISTS: 'Cet élément existe déjà.',
  CONFLICT: 'Cet élément a été modifié entre-temps par quelqu’un d’autre.',
  FAILED_PRECONDITION: 'Action impossible dans l’état actuel.',
  UNAVAILABLE: 'Le service est momentanément indisponible. Réessayez dans un instant.',
  NETWORK: 'Connexion au serveur impossible. Vérifiez votre connexion puis réessayez.',
  INTERNAL: 'Une erreur inattendue est survenue. Réessayez.',
};

export const generalMessage = (code: ErrorCode): string => GENERAL[code];

/** "adresseLivraison.codePostal: must ..." -> ["codePostal", "must ..."] */
export function splitFieldMessage(message: string): [string, string] | null {
  const m = /^([A-Za-z_][\w.[\]]*)\s*:\s*(.+)$/s.exec(message);
  if (!m) return null;
  const path = m[1].split('.');
  const last = path[path.length - 1].replace(/\[\d+\]$/, '');
  const field = FIELD_ALIASES[last.toLowerCase()] ?? last;
  return [field, m[2]];
}

export function toUiError(error: CombinedError | undefined | null, knownFields: readonly string[] = []): UiError | null {
  if (!error) return null;
  if (error.networkError && error.graphQLErrors.length === 0) {
    const status = (error.response as Response | undefined)?.status;
    if (status === 401) return { code: 'UNAUTHENTICATED', fields: {}, message: GENERAL.UNAUTHENTICATED };
    if (status !== undefined && status >= 500) return { code: 'UNAVAILABLE', fields: {}, message: GENERAL.UNAVAILABLE };
    return { code: 'NETWORK', fields: {}, message: GENERAL.NETWORK };
  }
  const fields: Record<string, string> = {};
  const general: string[] = [];
  let code: ErrorCode = 'INTERNAL';
  for (const e of error.graphQLErrors) {
    const c = (e.extensions?.code as ErrorCode | undefined) ?? 'INTERNAL';
    if (code === 'INTERNAL') code = c;
    if (c === 'BAD_USER_INPUT') {
      const split = splitFieldMessage(e.message);
      if (split && knownFields.includes(split[0])) {
        fields[split[0]] ??= translate(split[1]);
        continue;
      }
      general.push(translate(split ? split[1] : e.message));
    } else if (c === 'FAILED_PRECONDITION' || c === 'NOT_FOUND' || c === 'UNAUTHENTICATED') {
      general.push(translateSpecific(c, e.message));
    } else {
      general.push(GENERAL[c] ?? GENERAL.INTERNAL);
    }
  }
  return { code, fields, message: [...new Set(general)].join(' ') };
}

function translateSpecific(code: ErrorCode, message: string): string {
  if (code === 'FAILED_PRECONDITION' && /stock/i.test(message)) {
    const nom = /"([^"]+)"|'([^']+)'/.exec(message);
    return nom
      ? `Stock insuffisant pour « ${nom[1] ?? nom[2]} ». Réduisez la quantité ou retirez-le du panier.`
      : 'Stock insuffisant pour un des parfums du panier. Réduisez la quantité.';
  }
  const translated = translate(message);
  return translated !== message ? translated : GENERAL[code];
}

// The cart: pure functions over a list of lines, stored in localStorage so it
// survives reloads. Quantities stay within 1..10 (the API's limit per line)
// and within the stock known when the perfume was added.

export const MAX_PAR_LIGNE = 10;
const STORAGE_KEY = 'parfumerie.panier';

export interface CartLine {
  parfumId: string;
  nom: string;
  marque: string;
  prix: number;
  image: string;
  quantite: number;
  stock: number;
}

export type CartAction =
  | { type: 'ajouter'; ligne: Omit<CartLine, 'quantite'>; quantite: number }
  | { type: 'quantite'; parfumId: string; quantite: number }
  | { type: 'retirer'; parfumId: string }
  | { type: 'vider' }
  | { type: 'remplacer'; lignes: CartLine[] };

const limite = (stock: number): number => Math.max(0, Math.min(MAX_PAR_LIGNE, stock));
const borner = (q: number, stock: number): number => Math.max(1, Math.min(Math.floor(q) || 1, limite(stock) || 1));

export function cartReducer(lignes: CartLine[], action: CartAction): CartLine[] {
  switch (action.type) {
    case 'ajouter': {
      const existante = lignes.find((l) => l.parfumId === action.ligne.parfumId);
      if (existante) {
        return lignes.map((l) =>
          l.parfumId === action.ligne.parfumId
            ? { ...l, ...action.ligne, quantite: borner(l.quantite + action.quantite, action.ligne.stock) }
            : l,
        );
      }
      return [...lignes, { ...action.ligne, quantite: borner(action.quantite, action.ligne.stock) }];
    }
    case 'quantite':
      return lignes.map((l) => (l.parfumId === action.parfumId ? { ...l, quantite: borner(action.quantite, l.stock) } : l));
    case 'retirer':
      return lignes.filter((l) => l.parfumId !== action.parfumId);
    case 'vider':
      return [];
    case 'remplacer':
      return action.lignes;
  }
}

export const cartCount = (lignes: CartLine[]): number => lignes.reduce((n, l) => n + l.quantite, 0);

/** Total in cents, to add prices without float drift. */
export const cartTotalCentimes = (lignes: CartLine[]): number =>
  lignes.reduce((n, l) => n + Math.round(l.prix * 100) * l.quantite, 0);

/** Identifies the cart's content (for the checkout's idempotency key). */
export const cartFingerprint = (lignes: CartLine[]): string =>
  lignes.map((l) => `${l.parfumId}x${l.quantite}`).sort().join(',');

function valid(l: unknown): l is CartLine {
  const x = l as CartLine;
  return (
    !!x &&
    typeof x.parfumId === 'string' &&
    typeof x.nom === 'string' &&
    typeof x.prix === 'number' &&
    typeof x.quantite === 'number' &&
    x.quantite >= 1
  );
}

export function loadCart(storage: Storage = localStorage): CartLine[] {
  try {
    const raw = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter(valid).map((l) => ({
      ...l,
      marque: l.marque ?? '',
      image: l.image ?? '',
      stock: typeof l.stock === 'number' ? l.stock : MAX_PAR_LIGNE,
      quantite: Math.min(l.quantite, MAX_PAR_LIGNE),
    }));
  } catch {
    return [];
  }
}

export function saveCart(lignes: CartLine[], storage: Storage = localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(lignes));
  } catch {
    // Storage full or disabled: the cart lives for this page only.
  }
}

export const CART_STORAGE_KEY = STORAGE_KEY;

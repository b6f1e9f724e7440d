// One idempotency key per checkout attempt. The key is kept (in sessionStorage,
// so a reload during the attempt keeps it too) while the cart's lines stay the
// same: a retry or a double click sends the same key and the server returns
// the same order instead of ordering twice. Once an order has been placed with
// it, or the cart changes, the next attempt gets a fresh key.

const STORAGE_KEY = 'parfumerie.checkout';

interface Stored {
  key: string;
  fingerprint: string;
}

export function newKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function checkoutKey(fingerprint: string, storage: Storage = sessionStorage): string {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Stored | null;
    if (stored && stored.fingerprint === fingerprint && typeof stored.key === 'string') return stored.key;
  } catch {
    // A damaged entry is replaced below.
  }
  const key = newKey();
  storage.setItem(STORAGE_KEY, JSON.stringify({ key, fingerprint } satisfies Stored));
  return key;
}

/** Call once the order exists: the next attempt must not return it again. */
export function finishCheckout(storage: Storage = sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}

import type { Role } from '../graphql/generated';

// The signed-in account: the bearer token and its expiry, kept in localStorage.

export interface Session {
  token: string;
  expireLe: string;
  compte: { id: string; email: string; nom: string; role: Role };
}

const STORAGE_KEY = 'parfumerie.session';

export const sessionExpired = (s: Session, now: number = Date.now()): boolean => {
  const t = Date.parse(s.expireLe);
  return !Number.isFinite(t) || t <= now;
};

export function loadSession(storage: Storage = localStorage, now: number = Date.now()): Session | null {
  try {
    const s = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Session | null;
    if (!s || typeof s.token !== 'string' || !s.compte) return null;
    if (sessionExpired(s, now)) {
      storage.removeItem(STORAGE_KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null, storage: Storage = localStorage): void {
  if (s) storage.setItem(STORAGE_KEY, JSON.stringify(s));
  else storage.removeItem(STORAGE_KEY);
}

export const SESSION_STORAGE_KEY = STORAGE_KEY;

export type GuardResult = 'ok' | 'login' | 'forbidden';

/** What a route that needs an account (and maybe a role) does for this session. */
export function guard(session: Session | null, role?: Role, now: number = Date.now()): GuardResult {
  if (!session || sessionExpired(session, now)) return 'login';
  if (role && session.compte.role !== role) return 'forbidden';
  return 'ok';
}

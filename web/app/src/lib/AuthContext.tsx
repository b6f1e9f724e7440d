import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadSession, saveSession, SESSION_STORAGE_KEY, type Session } from './session';

interface AuthValue {
  session: Session | null;
  /** Why the last session ended, shown on the sign-in page. */
  finRaison: 'expiree' | null;
  connecter: (s: Session) => void;
  deconnecter: (raison?: 'expiree') => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial !== undefined ? initial : loadSession()));
  const [finRaison, setFinRaison] = useState<'expiree' | null>(null);

  const connecter = useCallback((s: Session) => {
    saveSession(s);
    setFinRaison(null);
    setSession(s);
  }, []);
  const deconnecter = useCallback((raison?: 'expiree') => {
    saveSession(null);
    setFinRaison(raison ?? null);
    setSession(null);
  }, []);

  // The token ends at expireLe: sign out then rather than fail the next request.
  useEffect(() => {
    if (!session) return;
    const ms = Date.parse(session.expireLe) - Date.now();
    if (ms <= 0) {
      deconnecter('expiree');
      return;
    }
    const t = window.setTimeout(() => deconnecter('expiree'), Math.min(ms, 2 ** 31 - 1));
    return () => window.clearTimeout(t);
  }, [session, deconnecter]);

  // Signed in or out in another tab.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === SESSION_STORAGE_KEY) setSession(loadSession());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const value = useMemo(() => ({ session, finRaison, connecter, deconnecter }), [session, finRaison, connecter, deconnecter]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}

import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '../graphql/generated';
import { useAuth } from '../lib/AuthContext';
import { guard } from '../lib/session';
import { Erreur } from './States';

/** Renders its children for a signed-in account (with `role` if given), otherwise sends to sign-in. */
export function RequireAuth({ role, children }: { role?: Role; children: ReactNode }) {
  const { session } = useAuth();
  const location = useLocation();
  const r = guard(session, role);
  if (r === 'login') {
    const retour = location.pathname + location.search;
    return <Navigate to={`/connexion?retour=${encodeURIComponent(retour)}`} replace />;
  }
  if (r === 'forbidden')
    return (
      <div data-testid="acces-refuse">
        <Erreur message="Cette page est réservée à l’équipe de la boutique." />
      </div>
    );
  return <>{children}</>;
}

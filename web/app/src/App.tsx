import { lazy, Suspense, useEffect, useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Provider } from 'urql';
import { Layout } from './components/Layout';
import { RequireAuth } from './components/Guards';
import { Chargement } from './components/States';
import { useAuth } from './lib/AuthContext';
import { makeClient } from './lib/client';

const Catalogue = lazy(() => import('./pages/Catalogue'));
const ParfumPage = lazy(() => import('./pages/ParfumPage'));
const Panier = lazy(() => import('./pages/Panier'));
const Paiement = lazy(() => import('./pages/Paiement'));
const CommandePage = lazy(() => import('./pages/CommandePage'));
const Connexion = lazy(() => import('./pages/Connexion'));
const Inscription = lazy(() => import('./pages/Inscription'));
const Compte = lazy(() => import('./pages/Compte'));
const Admin = lazy(() => import('./pages/admin/Admin'));
const Introuvable = lazy(() => import('./pages/Introuvable'));

/** The urql client of the current session, remade when the token changes. */
function useSessionClient() {
  const { session, deconnecter } = useAuth();
  const token = session?.token ?? null;
  const made = useMemo(() => makeClient({ token, onUnauthorized: () => deconnecter('expiree') }), [token, deconnecter]);
  useEffect(() => () => made.dispose(), [made]);
  return made.client;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Chargement />}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Catalogue />} />
          <Route path="parfums/:id" element={<ParfumPage />} />
          <Route path="panier" element={<Panier />} />
          <Route
            path="commande"
            element={
              <RequireAuth>
                <Paiement />
              </RequireAuth>
            }
          />
          <Route
            path="commandes/:id"
            element={
              <RequireAuth>
                <CommandePage />
              </RequireAuth>
            }
          />
          <Route path="connexion" element={<Connexion />} />
          <Route path="inscription" element={<Inscription />} />
          <Route
            path="compte"
            element={
              <RequireAuth>
                <Compte />
              </RequireAuth>
            }
          />
          <Route
            path="admin/*"
            element={
              <RequireAuth role="ADMIN">
                <Admin />
              </RequireAuth>
            }
          />
          <Route path="accueil" element={<Navigate to="/" replace />} />
          <Route path="*" element={<Introuvable />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export default function App() {
  const client = useSessionClient();
  return (
    <Provider value={client}>
      <AppRoutes />
    </Provider>
  );
}

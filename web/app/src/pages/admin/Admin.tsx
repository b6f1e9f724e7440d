import { lazy, Suspense } from 'react';
import { NavLink, Route, Routes } from 'react-router-dom';
import { Chargement } from '../../components/States';
import { useTitle } from '../../lib/useTitle';

const TableauDeBord = lazy(() => import('./TableauDeBord'));
const AdminParfums = lazy(() => import('./AdminParfums'));
const AdminCommandes = lazy(() => import('./AdminCommandes'));
const AdminPaiements = lazy(() => import('./AdminPaiements'));
const AdminLivraisons = lazy(() => import('./AdminLivraisons'));

export default function Admin() {
  useTitle('Back-office');
  return (
    <div className="admin" data-testid="admin">
      <h1>Back-office</h1>
      <nav aria-label="Back-office" className="admin-nav">
        <NavLink to="/admin" end data-testid="admin-nav-tableau">
          Tableau de bord
        </NavLink>
        <NavLink to="/admin/parfums" data-testid="admin-nav-parfums">
          Parfums
        </NavLink>
        <NavLink to="/admin/commandes" data-testid="admin-nav-commandes">
          Commandes
        </NavLink>
        <NavLink to="/admin/paiements" data-testid="admin-nav-paiements">
          Paiements
        </NavLink>
        <NavLink to="/admin/livraisons" data-testid="admin-nav-livraisons">
          Livraisons
        </NavLink>
      </nav>
      <Suspense fallback={<Chargement />}>
        <Routes>
          <Route index element={<TableauDeBord />} />
          <Route path="parfums" element={<AdminParfums />} />
          <Route path="commandes" element={<AdminCommandes />} />
          <Route path="paiements" element={<AdminPaiements />} />
          <Route path="livraisons" element={<AdminLivraisons />} />
        </Routes>
      </Suspense>
    </div>
  );
}

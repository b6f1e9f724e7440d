import { Link } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { NouvellesCommandesDocument, TableauDeBordDocument } from '../../graphql/documents';
import type { NouvellesCommandesSubscription, TableauDeBordQuery } from '../../graphql/generated';
import { Chargement, Erreur } from '../../components/States';
import { parJour, parStatut, stockBas } from '../../lib/dashboard';
import { toUiError } from '../../lib/errors';
import { formatJour, formatPrix, STATUTS_COMMANDE } from '../../lib/format';
import { useReexecuteOnReconnect } from '../../lib/useReexecuteOnReconnect';
import { Barres, Repartition } from './Charts';

export default function TableauDeBord() {
  const [{ data, error }, reexecute] = useQuery<TableauDeBordQuery>({ query: TableauDeBordDocument });
  useReexecuteOnReconnect(reexecute);
  // A new order refreshes the figures.
  const [nouvelles] = useSubscription<NouvellesCommandesSubscription, number>({ query: NouvellesCommandesDocument }, (n = 0) => {
    reexecute({ requestPolicy: 'network-only' });
    return n + 1;
  });
  if (error && !data) return <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!data) return <Chargement />;
  const commandes = data.commandes.edges.map((e) => e.node);
  const jours = parJour(commandes, 14);
  const statuts = parStatut(commandes);
  const bas = stockBas(data.parfums.edges.map((e) => e.node));
  const ca = commandes.filter((c) => c.statut !== 'ANNULEE').reduce((n, c) => n + c.total, 0);
  return (
    <section data-testid="tableau-de-bord">
      <div className="kpis">
        <div className="kpi">
          <span>Commandes</span>
          <strong data-testid="kpi-commandes">{data.commandes.totalCount}</strong>
        </div>
        <div className="kpi">
          <span>Chiffre d’affaires{data.commandes.totalCount > commandes.length ? ` (${commandes.length} dernières)` : ''}</span>
          <strong data-testid="kpi-ca">{formatPrix(ca)}</strong>
        </div>
        <div className="kpi">
          <span>Parfums en stock bas</span>
          <strong data-testid="kpi-stock-bas">{bas.length}</strong>
        </div>
        {nouvelles.data ? (
          <div className="kpi kpi-live" role="status">
            <span>Nouvelles commandes depuis l’ouverture</span>
            <strong data-testid="kpi-nouvelles">{nouvelles.data}</strong>
          </div>
        ) : null}
      </div>
      <div className="graphiques">
        <Barres titre="Commandes par jour (14 jours)" donnees={jours.map((j) => ({ label: formatJour(j.jour), valeur: j.commandes }))} format={(v) => `${v} commande(s)`} />
        <Barres titre="Chiffre d’affaires par jour (€)" donnees={jours.map((j) => ({ label: formatJour(j.jour), valeur: j.chiffreAffaires }))} format={formatPrix} />
        <Repartition titre="Commandes par statut" donnees={Object.entries(statuts).map(([s, n]) => ({ label: STATUTS_COMMANDE[s as keyof typeof statuts], valeur: n }))} />
      </div>
      <h2>Stock bas (≤ 5)</h2>
      {bas.length === 0 ? (
        <p>Aucun parfum en stock bas.</p>
      ) : (
        <table className="tableau" data-testid="stock-bas">
          <thead>
            <tr>
              <th scope="col">Parfum</th>
              <th scope="col">Marque</th>
              <th scope="col">Stock</th>
            </tr>
          </thead>
          <tbody>
            {bas.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/admin/parfums?id=${p.id}`}>{p.nom}</Link>
                </td>
                <td>{p.marque}</td>
                <td className={p.stock === 0 ? 'rouge' : ''}>{p.stock}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

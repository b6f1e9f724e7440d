import { Link, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { AdminCommandesDocument } from '../../graphql/documents';
import type { AdminCommandesQuery, AdminCommandesQueryVariables, StatutCommande } from '../../graphql/generated';
import { StatutBadge } from '../../components/StatutBadge';
import { Chargement, Erreur, Vide } from '../../components/States';
import { toUiError } from '../../lib/errors';
import { formatDate, formatPrix, STATUTS_COMMANDE } from '../../lib/format';
import { useReexecuteOnReconnect } from '../../lib/useReexecuteOnReconnect';
import { Pagination, usePages } from './Pagination';

export default function AdminCommandes() {
  const [params, setParams] = useSearchParams();
  const statut = (params.get('statut') || null) as StatutCommande | null;
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<AdminCommandesQuery, AdminCommandesQueryVariables>({
    query: AdminCommandesDocument,
    variables: { first: 25, after: pages.after, statut },
  });
  useReexecuteOnReconnect(reexecute);
  return (
    <section data-testid="admin-commandes">
      <div className="admin-barre">
        <label htmlFor="filtre-statut">Statut</label>
        <select
          id="filtre-statut"
          value={statut ?? ''}
          data-testid="admin-filtre-statut"
          onChange={(e) => {
            pages.reset();
            setParams(e.target.value ? { statut: e.target.value } : {}, { replace: true });
          }}
        >
          <option value="">Tous</option>
          {Object.entries(STATUTS_COMMANDE).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
        {data && <span className="aide">{data.commandes.totalCount} commande(s)</span>}
      </div>
      {error && !data ? (
        <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Chargement />
      ) : data.commandes.edges.length === 0 ? (
        <Vide titre="Aucune commande." />
      ) : (
        <>
          <div className="tableau-defile">
            <table className="tableau">
              <caption className="sr-only">Commandes</caption>
              <thead>
                <tr>
                  <th scope="col">Commande</th>
                  <th scope="col">Date</th>
                  <th scope="col">Client</th>
                  <th scope="col">Articles</th>
                  <th scope="col">Total</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {data.commandes.edges.map(({ node: c }) => (
                  <tr key={c.id} data-testid="admin-commande-ligne" data-commande-id={c.id}>
                    <td>
                      <Link to={`/commandes/${c.id}`}>{c.id}</Link>
                    </td>
                    <td>{formatDate(c.dateCommande)}</td>
                    <td>
                      <code>{c.clientId}</code>
                    </td>
                    <td>{c.lignes.map((l) => `${l.quantite} × ${l.nom}`).join(', ')}</td>
                    <td>{formatPrix(c.total)}</td>
                    <td>
                      <StatutBadge statut={c.statut} />
                      {c.raisonAnnulation && <small className="bloc">{c.raisonAnnulation}</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={pages.page} hasNext={data.commandes.pageInfo.hasNextPage} onPrev={pages.precedente} onNext={() => pages.suivante(data.commandes.pageInfo.endCursor!)} />
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { AdminPaiementsDocument } from '../../graphql/documents';
import type { AdminPaiementsQuery, AdminPaiementsQueryVariables, StatutPaiement } from '../../graphql/generated';
import { Chargement, Erreur, Vide } from '../../components/States';
import { toUiError } from '../../lib/errors';
import { formatDate, formatPrix, STATUTS_PAIEMENT } from '../../lib/format';
import { useReexecuteOnReconnect } from '../../lib/useReexecuteOnReconnect';
import { Pagination, usePages } from './Pagination';

export default function AdminPaiements() {
  const [statut, setStatut] = useState<StatutPaiement | ''>('');
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<AdminPaiementsQuery, AdminPaiementsQueryVariables>({
    query: AdminPaiementsDocument,
    variables: { first: 25, after: pages.after, statut: statut || null },
  });
  useReexecuteOnReconnect(reexecute);
  return (
    <section data-testid="admin-paiements">
      <div className="admin-barre">
        <label htmlFor="filtre-paiement">Statut</label>
        <select
          id="filtre-paiement"
          value={statut}
          onChange={(e) => {
            pages.reset();
            setStatut(e.target.value as StatutPaiement | '');
          }}
        >
          <option value="">Tous</option>
          {Object.entries(STATUTS_PAIEMENT).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </div>
      {error && !data ? (
        <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Chargement />
      ) : data.paiements.edges.length === 0 ? (
        <Vide titre="Aucun paiement." />
      ) : (
        <>
          <div className="tableau-defile">
            <table className="tableau">
              <caption className="sr-only">Paiements</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Commande</th>
                  <th scope="col">Montant</th>
                  <th scope="col">Carte</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {data.paiements.edges.map(({ node: p }) => (
                  <tr key={p.id} data-testid="admin-paiement-ligne">
                    <td>{formatDate(p.creeLe)}</td>
                    <td>
                      <Link to={`/commandes/${p.commandeId}`}>{p.commandeId}</Link>
                    </td>
                    <td>{formatPrix(p.montant)}</td>
                    <td>
                      <span className="capitale">{p.marqueCarte}</span> •••• {p.derniersChiffres}
                    </td>
                    <td>
                      {STATUTS_PAIEMENT[p.statut]}
                      {p.messageRefus && <small className="bloc">{p.messageRefus}</small>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={pages.page} hasNext={data.paiements.pageInfo.hasNextPage} onPrev={pages.precedente} onNext={() => pages.suivante(data.paiements.pageInfo.endCursor!)} />
        </>
      )}
    </section>
  );
}

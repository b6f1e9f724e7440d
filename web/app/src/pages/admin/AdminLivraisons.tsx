import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { AdminLivraisonsDocument, AvancerLivraisonDocument, EchouerLivraisonDocument } from '../../graphql/documents';
import type {
  AdminLivraisonsQuery,
  AdminLivraisonsQueryVariables,
  AvancerLivraisonMutation,
  AvancerLivraisonMutationVariables,
  EchouerLivraisonMutation,
  EchouerLivraisonMutationVariables,
  StatutLivraison,
} from '../../graphql/generated';
import { Chargement, Erreur, Vide } from '../../components/States';
import { toUiError } from '../../lib/errors';
import { formatDate, STATUTS_LIVRAISON } from '../../lib/format';
import { useReexecuteOnReconnect } from '../../lib/useReexecuteOnReconnect';
import { Pagination, usePages } from './Pagination';

const finie = (s: StatutLivraison) => s === 'LIVREE' || s === 'ECHEC';

export default function AdminLivraisons() {
  const [statut, setStatut] = useState<StatutLivraison | ''>('');
  const pages = usePages();
  const [{ data, error }, reexecute] = useQuery<AdminLivraisonsQuery, AdminLivraisonsQueryVariables>({
    query: AdminLivraisonsDocument,
    variables: { first: 25, after: pages.after, statut: statut || null },
  });
  useReexecuteOnReconnect(reexecute);
  const [, avancer] = useMutation<AvancerLivraisonMutation, AvancerLivraisonMutationVariables>(AvancerLivraisonDocument);
  const [, echouer] = useMutation<EchouerLivraisonMutation, EchouerLivraisonMutationVariables>(EchouerLivraisonDocument);
  const [message, setMessage] = useState<{ ok: boolean; texte: string } | null>(null);

  const resultat = (r: { error?: Parameters<typeof toUiError>[0] }, ok: string) => {
    if (r.error) setMessage({ ok: false, texte: toUiError(r.error)?.message ?? '' });
    else setMessage({ ok: true, texte: ok });
    reexecute({ requestPolicy: 'network-only' });
  };

  return (
    <section data-testid="admin-livraisons">
      <div className="admin-barre">
        <label htmlFor="filtre-livraison">Statut</label>
        <select
          id="filtre-livraison"
          value={statut}
          onChange={(e) => {
            pages.reset();
            setStatut(e.target.value as StatutLivraison | '');
          }}
        >
          <option value="">Tous</option>
          {Object.entries(STATUTS_LIVRAISON).map(([k, v]) => (
            <option key={k} value={k}>
              {v}
            </option>
          ))}
        </select>
      </div>
      {message && (
        <p className={message.ok ? 'succes' : 'message-erreur'} role={message.ok ? 'status' : 'alert'} data-testid="admin-message">
          {message.texte}
        </p>
      )}
      {error && !data ? (
        <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Chargement />
      ) : data.livraisons.edges.length === 0 ? (
        <Vide titre="Aucune livraison." />
      ) : (
        <>
          <div className="tableau-defile">
            <table className="tableau">
              <caption className="sr-only">Livraisons</caption>
              <thead>
                <tr>
                  <th scope="col">Commande</th>
                  <th scope="col">Destinataire</th>
                  <th scope="col">Transporteur</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Mise à jour</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {data.livraisons.edges.map(({ node: l }) => (
                  <tr key={l.id} data-testid="admin-livraison-ligne" data-livraison-id={l.id} data-statut={l.statut}>
                    <td>
                      <Link to={`/commandes/${l.commandeId}`}>{l.commandeId}</Link>
                    </td>
                    <td>
                      {l.adresse.nomComplet}, {l.adresse.codePostal} {l.adresse.ville}
                    </td>
                    <td>
                      {l.transporteur} <code>{l.numeroSuivi}</code>
                    </td>
                    <td>{STATUTS_LIVRAISON[l.statut]}</td>
                    <td>{formatDate(l.majLe)}</td>
                    <td className="actions-cellule">
                      {!finie(l.statut) && (
                        <>
                          <button
                            type="button"
                            className="btn btn-petit"
                            data-testid="livraison-avancer"
                            onClick={async () => resultat(await avancer({ id: l.id, versionAttendue: l.version }), `Livraison de ${l.commandeId} : étape suivante.`)}
                          >
                            Étape suivante
                          </button>
                          <button
                            type="button"
                            className="btn btn-petit btn-danger"
                            data-testid="livraison-echouer"
                            onClick={async () => {
                              const raison = window.prompt('Raison de l’échec (adresse introuvable, colis endommagé…)');
                              if (!raison?.trim()) return;
                              resultat(await echouer({ id: l.id, raison: raison.trim(), versionAttendue: l.version }), `Livraison de ${l.commandeId} marquée en échec.`);
                            }}
                          >
                            Échec
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination page={pages.page} hasNext={data.livraisons.pageInfo.hasNextPage} onPrev={pages.precedente} onNext={() => pages.suivante(data.livraisons.pageInfo.endCursor!)} />
        </>
      )}
    </section>
  );
}

import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { MesCommandesDocument } from '../graphql/documents';
import type { MesCommandesQuery, MesCommandesQueryVariables } from '../graphql/generated';
import { StatutBadge } from '../components/StatutBadge';
import { Chargement, Erreur, Vide } from '../components/States';
import { useAuth } from '../lib/AuthContext';
import { toUiError } from '../lib/errors';
import { formatDate, formatPrix } from '../lib/format';
import { useReexecuteOnReconnect } from '../lib/useReexecuteOnReconnect';
import { useTitle } from '../lib/useTitle';

function PageCommandes({ after, isLast, onMore }: { after: string | null; isLast: boolean; onMore: (c: string) => void }) {
  const [{ data, error }, reexecute] = useQuery<MesCommandesQuery, MesCommandesQueryVariables>({
    query: MesCommandesDocument,
    variables: { first: 10, after },
    requestPolicy: 'cache-and-network',
  });
  useReexecuteOnReconnect(reexecute);
  if (error && !data) return <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!data) return <Chargement label="Chargement de vos commandes…" />;
  const conn = data.mesCommandes;
  if (after === null && conn.totalCount === 0)
    return (
      <Vide titre="Vous n’avez pas encore passé de commande.">
        <Link to="/" className="btn">
          Découvrir nos parfums
        </Link>
      </Vide>
    );
  return (
    <>
      <ul className="liste-commandes">
        {conn.edges.map(({ node: c }) => (
          <li key={c.id} data-testid="commande-ligne" data-commande-id={c.id}>
            <Link to={`/commandes/${c.id}`} className="commande-resume">
              <span className="commande-resume-id">
                <strong>Commande {c.id}</strong>
                <small>{formatDate(c.dateCommande)}</small>
              </span>
              <span className="commande-resume-articles">{c.lignes.map((l) => `${l.quantite} × ${l.nom}`).join(', ')}</span>
              <span className="prix">{formatPrix(c.total)}</span>
              <StatutBadge statut={c.statut} />
            </Link>
          </li>
        ))}
      </ul>
      {isLast && conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
        <div className="plus">
          <button type="button" className="btn btn-secondaire" onClick={() => onMore(conn.pageInfo.endCursor!)} data-testid="commandes-plus">
            Commandes plus anciennes
          </button>
        </div>
      )}
    </>
  );
}

export default function Compte() {
  useTitle('Mon compte');
  const { session } = useAuth();
  const [afters, setAfters] = useState<Array<string | null>>([null]);
  return (
    <section className="compte" data-testid="compte">
      <h1>Mon compte</h1>
      <p>
        Bonjour <strong data-testid="compte-nom">{session?.compte.nom}</strong> ({session?.compte.email})
      </p>
      <h2>Mes commandes</h2>
      {afters.map((a, i) => (
        <PageCommandes key={a ?? 'premiere'} after={a} isLast={i === afters.length - 1} onMore={(c) => setAfters((x) => [...x, c])} />
      ))}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useMutation, useQuery, useSubscription } from 'urql';
import { AnnulerCommandeDocument, CommandeDocument, CommandeMiseAJourDocument } from '../graphql/documents';
import type {
  AnnulerCommandeMutation,
  AnnulerCommandeMutationVariables,
  CommandeMiseAJourSubscription,
  CommandeMiseAJourSubscriptionVariables,
  CommandeQuery,
  CommandeQueryVariables,
} from '../graphql/generated';
import { StatutBadge } from '../components/StatutBadge';
import { Chargement, Erreur } from '../components/States';
import { Timeline } from '../components/Timeline';
import { useCart } from '../lib/CartContext';
import { clearPendingOrder, pendingOrder } from '../lib/checkout';
import { toUiError } from '../lib/errors';
import { annulable, formatDate, formatPrix, STATUTS_LIVRAISON, STATUTS_PAIEMENT } from '../lib/format';
import { useReexecuteOnReconnect } from '../lib/useReexecuteOnReconnect';
import { useTitle } from '../lib/useTitle';

// What the confirmation banner says at each step of the order.
const MESSAGE_CONFIRMATION: Record<string, string> = {
  EN_ATTENTE: 'Nous vérifions votre paiement…',
  PAYEE: 'Votre paiement est accepté. Nous préparons votre colis.',
  EXPEDIEE: 'Votre colis est en route.',
  LIVREE: 'Votre colis a été livré.',
};

export default function CommandePage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const confirmation = params.get('confirmation') === '1';
  const [{ data, error }, reexecute] = useQuery<CommandeQuery, CommandeQueryVariables>({ query: CommandeDocument, variables: { id } });
  const [sub] = useSubscription<CommandeMiseAJourSubscription, CommandeMiseAJourSubscription, CommandeMiseAJourSubscriptionVariables>({
    query: CommandeMiseAJourDocument,
    variables: { id },
  });
  useReexecuteOnReconnect(reexecute);
  const [annulation, setAnnulation] = useState(false);
  const [raison, setRaison] = useState('');
  const [annulerRes, annuler] = useMutation<AnnulerCommandeMutation, AnnulerCommandeMutationVariables>(AnnulerCommandeDocument);
  const { dispatch } = useCart();

  // The freshest of the three: the cancel's answer, the live feed, the first read.
  const c = annulerRes.data?.annulerCommande ?? sub.data?.commandeMiseAJour ?? data?.commande;
  useTitle(c ? `Commande ${c.id}` : 'Commande');

  // The cart empties once the order it became is paid.
  const statut = c?.statut;
  useEffect(() => {
    if (!statut || pendingOrder() !== id) return;
    if (statut === 'PAYEE' || statut === 'EXPEDIEE' || statut === 'LIVREE') {
      dispatch({ type: 'vider' });
      clearPendingOrder();
    } else if (statut === 'ANNULEE') {
      clearPendingOrder();
    }
  }, [statut, id, dispatch]);

  if (error && !c) {
    const ui = toUiError(error);
    return <Erreur message={ui?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  }
  if (!c) return data ? <Erreur message="Cette commande est introuvable." /> : <Chargement label="Chargement de la commande…" />;

  const refus = c.paiement?.statut === 'REFUSE' ? c.paiement.messageRefus || c.raisonAnnulation : null;
  const annErr = toUiError(annulerRes.error);

  return (
    <section className="commande" data-testid="commande" data-commande-id={c.id} data-statut={c.statut}>
      {confirmation && c.statut !== 'ANNULEE' && (
        <div className="bandeau-succes" role="status" data-testid="confirmation">
          <h1>Merci pour votre commande !</h1>
          <p>{MESSAGE_CONFIRMATION[c.statut] ?? ''}</p>
        </div>
      )}
      <header className="commande-entete">
        {confirmation && c.statut !== 'ANNULEE' ? <h2>Commande {c.id}</h2> : <h1>Commande {c.id}</h1>}
        <StatutBadge statut={c.statut} />
      </header>
      <p className="aide">
        Passée le {formatDate(c.dateCommande)}
        {sub.data && (
          <span className="en-direct" data-testid="suivi-en-direct">
            {' '}
            · suivi en direct
          </span>
        )}
      </p>

      {c.statut === 'EN_ATTENTE' && (
        <p className="alerte" role="status" aria-live="polite" data-testid="paiement-en-attente">
          <span className="spinner" aria-hidden="true" /> Paiement en cours de vérification…
        </p>
      )}
      {c.statut === 'ANNULEE' && (
        <div className="alerte alerte-erreur" role="alert" data-testid="commande-annulee">
          <p>
            <strong>Commande annulée.</strong> {refus ? <span data-testid="refus-paiement">Paiement refusé : {refus}</span> : c.raisonAnnulation}
          </p>
          {refus && (
            <p>
              Votre panier est conservé. <Link to="/commande">Réessayer avec une autre carte</Link>
            </p>
          )}
          {c.rembourse && <p>Votre paiement a été remboursé.</p>}
          {!c.rembourse && c.remboursementDemande && <p>Le remboursement est en cours.</p>}
        </div>
      )}

      <Timeline commande={c} />

      <div className="commande-grille">
        <div>
          <h2>Articles</h2>
          <ul className="commande-lignes">
            {c.lignes.map((l) => (
              <li key={l.parfumId}>
                {l.parfum?.image && <img src={l.parfum.image} alt="" width="48" height="58" />}
                <span>
                  {l.parfum ? <Link to={`/parfums/${l.parfumId}`}>{l.nom}</Link> : l.nom} × {l.quantite}
                </span>
                <span className="prix">{formatPrix(l.total)}</span>
              </li>
            ))}
          </ul>
          <p className="recap-total">
            <span>Total</span>
            <strong data-testid="commande-total">{formatPrix(c.total)}</strong>
          </p>
        </div>
        <div>
          <h2>Livraison</h2>
          <address>
            {c.adresseLivraison.nomComplet}
            <br />
            {c.adresseLivraison.ligne1}
            {c.adresseLivraison.ligne2 && (
              <>
                <br />
                {c.adresseLivraison.ligne2}
              </>
            )}
            <br />
            {c.adresseLivraison.codePostal} {c.adresseLivraison.ville} ({c.adresseLivraison.pays})
          </address>
          {c.livraison && (
            <div className="livraison" data-testid="livraison">
              <p>
                {c.livraison.transporteur} — suivi <code>{c.livraison.numeroSuivi}</code> : <strong>{STATUTS_LIVRAISON[c.livraison.statut]}</strong>
              </p>
              <ul className="suivi">
                {c.livraison.suivi.map((s, i) => (
                  <li key={i}>
                    <time dateTime={s.date}>{formatDate(s.date)}</time> — {STATUTS_LIVRAISON[s.statut]}
                    {s.lieu ? `, ${s.lieu}` : ''}
                    {s.commentaire ? ` (${s.commentaire})` : ''}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {c.incidentLivraison && <p className="alerte alerte-erreur">Incident de livraison : {c.incidentLivraison}</p>}
          {c.paiement && (
            <>
              <h2>Paiement</h2>
              <p data-testid="paiement">
                <span className="capitale">{c.paiement.marqueCarte}</span> •••• {c.paiement.derniersChiffres} — {STATUTS_PAIEMENT[c.paiement.statut]}
              </p>
            </>
          )}
        </div>
      </div>

      {annulable(c.statut) && (
        <div className="annulation">
          {!annulation ? (
            <button type="button" className="btn btn-danger" onClick={() => setAnnulation(true)} data-testid="annuler-commande">
              Annuler la commande
            </button>
          ) : (
            <form
              className="annulation-form"
              onSubmit={async (e) => {
                e.preventDefault();
                const r = await annuler({ id: c.id, raison: raison.trim() || null });
                if (r.data) setAnnulation(false);
              }}
            >
              <label htmlFor="raison">Motif (facultatif)</label>
              <input id="raison" value={raison} onChange={(e) => setRaison(e.target.value)} data-testid="annulation-raison" />
              <div className="actions">
                <button type="submit" className="btn btn-danger" disabled={annulerRes.fetching} data-testid="confirmer-annulation">
                  Confirmer l’annulation
                </button>
                <button type="button" className="btn btn-secondaire" onClick={() => setAnnulation(false)}>
                  Garder la commande
                </button>
              </div>
            </form>
          )}
          {annErr && (
            <p className="message-erreur" role="alert" data-testid="annulation-erreur">
              {annErr.message}
            </p>
          )}
        </div>
      )}
      <p>
        <Link to="/compte">← Toutes mes commandes</Link>
      </p>
    </section>
  );
}

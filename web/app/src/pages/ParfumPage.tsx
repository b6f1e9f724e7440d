import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { ParfumDocument } from '../graphql/documents';
import type { ParfumQuery, ParfumQueryVariables } from '../graphql/generated';
import { StockBadge } from '../components/StockBadge';
import { Chargement, Erreur } from '../components/States';
import { useCart } from '../lib/CartContext';
import { MAX_PAR_LIGNE } from '../lib/cart';
import { toUiError } from '../lib/errors';
import { FAMILLES, formatPrix, GENRES } from '../lib/format';
import { useReexecuteOnReconnect } from '../lib/useReexecuteOnReconnect';
import { useTitle } from '../lib/useTitle';

export default function ParfumPage() {
  const { id = '' } = useParams();
  const [{ data, error }, reexecute] = useQuery<ParfumQuery, ParfumQueryVariables>({ query: ParfumDocument, variables: { id } });
  useReexecuteOnReconnect(reexecute);
  const { lignes, dispatch } = useCart();
  const [quantite, setQuantite] = useState(1);
  const [ajoute, setAjoute] = useState(false);
  const p = data?.parfum;
  useTitle(p?.nom);

  if (error && !data) return <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  if (!data) return <Chargement />;
  if (!p)
    return (
      <div data-testid="parfum-introuvable">
        <Erreur message="Ce parfum n’existe pas ou n’est plus au catalogue." />
      </div>
    );

  const dejaDansPanier = lignes.find((l) => l.parfumId === p.id)?.quantite ?? 0;
  const max = Math.max(0, Math.min(MAX_PAR_LIGNE, p.stock) - dejaDansPanier);

  return (
    <article className="fiche" data-testid="parfum-fiche" data-parfum-id={p.id}>
      <nav aria-label="Fil d’Ariane" className="ariane">
        <Link to="/">Boutique</Link> <span aria-hidden="true">›</span> <span>{p.nom}</span>
      </nav>
      <div className="fiche-grille">
        <div className="fiche-image">
          <img src={p.image} alt={`Flacon de ${p.nom}`} width="400" height="480" />
        </div>
        <div className="fiche-infos">
          <p className="carte-marque">{p.marque}</p>
          <h1 data-testid="parfum-nom">{p.nom}</h1>
          <p className="fiche-meta">
            {FAMILLES[p.famille]} · {GENRES[p.genre]} · {p.contenanceMl} ml
          </p>
          <p className="prix prix-grand" data-testid="parfum-prix">
            {formatPrix(p.prix)}
          </p>
          <StockBadge stock={p.stock} />
          <p className="description">{p.description}</p>

          <section aria-labelledby="pyramide-titre" className="pyramide" data-testid="notes">
            <h2 id="pyramide-titre">Pyramide olfactive</h2>
            <dl>
              <div>
                <dt>Notes de tête</dt>
                <dd data-testid="notes-tete">{p.notes.tete.join(', ') || '—'}</dd>
              </div>
              <div>
                <dt>Notes de cœur</dt>
                <dd data-testid="notes-coeur">{p.notes.coeur.join(', ') || '—'}</dd>
              </div>
              <div>
                <dt>Notes de fond</dt>
                <dd data-testid="notes-fond">{p.notes.fond.join(', ') || '—'}</dd>
              </div>
            </dl>
          </section>

          {p.stock <= 0 ? (
            <p className="alerte" role="status" data-testid="rupture">
              Ce parfum est en rupture de stock. Revenez bientôt !
            </p>
          ) : max <= 0 ? (
            <p className="alerte" role="status" data-testid="quantite-max">
              Vous avez déjà la quantité maximale de ce parfum dans votre panier.
            </p>
          ) : (
            <form
              className="ajout-panier"
              onSubmit={(e) => {
                e.preventDefault();
                dispatch({
                  type: 'ajouter',
                  ligne: { parfumId: p.id, nom: p.nom, marque: p.marque, prix: p.prix, image: p.image, stock: p.stock },
                  quantite: Math.min(quantite, max),
                });
                setQuantite(1);
                setAjoute(true);
              }}
            >
              <label htmlFor="quantite">Quantité</label>
              <select id="quantite" value={Math.min(quantite, max)} onChange={(e) => setQuantite(Number(e.target.value))} data-testid="quantite">
                {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
              <button type="submit" className="btn btn-principal" data-testid="ajouter-panier">
                Ajouter au panier
              </button>
            </form>
          )}
          {ajoute && (
            <p className="succes" role="status" data-testid="ajoute-confirmation">
              Ajouté au panier. <Link to="/panier">Voir le panier</Link>
            </p>
          )}
        </div>
      </div>
    </article>
  );
}

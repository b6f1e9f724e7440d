import { Link, useNavigate } from 'react-router-dom';
import { Vide } from '../components/States';
import { useCart } from '../lib/CartContext';
import { cartTotalCentimes, MAX_PAR_LIGNE } from '../lib/cart';
import { formatPrix } from '../lib/format';
import { useTitle } from '../lib/useTitle';

export default function Panier() {
  useTitle('Panier');
  const { lignes, dispatch } = useCart();
  const navigate = useNavigate();
  if (lignes.length === 0)
    return (
      <section>
        <h1>Votre panier</h1>
        <Vide titre="Votre panier est vide.">
          <Link to="/" className="btn">
            Découvrir nos parfums
          </Link>
        </Vide>
      </section>
    );
  const total = cartTotalCentimes(lignes) / 100;
  return (
    <section className="panier" data-testid="panier">
      <h1>Votre panier</h1>
      <ul className="panier-lignes">
        {lignes.map((l) => (
          <li key={l.parfumId} className="panier-ligne" data-testid="panier-ligne" data-parfum-id={l.parfumId}>
            <img src={l.image} alt="" width="64" height="77" />
            <div className="panier-nom">
              <Link to={`/parfums/${l.parfumId}`}>{l.nom}</Link>
              <small>{l.marque}</small>
              <small>{formatPrix(l.prix)} l’unité</small>
            </div>
            <label className="sr-only" htmlFor={`q-${l.parfumId}`}>
              Quantité de {l.nom}
            </label>
            <select
              id={`q-${l.parfumId}`}
              value={l.quantite}
              onChange={(e) => dispatch({ type: 'quantite', parfumId: l.parfumId, quantite: Number(e.target.value) })}
              data-testid="panier-quantite"
            >
              {Array.from({ length: Math.max(l.quantite, Math.min(MAX_PAR_LIGNE, l.stock)) }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <span className="prix" data-testid="panier-ligne-total">
              {formatPrix((Math.round(l.prix * 100) * l.quantite) / 100)}
            </span>
            <button type="button" className="lien-bouton" onClick={() => dispatch({ type: 'retirer', parfumId: l.parfumId })} data-testid="panier-retirer" aria-label={`Retirer ${l.nom} du panier`}>
              Retirer
            </button>
          </li>
        ))}
      </ul>
      <div className="panier-total">
        <p>
          Total : <strong data-testid="panier-total">{formatPrix(total)}</strong>
        </p>
        <p className="aide">Livraison offerte. Paiement sécurisé.</p>
        <div className="actions">
          <Link to="/" className="btn btn-secondaire">
            Continuer mes achats
          </Link>
          <button type="button" className="btn btn-principal" onClick={() => navigate('/commande')} data-testid="commander">
            Passer la commande
          </button>
        </div>
      </div>
    </section>
  );
}

import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../lib/AuthContext';
import { useCart } from '../lib/CartContext';
import { cartCount } from '../lib/cart';
import { ConnexionBandeau } from './ConnexionBandeau';

export function Layout() {
  const { session, deconnecter } = useAuth();
  const { lignes } = useCart();
  const navigate = useNavigate();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const n = cartCount(lignes);

  // Move focus to the new page's content so keyboard and screen-reader users start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <>
      <a href="#contenu" className="lien-evitement">
        Aller au contenu
      </a>
      <header className="entete">
        <div className="entete-inner">
          <Link to="/" className="logo" data-testid="logo">
            <svg width="22" height="28" viewBox="0 0 22 28" aria-hidden="true">
              <rect x="2" y="8" width="18" height="19" rx="4" fill="currentColor" />
              <rect x="7" y="1" width="8" height="7" rx="1" fill="#c9a24a" />
            </svg>
            Parfumerie
          </Link>
          <nav aria-label="Navigation principale" className="nav">
            <NavLink to="/" end>
              Boutique
            </NavLink>
            {session?.compte.role === 'ADMIN' && (
              <NavLink to="/admin" data-testid="nav-admin">
                Back-office
              </NavLink>
            )}
            {session ? (
              <>
                <NavLink to="/compte" data-testid="nav-compte">
                  Mon compte
                </NavLink>
                <button
                  type="button"
                  className="lien-bouton"
                  data-testid="deconnexion"
                  onClick={() => {
                    deconnecter();
                    navigate('/');
                  }}
                >
                  Déconnexion
                </button>
              </>
            ) : (
              <NavLink to="/connexion" data-testid="nav-connexion">
                Connexion
              </NavLink>
            )}
            <NavLink to="/panier" className="nav-panier" data-testid="nav-panier" aria-label={`Panier, ${n} article${n > 1 ? 's' : ''}`}>
              <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
                <path d="M6 7h12l-1 13H7L6 7Zm3 0a3 3 0 0 1 6 0" fill="none" stroke="currentColor" strokeWidth="2" />
              </svg>
              Panier
              <span className="compteur" data-testid="panier-compteur">
                {n}
              </span>
            </NavLink>
          </nav>
        </div>
      </header>
      <ConnexionBandeau />
      <main id="contenu" ref={mainRef} tabIndex={-1} className="contenu">
        <Outlet />
      </main>
      <footer className="pied">
        <p>Parfumerie — livraison offerte dès 80 €, retours sous 30 jours.</p>
      </footer>
    </>
  );
}

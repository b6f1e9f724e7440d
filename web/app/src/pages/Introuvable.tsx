import { Link } from 'react-router-dom';
import { useTitle } from '../lib/useTitle';

export default function Introuvable() {
  useTitle('Page introuvable');
  return (
    <section className="etat" data-testid="page-introuvable">
      <h1>Page introuvable</h1>
      <p>Cette page n’existe pas ou plus.</p>
      <Link to="/" className="btn">
        Retour à la boutique
      </Link>
    </section>
  );
}

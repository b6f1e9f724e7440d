import { Link } from 'react-router-dom';
import type { ParfumCarteFieldsFragment } from '../graphql/generated';
import { formatPrix } from '../lib/format';
import { StockBadge } from './StockBadge';

export function ParfumCard({ p }: { p: ParfumCarteFieldsFragment }) {
  return (
    <li className="carte-parfum" data-testid="parfum-carte" data-parfum-id={p.id}>
      <Link to={`/parfums/${p.id}`} className="carte-lien">
        <div className="carte-image">
          <img src={p.image} alt="" loading="lazy" width="200" height="240" />
        </div>
        <div className="carte-corps">
          <p className="carte-marque" data-testid="parfum-marque">
            {p.marque}
          </p>
          <h2 className="carte-nom" data-testid="parfum-nom">
            {p.nom}
          </h2>
          <p className="carte-bas">
            <span className="prix" data-testid="parfum-prix">
              {formatPrix(p.prix)}
            </span>
            <StockBadge stock={p.stock} />
          </p>
        </div>
      </Link>
    </li>
  );
}

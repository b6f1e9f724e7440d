import type { StatutCommande } from '../graphql/generated';
import { STATUTS_COMMANDE } from '../lib/format';

export function StatutBadge({ statut }: { statut: StatutCommande }) {
  return (
    <span className={`badge badge-${statut.toLowerCase()}`} data-testid="statut-commande" data-statut={statut}>
      {STATUTS_COMMANDE[statut]}
    </span>
  );
}

import type { CommandeFieldsFragment, StatutCommande } from '../graphql/generated';
import { formatDate, STATUTS_COMMANDE } from '../lib/format';

const ETAPES: StatutCommande[] = ['EN_ATTENTE', 'PAYEE', 'EXPEDIEE', 'LIVREE'];

/** The order's steps, with the date each was reached (from historique), or its cancellation. */
export function Timeline({ commande }: { commande: Pick<CommandeFieldsFragment, 'statut' | 'historique' | 'raisonAnnulation'> }) {
  const atteint = new Map(commande.historique.map((h) => [h.statut, h]));
  const annulee = commande.statut === 'ANNULEE';
  const courant = ETAPES.indexOf(commande.statut);
  const etapes: StatutCommande[] = annulee ? [...ETAPES.filter((s) => atteint.has(s)), 'ANNULEE'] : ETAPES;
  return (
    <ol className="timeline" data-testid="timeline" aria-label="Suivi de la commande">
      {etapes.map((s, i) => {
        const h = atteint.get(s);
        const fait = annulee ? true : i <= courant;
        const actuel = s === commande.statut;
        return (
          <li
            key={s}
            className={`etape${fait ? ' etape-faite' : ''}${actuel ? ' etape-actuelle' : ''}${s === 'ANNULEE' ? ' etape-annulee' : ''}`}
            aria-current={actuel ? 'step' : undefined}
            data-testid="timeline-etape"
            data-statut={s}
          >
            <span className="etape-point" aria-hidden="true" />
            <span className="etape-nom">{STATUTS_COMMANDE[s]}</span>
            {h && <time dateTime={h.date}>{formatDate(h.date)}</time>}
            {s === 'ANNULEE' && (commande.raisonAnnulation || h?.raison) && (
              <span className="etape-raison" data-testid="raison-annulation">
                {commande.raisonAnnulation || h?.raison}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
